package phantom.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the reconciler's periodic jobs (the resync of every group, the orphan sweep). A run that
 * throws anything, an {@link Error} included, is logged with its stack trace and counted, and the
 * job runs again at its next tick: a scheduled executor cancels a periodic task for good when it
 * throws, so every scheduled job goes through here.
 *
 * <p>Metrics, tagged {@code ticker=<name>}: {@value #RUNS} counts runs (a job that stopped
 * running shows as a flat line) and {@value #FAILURES} counts the runs that threw.
 */
final class Ticker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Ticker.class);
    static final String RUNS = "phantom.engine.ticker.runs";
    static final String FAILURES = "phantom.engine.ticker.failures";

    /** The job's work. */
    interface Job {
        void run() throws Exception;
    }

    private final String name;
    private final Duration period;
    private final Job job;
    private final Counter runs;
    private final Counter failures;

    Ticker(String name, Duration period, MeterRegistry registry, Job job) {
        this.name = name;
        this.period = period;
        this.job = job;
        this.runs = Counter.builder(RUNS).tag("ticker", name).description("runs of a periodic engine job")
                .register(registry);
        this.failures = Counter.builder(FAILURES).tag("ticker", name)
                .description("runs of a periodic engine job that threw").register(registry);
    }

    @Override
    public void run() {
        runs.increment();
        try {
            job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the reconciler is closing
        } catch (Throwable t) {
            failures.increment();
            log.error("{} failed ({} failures so far); it runs again in {}", name, (long) failures.count(),
                    SiteLanes.text(period), t);
        }
    }
}
