package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.model.Instance;
import phantom.core.model.ScalingProcess;

/** The overflow policy and the observation with processes suspended, as AWS's user guide describes them. */
class SuspendedProcessesPlanTest {

    private static List<String> terminated(Plan p) {
        return p.terminations().stream().map(Plan.Termination::instanceId).toList();
    }

    @Test
    void launchSuspendedLaunchesNothingAndIsNoShortfallThenResumeFills() {
        Fleet f = Fleet.of("hotel:2,sierra:-1", 4).layout("hotel=R");
        f.suspended = EnumSet.of(ScalingProcess.LAUNCH);
        Plan waiting = f.plan();
        assertThat(waiting.launches()).isEmpty();
        assertThat(waiting.shortfall()).as("waiting for Launch is not an error").isEmpty();
        f.suspended = EnumSet.noneOf(ScalingProcess.class);
        assertThat(f.plan().launchCounts()).containsExactly(java.util.Map.entry("hotel", 1), java.util.Map.entry("sierra", 2));
    }

    @Test
    void launchSuspendedStillTakesUnhealthyOutButDoesNotReplaceThem() {
        Fleet f = Fleet.of("hotel:-1", 2).layout("hotel=Rr");
        f.suspended = EnumSet.of(ScalingProcess.LAUNCH);
        Plan p = f.plan();
        assertThat(terminated(p)).containsExactly("hotel-2");
        assertThat(p.launches()).isEmpty();
    }

    @Test
    void terminateSuspendedKeepsTheExcessAndLaunchesNothingInstead() {
        Fleet f = Fleet.of("hotel:2,sierra:-1", 1).layout("hotel=RRR sierra=R");
        f.suspended = EnumSet.of(ScalingProcess.TERMINATE);
        Plan p = f.plan();
        assertThat(p.idle()).as("no scale-in, no cap trim, and no launch for a group above its count").isTrue();
        f.suspended = EnumSet.noneOf(ScalingProcess.class);
        assertThat(terminated(f.plan())).hasSize(3);
    }

    @Test
    void terminateSuspendedAlsoStopsReplacingUnhealthy() {
        Fleet f = Fleet.of("hotel:-1", 2).layout("hotel=Rr");
        f.suspended = EnumSet.of(ScalingProcess.TERMINATE);
        assertThat(f.plan().idle()).as("the unhealthy VM stays and counts").isTrue();
    }

    @Test
    void replaceUnhealthySuspendedKeepsUnhealthyAndCountsThem() {
        Fleet f = Fleet.of("hotel:-1", 2).layout("hotel=Rr");
        f.suspended = EnumSet.of(ScalingProcess.REPLACE_UNHEALTHY);
        assertThat(f.plan().idle()).isTrue();
        f.desired = 3;
        assertThat(f.plan().launchCounts()).containsExactly(java.util.Map.entry("hotel", 1));
        f.suspended = EnumSet.noneOf(ScalingProcess.class);
        f.desired = 2;
        Plan resumed = f.plan();
        assertThat(terminated(resumed)).containsExactly("hotel-2");
        assertThat(resumed.launchCounts()).containsExactly(java.util.Map.entry("hotel", 1));
    }

    @Test
    void aGroupBeingDeletedGoesWhateverIsSuspended() {
        Fleet f = Fleet.of("hotel:-1", 2).layout("hotel=RR");
        f.suspended = EnumSet.allOf(ScalingProcess.class);
        f.deleting = true;
        assertThat(terminated(f.plan())).containsExactlyInAnyOrder("hotel-1", "hotel-2");
    }

    @Test
    void healthCheckSuspendedMarksNothingUnhealthyButStatesStillFollowTheCloud() {
        Fleet f = Fleet.of("hotel:-1", 2).layout("hotel=RP");
        Instance running = f.instances.get(0);
        Instance pending = f.instances.get(1);
        List<CloudInstance> listing = List.of(
                new CloudInstance(running.cloudId(), running.id(), Fleet.UUID, CloudState.FAILED, null, null),
                new CloudInstance(pending.cloudId(), pending.id(), Fleet.UUID, CloudState.RUNNING, null, null));
        Duration grace = Duration.ofSeconds(60);
        List<Instance> checked = InstanceObservation.observe(f.instances, Optional.of(listing), f.now, f.bootTimeout, grace, true);
        assertThat(checked.get(0).healthy()).isFalse();
        List<Instance> unchecked = InstanceObservation.observe(f.instances, Optional.of(listing), f.now, f.bootTimeout, grace,
                false);
        assertThat(unchecked.get(0)).isSameAs(running);
        assertThat(unchecked.get(1).state()).isEqualTo(phantom.core.model.InstanceState.RUNNING);
        assertThat(unchecked.get(1).healthy()).isTrue();
        List<Instance> gone = InstanceObservation.observe(f.instances, Optional.of(List.of()), f.now, f.bootTimeout, grace,
                false);
        assertThat(gone).as("vanished VMs stay healthy while HealthCheck is suspended").allMatch(Instance::healthy);
    }
}
