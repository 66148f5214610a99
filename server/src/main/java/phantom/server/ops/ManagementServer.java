package phantom.server.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.reconcile.Reconciler;
import phantom.server.ConfigLoader;
import phantom.server.PhantomConfig;
import phantom.store.Database;

/**
 * The management listener ({@code management.listen}, default 127.0.0.1:8446): {@code /metrics} in
 * the Prometheus text format, {@code /healthz} (the process answers) and {@code /readyz} (the
 * database answers and the reconciler's resync is recent: 200, else 503 with the reason). A Jetty
 * server of its own, with a few threads, apart from the API's: the API listener never serves these,
 * and a flood of API requests cannot starve a scrape or a probe. Plain HTTP without
 * authentication, like every Prometheus exporter: keep it on loopback or a private network.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    /** How long /readyz waits for the database before it says it did not answer. */
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);

    private final Server jetty;
    private final ServerConnector connector;
    private final ExecutorService checks = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("management-check-", 0).factory());

    /**
     * @param databaseCheck runs a cheap query; throws when the database cannot be reached
     * @param readiness judges readiness from the database check's outcome
     */
    private ManagementServer(String host, int port, PrometheusMeterRegistry registry, Runnable databaseCheck,
            java.util.function.Function<Optional<String>, Readiness> readiness) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("phantom-management");
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                    return answer(response, callback, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                }
                return switch (path == null ? "" : path) {
                    case "/metrics" -> answer(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                            registry.scrape());
                    case "/healthz" -> answer(response, callback, 200, "text/plain; charset=utf-8", "ok\n");
                    case "/readyz" -> {
                        Readiness r = readiness.apply(check(databaseCheck));
                        yield r.ready() ? answer(response, callback, 200, "text/plain; charset=utf-8", "ready\n")
                                : answer(response, callback, 503, "text/plain; charset=utf-8", "not ready: " + r.reason() + "\n");
                    }
                    default -> answer(response, callback, 404, "text/plain; charset=utf-8",
                            "not found: this listener serves /metrics, /healthz and /readyz\n");
                };
            }
        });
        jetty.setStopTimeout(1_000);
    }

    /**
     * Starts the management listener unless {@code management.listen} is {@code none} (then null):
     * ready per {@link Readiness} from a cheap query and the reconciler's resync age. A configured
     * address that cannot be bound stops the start ({@link ConfigLoader.ConfigException}); the
     * default one, when taken (a second Phantom on the machine), is warned about and null returned.
     */
    public static ManagementServer start(PhantomConfig.Operations ops, PrometheusMeterRegistry registry, Database db,
            Reconciler reconciler) throws Exception {
        if (ops.managementHost() == null) return null;
        Runnable databaseCheck = () -> db.read(tx -> tx.users().byName(""));
        java.util.function.Function<Optional<String>, Readiness> readiness = problem -> Readiness.judge(problem,
                reconciler.metrics().resyncAge(), reconciler.resyncInterval(), reconciler.metrics().resyncRan());
        try {
            ManagementServer m = start(ops.managementHost(), ops.managementPort(), registry, databaseCheck, readiness);
            log.info("management on {}: /metrics, /healthz, /readyz", m.endpoint());
            return m;
        } catch (java.io.IOException e) {
            if (ops.managementGiven()) throw new ConfigLoader.ConfigException(e.getMessage());
            log.warn("{}; running without it (another Phantom on this machine has it?)", e.getMessage());
            return null;
        }
    }

    /** Starts serving; throws when the address cannot be bound. */
    static ManagementServer start(String host, int port, PrometheusMeterRegistry registry, Runnable databaseCheck,
            java.util.function.Function<Optional<String>, Readiness> readiness) throws Exception {
        ManagementServer m = new ManagementServer(host, port, registry, databaseCheck, readiness);
        try {
            m.jetty.start();
        } catch (Exception e) {
            m.close();
            throw new java.io.IOException("cannot listen on " + host + ":" + port + " for management (/metrics, /healthz,"
                    + " /readyz): " + e.getMessage() + "; choose another address with management.listen or"
                    + " --management-listen HOST:PORT, or turn it off with 'none'", e);
        }
        return m;
    }

    /** The database check's outcome within {@link #DATABASE_TIMEOUT}: empty when it answered, else why not. */
    private Optional<String> check(Runnable databaseCheck) {
        Future<?> f = checks.submit(databaseCheck);
        try {
            f.get(DATABASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            f.cancel(true);
            return Optional.of("no answer within " + DATABASE_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static boolean answer(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI endpoint() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        checks.shutdownNow();
    }
}
