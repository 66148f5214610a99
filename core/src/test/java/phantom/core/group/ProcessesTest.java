package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SuspendedProcess;

/** The rules of suspended processes and metrics collection, without a store. */
class ProcessesTest {
    private static final Instant T1 = Instant.parse("2026-12-02T15:44:32.789Z");
    private static final Instant T2 = Instant.parse("2026-12-02T16:00:00Z");
    private final Group group = Group.builder().id(1).owner("alice").name("web").build();

    @Test
    void noNamesMeansEveryProcessAndNamesAreExact() {
        assertThat(Processes.named(null)).isEqualTo(EnumSet.allOf(ScalingProcess.class));
        assertThat(Processes.named(List.of())).hasSize(9);
        assertThat(Processes.named(List.of("Launch", "Launch", "AZRebalance")))
                .containsExactly(ScalingProcess.LAUNCH, ScalingProcess.AZ_REBALANCE);
        assertThatThrownBy(() -> Processes.named(List.of("Launch", "launch")))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.code()).isEqualTo(Refusal.Code.VALIDATION_ERROR);
                    assertThat(r.getMessage()).startsWith("Process launch is not a valid scaling process.")
                            .contains("Launch, Terminate, AddToLoadBalancer");
                });
    }

    @Test
    void suspendKeepsTheFirstReasonAndResumeRemoves() {
        Group once = Processes.suspend(group, Set.of(ScalingProcess.TERMINATE, ScalingProcess.LAUNCH), T1);
        assertThat(once.suspendedProcesses()).containsExactly(
                new SuspendedProcess(ScalingProcess.LAUNCH, "User suspended at 2026-12-02T15:44:32Z"),
                new SuspendedProcess(ScalingProcess.TERMINATE, "User suspended at 2026-12-02T15:44:32Z"));
        Group twice = Processes.suspend(once, Set.of(ScalingProcess.LAUNCH, ScalingProcess.HEALTH_CHECK), T2);
        assertThat(twice.suspendedProcesses()).extracting(SuspendedProcess::suspensionReason)
                .containsExactly("User suspended at 2026-12-02T15:44:32Z", "User suspended at 2026-12-02T15:44:32Z",
                        "User suspended at 2026-12-02T16:00:00Z");
        assertThat(Processes.suspended(twice, ScalingProcess.HEALTH_CHECK)).isTrue();
        assertThat(Processes.suspended(twice, ScalingProcess.SCHEDULED_ACTIONS)).isFalse();
        Group resumed = Processes.resume(twice, Set.of(ScalingProcess.LAUNCH, ScalingProcess.ALARM_NOTIFICATION));
        assertThat(resumed.suspendedProcesses()).extracting(SuspendedProcess::process)
                .containsExactly(ScalingProcess.TERMINATE, ScalingProcess.HEALTH_CHECK);
        assertThat(Processes.resume(resumed, EnumSet.allOf(ScalingProcess.class)).suspendedProcesses()).isEmpty();
    }

    @Test
    void theEngineSeesOnlyItsOwnProcesses() {
        Group scheduled = Processes.suspend(group, Set.of(ScalingProcess.SCHEDULED_ACTIONS, ScalingProcess.AZ_REBALANCE), T1);
        assertThat(Processes.engineSees(group, scheduled)).isFalse();
        assertThat(Processes.engineSees(scheduled, Processes.suspend(scheduled, Set.of(ScalingProcess.REPLACE_UNHEALTHY), T1)))
                .isTrue();
    }

    @Test
    void metricsAreEnabledAndDisabledByName() {
        assertThat(MetricsCollection.named(null)).hasSize(GroupMetric.values().length);
        Group on = MetricsCollection.enabled(group, MetricsCollection.named(List.of("GroupMaxSize", "GroupMinSize")));
        assertThat(on.enabledMetrics()).containsExactly(GroupMetric.GROUP_MIN_SIZE, GroupMetric.GROUP_MAX_SIZE);
        Group more = MetricsCollection.enabled(on, MetricsCollection.named(List.of("GroupTotalInstances")));
        assertThat(more.enabledMetrics()).hasSize(3);
        assertThat(MetricsCollection.disabled(more, MetricsCollection.named(List.of("GroupMinSize"))).enabledMetrics())
                .containsExactly(GroupMetric.GROUP_MAX_SIZE, GroupMetric.GROUP_TOTAL_INSTANCES);
        assertThat(MetricsCollection.disabled(group, MetricsCollection.named(null)).enabledMetrics()).isEmpty();
        assertThatThrownBy(() -> MetricsCollection.named(List.of("GroupCPU")))
                .isInstanceOf(Refusal.class).hasMessageStartingWith("Metric GroupCPU is not a valid metric.");
        MetricsCollection.checkGranularity("1Minute");
        assertThatThrownBy(() -> MetricsCollection.checkGranularity("5Minute"))
                .isInstanceOf(Refusal.class).hasMessageContaining("5Minute");
    }
}
