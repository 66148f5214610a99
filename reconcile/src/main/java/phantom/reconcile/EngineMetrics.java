package phantom.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import phantom.core.driver.CloudFault;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/**
 * The engine's metrics (docs/operations.md lists them with their labels). Counters and timers are
 * updated where the thing happens: a launch or termination in {@link Actuator}, every cloud call in
 * {@link SiteLanes}, every pass in {@link Reconciler}. The gauges that describe the groups (VMs per
 * site and state, sites backing off, the shortfall) come from one {@link Standing}, which the
 * {@link Resync} derives from the rows it reads anyway every round: reading them costs nothing, and
 * they are as fresh as the last resync. Labels are bounded: sites, states, operations and outcomes
 * are small fixed sets; per-group series exist only when {@code perGroup} is set.
 *
 * <p>In a cluster each node reports the groups it reconciles (its shards), so sums over the nodes
 * give the whole picture and no group is counted twice.
 */
public final class EngineMetrics {
    /** Buckets of the pass and cloud-call histograms, in seconds: from a fast sim call to the call timeout. */
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** The instance states the gauges report, in the store's terms (finished rows are history, not VMs). */
    static final List<InstanceState> STATES = List.of(InstanceState.REQUESTED, InstanceState.PENDING,
            InstanceState.RUNNING, InstanceState.TERMINATING);

    private final MeterRegistry registry;
    private final boolean perGroup;
    private final AtomicReference<Standing> standing = new AtomicReference<>(Standing.EMPTY);
    private final MultiGauge siteInstances;
    private final MultiGauge siteBackoff;
    private final MultiGauge groupDesired;
    private final MultiGauge groupInService;
    private final MultiGauge groupMetric;
    private volatile long lastResyncNanos = System.nanoTime();
    private volatile boolean resyncRan;

    /**
     * @param perGroup also publish {@code phantom_group_desired} and {@code phantom_group_in_service}
     *     with a {@code group="owner/name"} label (one series per group: off by default)
     */
    public EngineMetrics(MeterRegistry registry, boolean perGroup) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.perGroup = perGroup;
        this.siteInstances = MultiGauge.builder("phantom.site.instances")
                .description("VMs of the groups this node reconciles, per site and state, as of the last resync")
                .register(registry);
        this.siteBackoff = MultiGauge.builder("phantom.site.backoff")
                .description("1 while launches on the site back off (or are held) for at least one group, else 0")
                .register(registry);
        Gauge.builder("phantom.group.shortfall", standing, s -> s.get().shortfall())
                .description("desired minus in service, summed over the groups this node reconciles (as of the last resync)")
                .register(registry);
        Gauge.builder("phantom.groups", standing, s -> s.get().groups())
                .description("groups this node reconciles, as of the last resync").register(registry);
        Gauge.builder("phantom.reconcile.resync.age", this, m -> m.resyncAge().toNanos() / 1e9)
                .description("seconds since the last resync round ended (since the start before the first)")
                .baseUnit("seconds").register(registry);
        this.groupDesired = perGroup ? MultiGauge.builder("phantom.group.desired")
                .description("a group's desired count (metrics.per_group)").register(registry) : null;
        this.groupInService = perGroup ? MultiGauge.builder("phantom.group.in.service")
                .description("a group's VMs in service (metrics.per_group)").register(registry) : null;
        this.groupMetric = MultiGauge.builder("phantom.group.metric")
                .description("the group metrics EnableMetricsCollection turned on, per group and AWS metric name")
                .register(registry);
    }

    /** Metrics that go nowhere (tests and tools that do not read them). */
    public static EngineMetrics none() {
        return new EngineMetrics(new CompositeMeterRegistry(), false);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Time since the last resync round ended, or since these metrics were made before the first. */
    public Duration resyncAge() {
        return Duration.ofNanos(System.nanoTime() - lastResyncNanos);
    }

    /** Whether a resync round has ended since the start. */
    public boolean resyncRan() {
        return resyncRan;
    }

    /** One launch call's end: {@code fault} null for a VM started. */
    void launch(String site, CloudFault fault) {
        Counter.builder("phantom.launches").description("launch calls, by site and outcome (success or the fault's class)")
                .tags("site", site, "outcome", outcome(fault)).register(registry).increment();
    }

    /** A VM terminated on a site (the cloud confirmed it). */
    void termination(String site, String reason) {
        Counter.builder("phantom.terminations").description("VMs terminated, by site and reason")
                .tags("site", site, "reason", reason).register(registry).increment();
    }

    /** One cloud call (launch, terminate, list) and how long it took. */
    void cloudCall(String site, String operation, CloudFault fault, long nanos) {
        Timer.builder("phantom.cloud.call").description("cloud API calls by site, operation and outcome, and their latency")
                .tags("site", site, "operation", operation, "outcome", outcome(fault))
                .serviceLevelObjectives(BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A cloud call that threw something other than a fault (a stop, a lapsed lease): counted, not judged. */
    void cloudCallCut(String site, String operation, long nanos) {
        Timer.builder("phantom.cloud.call").description("cloud API calls by site, operation and outcome, and their latency")
                .tags("site", site, "operation", operation, "outcome", "cut_short")
                .serviceLevelObjectives(BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The timer of group passes. */
    Timer passTimer() {
        return Timer.builder("phantom.reconcile.pass").description("group passes (read, decide, act), wall time")
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Registers the work queue's depth: groups waiting for a pass, by queue (changes, background). */
    void queue(WorkQueue queue) {
        Gauge.builder("phantom.reconcile.queue.depth", queue, q -> q.waiting()[0]).tag("queue", "changes")
                .description("groups waiting for a pass").register(registry);
        Gauge.builder("phantom.reconcile.queue.depth", queue, q -> q.waiting()[1]).tag("queue", "background")
                .description("groups waiting for a pass").register(registry);
    }

    /** "success", "timeout", or the fault's class in lower case ("capacity", "quota", "config", "transient"). */
    static String outcome(CloudFault fault) {
        if (fault == null) return "success";
        if (SiteLanes.timedOut(fault)) return "timeout";
        return fault.faultClass().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Why a VM was terminated, from a small fixed set: {@code group_deleted}, {@code unhealthy},
     * {@code user_request}, {@code rebalance} (over a cap, or a site no longer in the group's
     * clouds), {@code scale_in}, or {@code other}; the orphan sweep counts {@code orphan}. Read from the cause the plan or the API recorded.
     */
    static String terminationReason(Group g, Instance i) {
        if (g.deleting()) return "group_deleted";
        String why = i.statusReason() == null ? "" : i.statusReason();
        if (!i.healthy() || why.contains("health check")) return "unhealthy";
        if (why.contains("user request")) return "user_request";
        if (why.contains("over its cap") || why.contains("no longer in the group's clouds")) return "rebalance";
        if (why.contains("difference between desired and actual")) return "scale_in";
        return "other";
    }

    /** The gauges' values, as of a resync round; replaces the previous one at once. */
    void standing(Standing s, Collection<String> sites) {
        standing.set(s);
        lastResyncNanos = System.nanoTime();
        resyncRan = true;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String site : new TreeSet<>(sites)) {
            for (InstanceState st : STATES) {
                String state = st.name().toLowerCase(Locale.ROOT);
                long n = s.instances().getOrDefault(site, Map.of()).getOrDefault(state, 0);
                rows.add(MultiGauge.Row.of(Tags.of("site", site, "state", state), n));
            }
        }
        siteInstances.register(rows, true);
        List<MultiGauge.Row<?>> backoff = new ArrayList<>();
        for (String site : new TreeSet<>(sites)) {
            backoff.add(MultiGauge.Row.of(Tags.of("site", site), s.backingOff().contains(site) ? 1 : 0));
        }
        siteBackoff.register(backoff, true);
        if (perGroup) {
            groupDesired.register(groupRows(s, Standing.GroupCounts::desired), true);
            groupInService.register(groupRows(s, Standing.GroupCounts::inService), true);
        }
        groupMetric.register(enabledMetricRows(s), true);
    }

    /** One row per group and metric it enabled that Phantom has ({@link GroupMetric#published}). */
    static List<MultiGauge.Row<?>> enabledMetricRows(Standing s) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<String, Standing.GroupCounts> e : s.perGroup().entrySet()) {
            for (GroupMetric m : e.getValue().enabled()) {
                if (m.published()) {
                    rows.add(MultiGauge.Row.of(Tags.of("group", e.getKey(), "metric", m.aws()), e.getValue().value(m)));
                }
            }
        }
        return rows;
    }

    private static List<MultiGauge.Row<?>> groupRows(Standing s, ToDoubleFunction<Standing.GroupCounts> f) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<String, Standing.GroupCounts> e : s.perGroup().entrySet()) {
            rows.add(MultiGauge.Row.of(Tags.of("group", e.getKey()), f.applyAsDouble(e.getValue())));
        }
        return rows;
    }

    /** The current standing, as of the last resync (for tests and tools). */
    Standing standing() {
        return standing.get();
    }

    /**
     * What the groups look like, as of one resync round: computed by {@link Standing.Builder} from
     * the groups and their instances as the round decided them.
     *
     * @param instances per site, per state (lower case), the number of VMs
     * @param backingOff the sites that back off (or are held) for at least one group
     * @param shortfall desired minus in service, summed over the groups (never negative per group)
     * @param perGroup per "owner/name", its desired count and VMs in service
     */
    record Standing(Map<String, Map<String, Integer>> instances, java.util.Set<String> backingOff, int shortfall,
            int groups, Map<String, GroupCounts> perGroup) {
        static final Standing EMPTY = new Standing(Map.of(), java.util.Set.of(), 0, 0, Map.of());

        /**
         * One group's figures, as its metrics report them.
         *
         * @param pending requested or pending (AWS's Pending), healthy
         * @param terminating being terminated
         * @param total every VM not finished (AWS's InService + Pending + Terminating)
         * @param enabled the metrics EnableMetricsCollection turned on for the group
         */
        record GroupCounts(int desired, int inService, int minSize, int maxSize, int pending, int terminating, int total,
                List<GroupMetric> enabled) {
            /**
             * The value of an AWS group metric: Phantom has no standby and no warm pool, and each VM
             * weighs 1, so a capacity is an instance count; NaN for the warm-pool metrics it cannot have.
             */
            double value(GroupMetric m) {
                return switch (m) {
                    case GROUP_MIN_SIZE -> minSize;
                    case GROUP_MAX_SIZE -> maxSize;
                    case GROUP_DESIRED_CAPACITY, GROUP_AND_WARM_POOL_DESIRED_CAPACITY -> desired;
                    case GROUP_IN_SERVICE_INSTANCES, GROUP_IN_SERVICE_CAPACITY -> inService;
                    case GROUP_PENDING_INSTANCES, GROUP_PENDING_CAPACITY -> pending;
                    case GROUP_TERMINATING_INSTANCES, GROUP_TERMINATING_CAPACITY -> terminating;
                    case GROUP_TOTAL_INSTANCES, GROUP_TOTAL_CAPACITY, GROUP_AND_WARM_POOL_TOTAL_CAPACITY -> total;
                    case GROUP_STANDBY_INSTANCES, GROUP_STANDBY_CAPACITY -> 0;
                    default -> Double.NaN;
                };
            }
        }

        /** Adds one group at a time; pure. */
        static final class Builder {
            private final Map<String, Map<String, Integer>> instances = new TreeMap<>();
            private final java.util.Set<String> backingOff = new TreeSet<>();
            private final Map<String, GroupCounts> perGroup = new TreeMap<>();
            private int shortfall;
            private int groups;

            /**
             * @param current the group's instances as the round decided them (finished ones are skipped)
             * @param backingOffSites the sites whose health for this group backs off or holds it now
             */
            Builder add(Group g, List<Instance> current, Collection<String> backingOffSites) {
                groups++;
                int inService = 0;
                int pending = 0;
                int terminating = 0;
                int total = 0;
                for (Instance i : current) {
                    if (i.state().finished()) continue;
                    instances.computeIfAbsent(i.site(), k -> new TreeMap<>())
                            .merge(i.state().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
                    total++;
                    if (i.state() == InstanceState.RUNNING && i.healthy()) inService++;
                    if ((i.state() == InstanceState.REQUESTED || i.state() == InstanceState.PENDING) && i.healthy()) pending++;
                    if (i.state() == InstanceState.TERMINATING) terminating++;
                }
                int desired = g.deleting() ? 0 : g.desiredCapacity();
                shortfall += Math.max(0, desired - inService);
                backingOff.addAll(backingOffSites);
                perGroup.put(g.owner() + "/" + g.name(), new GroupCounts(desired, inService, g.minSize(), g.maxSize(), pending,
                        terminating, total, g.enabledMetrics()));
                return this;
            }

            Standing build() {
                return new Standing(instances, backingOff, shortfall, groups, perGroup);
            }
        }
    }
}
