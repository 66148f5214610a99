package phantom.reconcile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.LaunchSpec;
import phantom.core.model.Group;
import phantom.core.model.Installation;
import phantom.core.model.InstanceState;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.store.Database;
import phantom.store.TestDatabases;

/**
 * The engine alone (no server, no API), on the real store and an in-memory cloud whose calls take
 * {@code latency} each, all at once as a real cloud's do, and whose VMs run {@code boot} after
 * their launch: how long until G groups of V VMs are all in service, and what a resync round over
 * them costs. Measures the reconciler independently of the sim driver.
 *
 * <p>Run: {@code java -cp <reconcile test classpath> phantom.reconcile.EngineScale groups vms parallelism
 * [latency_ms boot_ms watch_ms]}. Prints one line of figures. {@code EngineScaleTest} runs it small.
 */
public final class EngineScale {
    /** The figures of one run. */
    record Result(int groups, int vms, int parallelism, Duration inCloud, Duration inService, Duration bound,
            ResyncRound resync, long heapBytes) {
        @Override
        public String toString() {
            return String.format("%d groups x %d VMs, parallelism %d: cloud has all running after %.2f s, Phantom"
                            + " shows all InService after %.2f s (bound boot + latency x ceil(N/p) = %.2f s, ratio %.2f);"
                            + " resync round: %d groups, %d enqueued, %d ms wall, %d ms CPU; heap after GC %d MiB",
                    groups, vms, parallelism, inCloud.toMillis() / 1000.0, inService.toMillis() / 1000.0,
                    bound.toMillis() / 1000.0, (double) inService.toMillis() / bound.toMillis(), resync.groups(),
                    resync.enqueued(), resync.wall().toMillis(), resync.cpu().toMillis(), heapBytes >> 20);
        }
    }

    /** A cloud in memory: launches and listings take the latency, in parallel; VMs run after the boot time. */
    static final class MemoryCloud implements CloudDriver {
        private record Vm(CloudInstance vm, long runningAt) {
        }

        private final Map<String, Vm> vms = new ConcurrentHashMap<>();
        private final Map<String, String> byToken = new ConcurrentHashMap<>();
        private final Duration latency;
        private final Duration boot;
        private final AtomicInteger serial = new AtomicInteger();
        /** When set, every launch fails with it (after the latency). */
        volatile phantom.core.driver.FaultClass failWith;
        /** System.nanoTime of the first launch call, and of the first failure; 0 until then. */
        final java.util.concurrent.atomic.AtomicLong firstLaunch = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong firstFailure = new java.util.concurrent.atomic.AtomicLong();

        MemoryCloud(Duration latency, Duration boot) {
            this.latency = latency;
            this.boot = boot;
        }

        private void pause() {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }

        @Override
        public CloudInstance launch(LaunchSpec spec, CloudCredentials c) throws phantom.core.driver.CloudFault {
            firstLaunch.compareAndSet(0, System.nanoTime());
            pause();
            phantom.core.driver.FaultClass f = failWith;
            if (f != null) {
                firstFailure.compareAndSet(0, System.nanoTime());
                throw new phantom.core.driver.CloudFault(f, switch (f) {
                    case CAPACITY -> "InsufficientInstanceCapacity";
                    case QUOTA -> "InstanceLimitExceeded";
                    case CONFIG -> "InvalidAMIID.NotFound";
                    case TRANSIENT -> "ServiceUnavailable";
                }, "injected");
            }
            String id = byToken.computeIfAbsent(spec.token(), t -> {
                String cloudId = "i-" + serial.incrementAndGet();
                vms.put(cloudId, new Vm(new CloudInstance(cloudId, spec.token(), spec.groupUuid(), CloudState.PENDING,
                        spec.instanceType(), Instant.now()), System.nanoTime() + boot.toNanos()));
                return cloudId;
            });
            return state(vms.get(id));
        }

        @Override
        public void terminate(String cloudId, CloudCredentials c) {
            pause();
            vms.remove(cloudId);
        }

        @Override
        public List<CloudInstance> list(CloudCredentials c) {
            pause();
            List<CloudInstance> out = new ArrayList<>(vms.size());
            for (Vm v : vms.values()) out.add(state(v));
            return out;
        }

        private static CloudInstance state(Vm v) {
            if (System.nanoTime() - v.runningAt() < 0) return v.vm();
            CloudInstance i = v.vm();
            return new CloudInstance(i.cloudId(), i.token(), i.groupUuid(), CloudState.RUNNING, i.instanceType(),
                    i.launchTime());
        }

        long running() {
            long now = System.nanoTime();
            return vms.values().stream().filter(v -> now - v.runningAt() >= 0).count();
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(true, List.of());
        }
    }

    static Result run(Path dir, int groups, int vms, int parallelism, Duration latency, Duration boot, Duration watch)
            throws Exception {
        Database db = TestDatabases.embedded(dir.resolve("db"));
        try {
            Clock clock = Clock.systemUTC();
            MemoryCloud cloud = new MemoryCloud(latency, boot);
            ReconcilerSettings settings = new ReconcilerSettings(Duration.ofSeconds(10), Duration.ofSeconds(300),
                    parallelism, Duration.ofSeconds(60));
            String installation = db.transaction(tx -> tx.installation().id(clock.instant()));
            db.transaction(tx -> {
                tx.launchConfigurations().insert(new LaunchConfiguration("alice", "web", UUID.randomUUID().toString(),
                        "ami-1", "m1.small", null, List.of(), null, null, null, null, false, null, null, null, null, null,
                        null, null, clock.instant()));
                return null;
            });
            List<Long> ids = new ArrayList<>();
            db.transaction(tx -> {
                for (int k = 0; k < groups; k++) {
                    List<SitePreference> prefs = SitePreference.parseList("hotel:-1");
                    Group g = Group.builder().owner("alice").name("g" + k).uuid(Installation.newGroupUuid(installation))
                            .launchConfigurationName("web").sizes(vms, vms, vms).defaultCooldown(300).healthCheckType("EC2")
                            .clouds(prefs).phantom(true)
                            .tags(List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false)))
                            .terminationPolicies(List.of("Default")).createdTime(clock.instant()).build();
                    ids.add(tx.groups().insert(g).id());
                }
                return null;
            });
            long total = (long) groups * vms;
            try (Reconciler r = new Reconciler(db, Map.of("hotel", cloud), Map.of("hotel", watch),
                    (owner, site) -> CloudCredentials.NONE, clock, settings,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
                long t0 = System.nanoTime();
                r.start();
                for (long id : ids) r.enqueue(id); // as the API does after each CreateAutoScalingGroup
                long inCloud = 0;
                while (true) {
                    if (inCloud == 0 && cloud.running() >= total) inCloud = System.nanoTime() - t0;
                    long shown = db.read(tx -> tx.instances().unfinished()).stream()
                            .filter(i -> i.state() == InstanceState.RUNNING && i.healthy()).count();
                    if (shown >= total) break;
                    if (System.nanoTime() - t0 > Duration.ofMinutes(20).toNanos()) {
                        throw new IllegalStateException("not in service after 20 minutes: " + shown + " of " + total);
                    }
                    Thread.sleep(total > 10_000 ? 1000 : 50); // reading 100,000 rows costs: look less often
                }
                long inService = System.nanoTime() - t0;
                if (inCloud == 0) inCloud = inService;
                r.resyncNow(); // warm
                ResyncRound round = r.resyncNow();
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                long rounds = (total + parallelism - 1) / parallelism;
                Duration bound = boot.plus(latency.multipliedBy(rounds));
                return new Result(groups, vms, parallelism, Duration.ofNanos(inCloud), Duration.ofNanos(inService), bound,
                        round, heap);
            }
        } finally {
            db.close();
        }
    }

    /**
     * The time from the first failed launch on the preferred site (failing with {@code cls}) to the
     * first launch call on the next site, for one group of {@code vms} over "hotel:-1,sierra:-1".
     */
    static Duration overflow(Path dir, phantom.core.driver.FaultClass cls, int vms, Duration latency) throws Exception {
        Database db = TestDatabases.embedded(dir.resolve("db-" + cls));
        try {
            Clock clock = Clock.systemUTC();
            MemoryCloud hotel = new MemoryCloud(latency, Duration.ZERO);
            hotel.failWith = cls;
            MemoryCloud sierra = new MemoryCloud(latency, Duration.ZERO);
            String installation = db.transaction(tx -> tx.installation().id(clock.instant()));
            long id = db.transaction(tx -> {
                tx.launchConfigurations().insert(new LaunchConfiguration("alice", "web", UUID.randomUUID().toString(),
                        "ami-1", "m1.small", null, List.of(), null, null, null, null, false, null, null, null, null, null,
                        null, null, clock.instant()));
                List<SitePreference> prefs = SitePreference.parseList("hotel:-1,sierra:-1");
                return tx.groups().insert(Group.builder().owner("alice").name("g").uuid(Installation.newGroupUuid(installation))
                        .launchConfigurationName("web").sizes(vms, vms, vms).defaultCooldown(300).healthCheckType("EC2")
                        .clouds(prefs).phantom(true)
                        .tags(List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false)))
                        .terminationPolicies(List.of("Default")).createdTime(clock.instant()).build()).id();
            });
            try (Reconciler r = new Reconciler(db, Map.of("hotel", hotel, "sierra", sierra), Map.of(),
                    (owner, site) -> CloudCredentials.NONE, clock, ReconcilerSettings.DEFAULT,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
                r.start();
                r.enqueue(id);
                long t0 = System.nanoTime();
                while (sierra.firstLaunch.get() == 0) {
                    if (System.nanoTime() - t0 > Duration.ofMinutes(2).toNanos()) throw new IllegalStateException("no overflow");
                    Thread.sleep(5);
                }
                return Duration.ofNanos(sierra.firstLaunch.get() - hotel.firstFailure.get());
            }
        } finally {
            db.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int vms = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Duration latency = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 50);
        Duration boot = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 2000);
        Duration watch = Duration.ofMillis(args.length > 5 ? Long.parseLong(args[5]) : 2000);
        Path dir = Files.createTempDirectory("engine-scale");
        System.out.println(run(dir, groups, vms, parallelism, latency, boot, watch));
        System.exit(0);
    }
}
