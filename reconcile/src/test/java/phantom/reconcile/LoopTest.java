package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.FaultClass;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/** The loop: parallel launches bounded per site, per-group exclusion, survival of bad drivers, start and close. */
class LoopTest {
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

    private static ReconcilerSettings settings(int parallelism, Duration callTimeout, Duration resync) {
        return new ReconcilerSettings(resync, Duration.ofSeconds(300), parallelism, callTimeout);
    }

    /** Waits (polling) until the condition holds; fails after 10 s. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void the_launches_of_a_pass_run_in_parallel_up_to_the_site_bound() {
        w.site("hotel", "api_latency_ms", 20);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.gate = 6;
        Group g = w.group("g", "hotel:-1", 6);

        PassResult r = w.reconciler(Map.of("hotel", hotel), settings(10, Duration.ofSeconds(10), Duration.ofMinutes(1)))
                .reconcileNow(g.id());

        assertThat(r.launched()).isEqualTo(6);
        assertThat(hotel.maxLaunching.get()).as("all six launches in flight together").isEqualTo(6);
    }

    @Test
    void the_site_bound_holds_across_groups() throws Exception {
        w.site("hotel", "api_latency_ms", 20);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.gate = 3;
        Group a = w.group("a", "hotel:-1", 5);
        Group b = w.group("b", "hotel:-1", 5);
        Reconciler r = w.reconciler(Map.of("hotel", hotel), settings(3, Duration.ofSeconds(10), Duration.ofMinutes(1)));

        CompletableFuture<PassResult> pa = CompletableFuture.supplyAsync(() -> r.reconcileNow(a.id()));
        CompletableFuture<PassResult> pb = CompletableFuture.supplyAsync(() -> r.reconcileNow(b.id()));

        assertThat(pa.get(20, TimeUnit.SECONDS).launched() + pb.get(20, TimeUnit.SECONDS).launched()).isEqualTo(10);
        assertThat(hotel.maxLaunching.get()).as("never more than 3 calls on hotel").isEqualTo(3);
        assertThat(w.vms("hotel")).hasSize(10);
    }

    @Test
    void a_group_is_never_in_two_passes_at_once() throws Exception {
        w.site("hotel", "api_latency_ms", 5);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        List<Group> groups = new ArrayList<>();
        for (String owner : List.of("alice", "bob", "carol")) {
            if (!owner.equals(World.OWNER)) w.launchConfiguration(owner, "web", "ami-good");
            groups.add(w.group(owner, "g", "hotel:-1", 2));
        }
        // A pass asks for its owner's credentials (one group per owner): two passes of one group at once
        // would be two calls for one owner at once. The resync asks too, on the scheduler's thread: not counted.
        Map<String, java.util.concurrent.atomic.AtomicInteger> inside = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> most = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        CredentialSource probe = (owner, site) -> {
            if (Thread.currentThread().getName().startsWith("reconcile-scheduler")) return CloudCredentials.NONE;
            asked.incrementAndGet();
            var n = inside.computeIfAbsent(owner, o -> new java.util.concurrent.atomic.AtomicInteger());
            most.merge(owner, n.incrementAndGet(), Math::max);
            Thread.yield();
            n.decrementAndGet();
            return CloudCredentials.NONE;
        };
        Reconciler r = w.reconciler(Map.of("hotel", hotel), settings(10, Duration.ofSeconds(10), Duration.ofMillis(50)), probe);
        r.start();

        List<CompletableFuture<Void>> hammers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            hammers.add(CompletableFuture.runAsync(() -> {
                for (int k = 0; k < 200; k++) {
                    Group g = groups.get(ThreadLocalRandom.current().nextInt(groups.size()));
                    if (k % 20 == 0) r.reconcileNow(g.id());
                    else r.enqueue(g.id());
                    Thread.yield();
                }
            }));
        }
        for (CompletableFuture<Void> h : hammers) h.get(30, TimeUnit.SECONDS);
        eventually("every group is at its desired count",
                () -> groups.stream().allMatch(g -> w.running(g) == 2));
        r.close();

        assertThat(most).hasSize(3);
        assertThat(most.values()).as("passes of one group never overlap").containsOnly(1);
        assertThat(asked.get()).as("many passes ran").isGreaterThan(10);
        assertThat(hotel.maxListing.values()).as("one listing of the site at a time").containsOnly(1);
        assertThat(w.vms("hotel")).hasSize(6);
    }

    @Test
    void a_driver_that_throws_fails_its_calls_not_the_pass() {
        w.site("hotel");
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.mode = WatchedDriver.Mode.THROW;
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);

        PassResult pass = r.reconcileNow(g.id());

        assertThat(pass.launchFailures()).isEqualTo(2);
        assertThat(w.instances(g)).hasSize(2).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.FAILED);
            assertThat(i.statusReason()).startsWith("DriverError: launch on hotel failed inside the driver: "
                    + "java.lang.IllegalStateException: driver bug");
        });
        assertThat(w.health(g, "hotel").orElseThrow().lastFault()).isEqualTo(FaultClass.TRANSIENT);

        hotel.mode = WatchedDriver.Mode.NORMAL;
        w.clock.advance(Duration.ofMinutes(1));
        assertThat(r.reconcileNow(g.id()).launched()).isEqualTo(2);
    }

    @Test
    void a_call_that_hangs_times_out_as_transient() {
        w.site("hotel");
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.mode = WatchedDriver.Mode.HANG;
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler(Map.of("hotel", hotel), settings(10, Duration.ofMillis(200), Duration.ofMinutes(1)));

        long start = System.nanoTime();
        PassResult pass = r.reconcileNow(g.id());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(took).as("bounded by the call timeout (list, then launch), not the 30 s hang").isLessThan(5_000);
        assertThat(pass.launchFailures()).isEqualTo(2);
        assertThat(w.instances(g)).hasSize(2).allSatisfy(i -> {
            assertThat(i.state()).as("the outcome is unknown: the intent stays").isEqualTo(InstanceState.REQUESTED);
            assertThat(i.statusReason()).isEqualTo("RequestTimeout: launch on hotel did not answer within 200 ms");
        });
        assertThat(w.health(g, "hotel").orElseThrow().lastFault()).isEqualTo(FaultClass.TRANSIENT);
    }

    @Test
    void failed_passes_are_retried_with_backoff_and_the_loop_goes_on() throws Exception {
        w.site("hotel");
        Group g = w.group("g", "hotel:-1", 3);
        AtomicInteger calls = new AtomicInteger();
        CredentialSource brokenAtFirst = (owner, site) -> {
            // Fails the first three passes (passes run on the workers; the resync asks too, on its own thread).
            boolean pass = Thread.currentThread().getName().startsWith("reconcile-worker-");
            if (pass && calls.incrementAndGet() <= 3) throw new IllegalStateException("credential store unavailable");
            return CloudCredentials.NONE;
        };
        Reconciler r = w.reconciler(w.drivers, settings(10, Duration.ofSeconds(5), Duration.ofMillis(200)), brokenAtFirst);
        r.start();

        eventually("the group converges once the credential source answers",
                () -> w.running(g) == 3);
        assertThat(r.failedPasses()).isGreaterThanOrEqualTo(3);
        assertThat(w.vms("hotel")).hasSize(3);
    }

    @Test
    void start_reconciles_every_group_and_close_waits_only_a_bounded_time() throws Exception {
        w.site("hotel").site("sierra");
        Group a = w.group("a", "hotel:2,sierra:-1", 3);
        Group b = w.group("b", "sierra:-1", 2);
        WatchedDriver sierra = new WatchedDriver(w.drivers.get("sierra"));
        Reconciler r = w.reconciler(Map.of("hotel", w.drivers.get("hotel"), "sierra", sierra),
                settings(10, Duration.ofMillis(300), Duration.ofMinutes(1)));

        r.start(); // nobody enqueues: start itself picks up every group (restart recovery)
        eventually("both groups converge", () -> w.running(a) == 3 && w.running(b) == 2);
        assertThat(w.liveBySite(a)).isEqualTo(Map.of("hotel", 2L, "sierra", 1L));

        sierra.mode = WatchedDriver.Mode.HANG;
        w.setDesired(b, 4);
        r.enqueue(b.id());
        eventually("a call to sierra hangs", () -> sierra.hung.get() > 0);
        long start = System.nanoTime();
        r.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        r.enqueue(b.id()); // ignored after close
        assertThat(w.instances(b)).filteredOn(Instance::live).hasSizeGreaterThanOrEqualTo(2);
    }
}
