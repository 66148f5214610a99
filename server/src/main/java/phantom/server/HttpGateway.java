package phantom.server;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import phantom.api.ApiEndpoint;
import phantom.api.ApiError;
import phantom.api.ApiResponse;
import phantom.api.auth.HttpRequestView;

/** Adapts Jetty to the transport-independent {@link ApiEndpoint}: raw body in, XML out, with AWS's headers. */
final class HttpGateway extends Handler.Abstract {
    /** Oversized bodies up to this size are read and dropped before the 413; larger ones are not read. */
    private static final long DRAIN_LIMIT = 16L << 20;
    private final ApiEndpoint endpoint;

    HttpGateway(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Reads and drops the rest of an oversized body, up to {@link #DRAIN_LIMIT}, so a client still
     * sending it gets the 413 rather than a reset connection.
     */
    private static void drain(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[8192];
        long left = DRAIN_LIMIT;
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) left -= n;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ApiResponse r;
        long declared = request.getLength();
        byte[] body = null;
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared <= DRAIN_LIMIT) {
                body = in.readNBytes(ApiEndpoint.MAX_BODY_BYTES + 1);
                if (body.length > ApiEndpoint.MAX_BODY_BYTES) drain(in);
            }
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
        response.setStatus(r.status());
        response.getHeaders().put("x-amzn-RequestId", r.requestId());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.CONTENT_TYPE);
        if (r.status() == 413) response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(r.body()), callback);
        return true;
    }
}
