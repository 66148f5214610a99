package phantom.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP relay in front of moto that answers {@code RunInstances} and {@code TerminateInstances}
 * only after a set delay, as a real cloud takes its time: moto answers in milliseconds, so without
 * it a scale-up is over before a test can kill the node doing it. Every other request (listings,
 * tags) passes at once. The delay is the cloud's latency, not a wait for a condition: the node's
 * call is in flight meanwhile, exactly what a kill "mid scale-up" must interrupt.
 */
final class SlowEc2 implements AutoCloseable {
    /** Headers the JDK's client sets itself (it refuses them) or that describe the relayed connection. */
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI moto;
    private final Duration delay;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> onTokenLookup = new java.util.concurrent.atomic.AtomicReference<>();

    SlowEc2(URI moto, Duration delay) throws IOException {
        this.moto = moto;
        this.delay = delay;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    /**
     * Runs {@code hook} once, on the next DescribeInstances filtered by tag phantom:token (the EC2
     * driver's look-up of a launch token, made just before its RunInstances), before that request
     * goes on to moto: the caller is then inside its launch call, past any check made before it.
     */
    void onNextTokenLookup(Runnable hook) {
        onTokenLookup.set(hook);
    }

    /** The endpoint the nodes' ec2 site uses. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void relay(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.contains("Action=RunInstances") || text.contains("Action=TerminateInstances")) {
                Thread.sleep(delay);
            }
            if (text.contains("Action=DescribeInstances")
                    && java.net.URLDecoder.decode(text, StandardCharsets.UTF_8).contains("Name=tag:phantom:token")) {
                Runnable hook = onTokenLookup.getAndSet(null);
                if (hook != null) hook.run();
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(moto.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (HOP.contains(h.getKey().toLowerCase())) continue;
                for (String v : h.getValue()) req.header(h.getKey(), v);
            }
            HttpResponse<byte[]> res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            res.headers().map().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) ex.getResponseHeaders().put(k, vs);
            });
            byte[] out = res.body();
            ex.sendResponseHeaders(res.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }
}
