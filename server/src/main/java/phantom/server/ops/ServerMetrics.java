package phantom.server.ops;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The one registry every part of the server records into, published at {@code /metrics}: the
 * engine's and the API's own metrics (docs/operations.md lists them), the JVM's (memory, GC,
 * threads, classes, CPU, uptime, file descriptors) and the API listener's Jetty (its thread pool,
 * connections and requests).
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The API's handler, timed per request ({@code http_server_requests_seconds}). */
    public Handler timed(Handler api) {
        TimedHandler timed = new TimedHandler(registry, Tags.of("listener", "api"));
        timed.setHandler(api);
        return timed;
    }

    /** Binds the API server's thread pool and connection metrics (call before it starts). */
    public void bindJetty(Server api) {
        new JettyServerThreadPoolMetrics(api.getThreadPool(), Tags.of("listener", "api")).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(api, registry, Tags.of("listener", "api"));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
