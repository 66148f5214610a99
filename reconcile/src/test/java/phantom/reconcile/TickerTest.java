package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic engine job survives anything it throws, and says so in the log and the metrics. */
class TickerTest {
    @Test
    void a_job_that_throws_errors_keeps_running_and_each_failure_is_logged_and_counted() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        Ticker t = new Ticker("resync", Duration.ofMillis(10), metrics, () -> {
            switch (runs.incrementAndGet()) {
                case 1 -> throw new StackOverflowError("deep");
                case 2 -> throw new NoClassDefFoundError("software/amazon/Missing");
                default -> third.countDown();
            }
        });
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            scheduler.scheduleWithFixedDelay(t, 0, 10, TimeUnit.MILLISECONDS);
            assertThat(third.await(10, TimeUnit.SECONDS)).as("the job ran again after two Errors").isTrue();
        } finally {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            System.setErr(err);
        }

        assertThat(metrics.get(Ticker.FAILURES).tag("ticker", "resync").counter().count()).isEqualTo(2.0);
        assertThat(metrics.get(Ticker.RUNS).tag("ticker", "resync").counter().count()).isGreaterThanOrEqualTo(3.0);
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("resync failed (1 failures so far); it runs again in 10 ms")
                .contains("java.lang.StackOverflowError: deep")
                .contains("resync failed (2 failures so far)")
                .contains("java.lang.NoClassDefFoundError: software/amazon/Missing");
    }

    @Test
    void an_interrupted_job_is_not_a_failure() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Ticker t = new Ticker("orphan sweep", Duration.ofSeconds(10), metrics, () -> {
            throw new InterruptedException("closing");
        });
        t.run();
        assertThat(Thread.interrupted()).as("the interrupt is kept for the thread's owner").isTrue();
        assertThat(metrics.get(Ticker.FAILURES).tag("ticker", "orphan sweep").counter().count()).isZero();
        assertThat(metrics.get(Ticker.RUNS).tag("ticker", "orphan sweep").counter().count()).isEqualTo(1.0);
    }
}
