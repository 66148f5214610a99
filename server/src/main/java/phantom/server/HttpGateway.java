package phantom.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import phantom.api.ApiEndpoint;
import phantom.api.ApiError;
import phantom.api.ApiResponse;
import phantom.api.auth.HttpRequestView;

/**
 * Adapts Jetty to the transport-independent {@link ApiEndpoint}: raw body in, XML out, with AWS's
 * headers. A request's body must have arrived within the body deadline of {@link PhantomConfig.Http}
 * from the request's first byte: the connection's idle timeout is shortened to what is left of the
 * deadline before each read, so a client that trickles or stalls its body is answered 408
 * {@code RequestTimeout} when the deadline passes, however slowly it sends. Headers still arriving
 * are bounded by the idle timeout between bytes and Jetty's header size limit; they hold no thread
 * (only a handled request does). A body that cannot be read for another reason (a broken chunked
 * encoding, a connection cut short) is answered 400 and the connection closed.
 */
final class HttpGateway extends Handler.Abstract {
    /** Oversized bodies up to this size are read and dropped before the 413; larger ones are not read. */
    private static final long DRAIN_LIMIT = 16L << 20;
    private final ApiEndpoint endpoint;
    /** The web console under /console/ (docs/console.md); every other path is the API. */
    private final phantom.server.console.Console console;
    private final long bodyTimeoutNanos;
    private final long idleTimeoutMillis;

    HttpGateway(ApiEndpoint endpoint, phantom.server.console.Console console, PhantomConfig.Http http) {
        this.endpoint = endpoint;
        this.console = console;
        this.bodyTimeoutNanos = Math.round(http.bodyTimeoutSeconds() * 1e9);
        this.idleTimeoutMillis = Math.round(http.idleTimeoutSeconds() * 1e3);
    }

    /** The request's body did not arrive by the deadline. */
    private static final class TooSlow extends Exception {
        TooSlow() {
            super(null, null, false, false);
        }
    }

    /** The request's body could not be read for another reason than time (its framing is broken). */
    private static final class Unreadable extends Exception {
        Unreadable(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause, false, false);
        }
    }

    /**
     * The body, at most {@link ApiEndpoint#MAX_BODY_BYTES} + 1 bytes of it (more means too large;
     * the rest, up to {@link #DRAIN_LIMIT}, is read and dropped so the client still sending it gets
     * the 413 rather than a reset connection), or null when the declared length is beyond even that.
     */
    private byte[] body(Request request) throws TooSlow, Unreadable {
        long declared = request.getLength();
        if (declared > DRAIN_LIMIT) return null;
        long deadline = request.getBeginNanoTime() + bodyTimeoutNanos;
        EndPoint connection = request.getConnectionMetaData().getConnection().getEndPoint();
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            while (total <= DRAIN_LIMIT) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new TooSlow();
                connection.setIdleTimeout(Math.max(1, Math.min(idleTimeoutMillis, TimeUnit.NANOSECONDS.toMillis(left))));
                int n = in.read(buffer);
                if (n < 0) break;
                int keep = (int) Math.max(0, Math.min(n, ApiEndpoint.MAX_BODY_BYTES + 1L - kept.size()));
                kept.write(buffer, 0, keep);
                total += n;
            }
        } catch (IOException e) {
            // the connection's idle timeout (what was left of the deadline, or the idle timeout) is a time-out;
            // anything else (bad chunk framing, a body shorter than declared) is the request's fault
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) throw new TooSlow();
            }
            if (System.nanoTime() - deadline >= 0) throw new TooSlow();
            throw new Unreadable(e);
        } finally {
            connection.setIdleTimeout(idleTimeoutMillis);
        }
        return kept.toByteArray();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (phantom.server.console.Console.owns(request.getHttpURI().getPath())) return console.handle(request, response, callback);
        ApiResponse r;
        byte[] body;
        try {
            body = body(request);
        } catch (TooSlow e) {
            r = ApiEndpoint.error(new ApiError("RequestTimeout", 408, "The request did not arrive within "
                    + TimeUnit.NANOSECONDS.toMillis(bodyTimeoutNanos) / 1000.0 + " seconds of its first byte."));
            return answer(r, response, callback);
        } catch (Unreadable e) {
            r = ApiEndpoint.error(new ApiError("InvalidQueryParameter", 400, "The request body could not be read: "
                    + e.getMessage().replaceAll("[^\\x20-\\x7e]", "?")));
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return answer(r, response, callback);
        }
        if (body == null || body.length > ApiEndpoint.MAX_BODY_BYTES) {
            r = ApiEndpoint.error(ApiError.tooLarge(ApiEndpoint.MAX_BODY_BYTES));
        } else {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
            }
            r = endpoint.handle(new HttpRequestView(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHttpURI().getQuery(), headers, body));
        }
        return answer(r, response, callback);
    }

    private static boolean answer(ApiResponse r, Response response, Callback callback) {
        response.setStatus(r.status());
        response.getHeaders().put("x-amzn-RequestId", r.requestId());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.CONTENT_TYPE);
        if (r.status() == 413 || r.status() == 408) response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, r.body(), callback);
        return true;
    }
}
