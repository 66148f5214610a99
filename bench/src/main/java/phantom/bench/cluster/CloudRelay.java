package phantom.bench.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP relay in front of moto that gives the calls which start and stop VMs a cloud's latency:
 * {@code RunInstances} and {@code TerminateInstances} wait {@code latency} before they are passed on,
 * every other call passes at once. moto answers in milliseconds, so without it a scale-up would end
 * before a node could be stopped in the middle of it. A call is passed on even when its caller has
 * gone meanwhile (a cloud that received a request acts on it). Counts the calls of each action it
 * has answered, and lets the benchmark wait for a count.
 */
final class CloudRelay implements AutoCloseable {
    static final Set<String> DELAYED = Set.of("RunInstances", "TerminateInstances");
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private final URI target;
    private final Duration latency;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Map<String, Integer> answered = new HashMap<>();

    private CloudRelay(URI target, Duration latency) throws IOException {
        this.target = target;
        this.latency = latency;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    /** A relay on a free loopback port that passes every call on to {@code target}. */
    static CloudRelay start(URI target, Duration latency) throws IOException {
        return new CloudRelay(target, latency);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many calls of {@code action} have been answered so far. */
    synchronized int answered(String action) {
        return answered.getOrDefault(action, 0);
    }

    /**
     * Waits until {@code count} calls of {@code action} have been answered in all.
     *
     * @return false if that did not happen within {@code timeout}
     */
    synchronized boolean awaitAnswered(String action, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered(action) < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String action = action(exchange.getRequestURI().getRawQuery(), body);
            if (DELAYED.contains(action)) {
                Thread.sleep(latency); // the cloud's latency this relay stands for
            }
            HttpRequest.Builder out = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> out.header(name, v));
            });
            HttpResponse<byte[]> in = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            synchronized (this) { // counted once the cloud has acted, whether or not the caller is still there
                answered.merge(action, 1, Integer::sum);
                notifyAll();
            }
            in.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, new ArrayList<>(values));
                }
            });
            byte[] answer = in.body();
            exchange.sendResponseHeaders(in.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller went away (a node killed mid-call) or moto did: the caller sees the broken connection
        }
    }

    /** The query API's {@code Action} parameter, from the query string or the form body; "" if none. */
    static String action(String rawQuery, byte[] body) {
        List<String> parts = new ArrayList<>();
        if (rawQuery != null) parts.addAll(List.of(rawQuery.split("&")));
        parts.addAll(List.of(new String(body, StandardCharsets.UTF_8).split("&")));
        for (String p : parts) {
            if (p.startsWith("Action=")) return URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8);
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }
}
