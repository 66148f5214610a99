package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/** Stopping: no new cloud call, a bounded wait for those in flight, and a restart that finishes the work. */
class StopTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
        w.launchConfiguration("web", "ami-good");
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void stopping_starts_no_new_launch_waits_for_those_in_flight_and_a_restart_finishes_without_duplicates()
            throws Exception {
        w.site("hotel", "api_latency_ms", 400);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        Group g = w.group("g", "hotel:-1", 6);
        ReconcilerSettings two = new ReconcilerSettings(Duration.ofMinutes(1), Duration.ofSeconds(300), 2,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        Reconciler r = w.reconciler(Map.of("hotel", hotel), two);
        r.start();
        eventually("two launches are in flight (the lane holds two)", () -> hotel.launches.get() == 2);
        assertThat(r.callsInFlight()).isEqualTo("2 launches on hotel");

        long start = System.nanoTime();
        r.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(took).as("waited for the two calls in flight, well within the 5 s bound").isLessThan(4_000);
        assertThat(hotel.launches.get()).as("no launch was started after the stop").isEqualTo(2);
        assertThat(w.vms("hotel")).hasSize(2);
        assertThat(w.instances(g)).hasSize(6);
        assertThat(w.instances(g)).filteredOn(i -> i.cloudId() != null).hasSize(2)
                .allSatisfy(i -> assertThat(i.state().live()).isTrue());
        assertThat(w.instances(g)).filteredOn(i -> i.cloudId() == null).hasSize(4)
                .allSatisfy(i -> assertThat(i.state()).as("intent kept for the next start").isEqualTo(InstanceState.REQUESTED));

        Reconciler again = w.reconciler(Map.of("hotel", w.drivers.get("hotel")), two);
        again.start();
        eventually("the restarted engine reaches the desired count", () -> w.running(g) == 6);
        assertThat(w.vms("hotel")).as("no duplicate VM").hasSize(6);
        assertThat(w.instances(g)).filteredOn(Instance::live).hasSize(6);
    }

    @Test
    void stopping_cuts_calls_short_at_the_bound_and_keeps_their_intents() throws Exception {
        w.site("hotel");
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.hangLaunches = true;
        Group g = w.group("g", "hotel:-1", 3);
        Reconciler r = w.reconciler(Map.of("hotel", hotel), new ReconcilerSettings(Duration.ofMinutes(1),
                Duration.ofSeconds(300), 10, Duration.ofSeconds(20), Duration.ofMillis(500)));
        r.start();
        eventually("the three launches hang", () -> hotel.hung.get() == 3);
        assertThat(r.callsInFlight()).isEqualTo("3 launches on hotel");

        long start = System.nanoTime();
        r.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(took).as("the 500 ms bound, not the 20 s call timeout or the 30 s hang").isBetween(400L, 3_000L);
        assertThat(w.instances(g)).hasSize(3)
                .allSatisfy(i -> assertThat(i.state()).as("cut short: intent kept").isEqualTo(InstanceState.REQUESTED));
        assertThat(w.vms("hotel")).isEmpty();
    }

    @Test
    void a_resync_that_throws_an_error_is_logged_and_counted_and_runs_again() throws Exception {
        w.site("hotel");
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.capabilities = new Capabilities(true, java.util.List.of("key"));
        w.group("g", "hotel:-1", 0);
        AtomicInteger asked = new AtomicInteger();
        CredentialSource broken = (owner, site) -> {
            asked.incrementAndGet();
            throw new ExceptionInInitializerError("credential vault class failed to load");
        };
        Reconciler r = w.reconciler(Map.of("hotel", hotel), new ReconcilerSettings(Duration.ofMillis(100),
                Duration.ofSeconds(300), 10, Duration.ofSeconds(5)), broken);
        r.start();
        // The resync asks for every owner's credentials (to know which accounts to watch): it fails.
        eventually("the resync failed three times and was run again each time",
                () -> w.metrics.find(Ticker.FAILURES).tag("ticker", "resync").counter() != null
                        && w.metrics.get(Ticker.FAILURES).tag("ticker", "resync").counter().count() >= 3);
        eventually("the orphan sweep ran meanwhile",
                () -> w.metrics.find(Ticker.RUNS).tag("ticker", "orphan sweep").counter() != null
                        && w.metrics.get(Ticker.RUNS).tag("ticker", "orphan sweep").counter().count() >= 3);
        r.close();
        assertThat(w.metrics.get(Ticker.RUNS).tag("ticker", "resync").counter().count()).isGreaterThanOrEqualTo(3);
        assertThat(asked).as("the failing source was asked").hasPositiveValue();
        assertThat(w.metrics.get(Ticker.FAILURES).tag("ticker", "orphan sweep").counter().count()).isZero();
    }
}
