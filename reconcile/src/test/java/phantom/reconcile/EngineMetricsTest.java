package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/**
 * The engine's metrics count what the engine did, on the real store and sim sites: launches by
 * outcome, terminations by reason, cloud calls by operation; the resync's gauges describe the groups.
 */
class EngineMetricsTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private double count(String name, String... tags) {
        var c = w.metrics.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private double gauge(String name, String... tags) {
        var g = w.metrics.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void launches_and_failures_are_counted_per_site_and_outcome_and_the_resync_gauges_follow() {
        w.site("hotel", "capacity", 3).site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1,sierra:-1", 5);
        Reconciler r = w.reconciler();

        r.reconcileNow(g.id());
        assertThat(count("phantom.launches", "site", "hotel", "outcome", "success")).isEqualTo(3);
        assertThat(count("phantom.launches", "site", "hotel", "outcome", "capacity")).isEqualTo(2);
        var launchCalls = w.metrics.find("phantom.cloud.call").tags("site", "hotel", "operation", "launch").timers();
        assertThat(launchCalls.stream().mapToLong(t -> t.count()).sum()).as("every launch call timed").isEqualTo(5);

        r.resyncNow();
        assertThat(gauge("phantom.site.backoff", "site", "hotel")).as("hotel backs off for g").isEqualTo(1);
        assertThat(gauge("phantom.site.backoff", "site", "sierra")).isZero();
        assertThat(gauge("phantom.site.instances", "site", "hotel", "state", "running")).isEqualTo(3);
        assertThat(gauge("phantom.group.shortfall")).as("5 wanted, 3 in service").isEqualTo(2);
        assertThat(gauge("phantom.groups")).isEqualTo(1);

        r.reconcileNow(g.id()); // overflows the other two to sierra
        assertThat(count("phantom.launches", "site", "sierra", "outcome", "success")).isEqualTo(2);
        r.resyncNow();
        assertThat(gauge("phantom.group.shortfall")).isZero();
        assertThat(gauge("phantom.site.instances", "site", "sierra", "state", "running")).isEqualTo(2);

        w.setDesired(g, 1);
        r.reconcileNow(g.id());
        assertThat(count("phantom.terminations", "site", "sierra", "reason", "scale_in")).isEqualTo(2);
        assertThat(count("phantom.terminations", "site", "hotel", "reason", "scale_in")).isEqualTo(2);
        r.resyncNow();
        assertThat(gauge("phantom.site.instances", "site", "hotel", "state", "running")).isEqualTo(1);
        assertThat(gauge("phantom.site.instances", "site", "sierra", "state", "running")).isZero();
        assertThat(w.metrics.find("phantom.reconcile.pass").timer()).isNotNull();
    }

    @Test
    void per_group_series_exist_only_when_asked_for() {
        SimpleMeterRegistry off = new SimpleMeterRegistry();
        SimpleMeterRegistry on = new SimpleMeterRegistry();
        EngineMetrics plain = new EngineMetrics(off, false);
        EngineMetrics perGroup = new EngineMetrics(on, true);
        Group g = group(4, false);
        EngineMetrics.Standing s = new EngineMetrics.Standing.Builder()
                .add(g, List.of(instance("hotel", InstanceState.RUNNING, true)), List.of()).build();
        plain.standing(s, List.of("hotel"));
        perGroup.standing(s, List.of("hotel"));
        assertThat(off.getMeters()).extracting(m -> m.getId().getName()).doesNotContain("phantom.group.desired");
        assertThat(off.getMeters()).flatExtracting(m -> m.getId().getTags()).noneMatch(t -> t.getKey().equals("group"));
        assertThat(on.find("phantom.group.desired").tag("group", "alice/web").gauge().value()).isEqualTo(4);
        assertThat(on.find("phantom.group.in.service").tag("group", "alice/web").gauge().value()).isEqualTo(1);
    }

    @Test
    void a_group_that_enabled_metrics_collection_has_its_series_without_per_group_and_only_those_it_enabled() {
        SimpleMeterRegistry off = new SimpleMeterRegistry();
        EngineMetrics plain = new EngineMetrics(off, false);
        Group quiet = group(4, false);
        Group collected = quiet.toBuilder().name("db").minSize(1).maxSize(6)
                .enabledMetrics(List.of(GroupMetric.GROUP_MIN_SIZE, GroupMetric.GROUP_MAX_SIZE, GroupMetric.GROUP_DESIRED_CAPACITY,
                        GroupMetric.GROUP_IN_SERVICE_INSTANCES, GroupMetric.GROUP_PENDING_INSTANCES,
                        GroupMetric.GROUP_TERMINATING_INSTANCES, GroupMetric.GROUP_TOTAL_INSTANCES,
                        GroupMetric.GROUP_STANDBY_INSTANCES, GroupMetric.GROUP_TOTAL_CAPACITY,
                        GroupMetric.WARM_POOL_WARMED_CAPACITY))
                .build();
        List<Instance> vms = List.of(instance("hotel", InstanceState.RUNNING, true), instance("hotel", InstanceState.RUNNING, true),
                instance("hotel", InstanceState.PENDING, true), instance("hotel", InstanceState.REQUESTED, true),
                instance("hotel", InstanceState.TERMINATING, true), instance("hotel", InstanceState.TERMINATED, true));
        plain.standing(new EngineMetrics.Standing.Builder().add(quiet, vms, List.of()).add(collected, vms, List.of()).build(),
                List.of("hotel"));
        Map<String, Double> expected = Map.of("GroupMinSize", 1.0, "GroupMaxSize", 6.0, "GroupDesiredCapacity", 4.0,
                "GroupInServiceInstances", 2.0, "GroupPendingInstances", 2.0, "GroupTerminatingInstances", 1.0,
                "GroupTotalInstances", 5.0, "GroupStandbyInstances", 0.0, "GroupTotalCapacity", 5.0);
        expected.forEach((metric, value) -> assertThat(off.find("phantom.group.metric").tags("group", "alice/db", "metric", metric)
                .gauge().value()).as(metric).isEqualTo(value));
        assertThat(off.find("phantom.group.metric").tag("metric", "WarmPoolWarmedCapacity").gauges())
                .as("Phantom has no warm pool").isEmpty();
        assertThat(off.find("phantom.group.metric").tag("group", "alice/web").gauges()).as("the group that enabled none").isEmpty();
        assertThat(off.find("phantom.group.desired").gauges()).as("metrics.per_group stays off").isEmpty();

        // disabling takes the series away at the next resync
        plain.standing(new EngineMetrics.Standing.Builder().add(collected.toBuilder().enabledMetrics(List.of()).build(), vms,
                List.of()).build(), List.of("hotel"));
        assertThat(off.find("phantom.group.metric").gauges()).isEmpty();
    }

    @Test
    void the_standing_counts_live_vms_per_site_and_state_and_sums_the_shortfall() {
        Group a = group(3, false);
        Group deleting = group(5, true);
        EngineMetrics.Standing s = new EngineMetrics.Standing.Builder()
                .add(a, List.of(instance("hotel", InstanceState.RUNNING, true), instance("hotel", InstanceState.RUNNING, false),
                        instance("sierra", InstanceState.PENDING, true), instance("sierra", InstanceState.TERMINATED, true)),
                        List.of("hotel"))
                .add(deleting, List.of(instance("sierra", InstanceState.TERMINATING, true)), List.of())
                .build();
        assertThat(s.instances()).isEqualTo(Map.of("hotel", Map.of("running", 2), "sierra", Map.of("pending", 1,
                "terminating", 1)));
        assertThat(s.shortfall()).as("3 wanted, 1 healthy running; a deleted group wants none").isEqualTo(2);
        assertThat(s.backingOff()).isEqualTo(Set.of("hotel"));
        assertThat(s.groups()).isEqualTo(2);
    }

    @Test
    void termination_reasons_and_launch_outcomes_are_small_fixed_sets() {
        Group g = group(1, false);
        assertThat(EngineMetrics.terminationReason(group(1, true), instance("hotel", InstanceState.RUNNING, true)))
                .isEqualTo("group_deleted");
        assertThat(EngineMetrics.terminationReason(g, instance("hotel", InstanceState.RUNNING, false))).isEqualTo("unhealthy");
        assertThat(EngineMetrics.terminationReason(g, reason("taken out of service in response to a user request")))
                .isEqualTo("user_request");
        assertThat(EngineMetrics.terminationReason(g, reason("an instance was taken out of service because hotel is over"
                + " its cap of 2 (it had 3)"))).isEqualTo("rebalance");
        assertThat(EngineMetrics.terminationReason(g, reason("an instance was taken out of service in response to a"
                + " difference between desired and actual capacity, shrinking the capacity from 3 to 1"))).isEqualTo("scale_in");
        assertThat(EngineMetrics.terminationReason(g, reason(null))).isEqualTo("other");

        assertThat(EngineMetrics.outcome(null)).isEqualTo("success");
        assertThat(EngineMetrics.outcome(new CloudFault(FaultClass.QUOTA, "LimitExceeded", "no"))).isEqualTo("quota");
        assertThat(EngineMetrics.outcome(new CloudFault(FaultClass.TRANSIENT, SiteLanes.TIMED_OUT, "slow")))
                .isEqualTo("timeout");
    }

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    private static Group group(int desired, boolean deleting) {
        return Group.builder().id(1).owner("alice").name("web").uuid("uuid-1").launchConfigurationName("web")
                .sizes(0, 10, desired).defaultCooldown(300).healthCheckType("EC2").phantom(true).deleting(deleting)
                .createdTime(T).version(1).build();
    }

    private static Instance instance(String site, InstanceState state, boolean healthy) {
        return new Instance("ph-" + java.util.UUID.randomUUID(), 1, site, "i-1", state, healthy, null, "web", "m1.small",
                "ami-1", T, T);
    }

    private static Instance reason(String why) {
        return new Instance("ph-1", 1, "hotel", "i-1", InstanceState.TERMINATING, true, why, "web", "m1.small", "ami-1", T, T);
    }
}
