package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.Tag;

/** The rules of EnterStandby and ExitStandby as pure functions: who may move, the counts, the activities, the refusals. */
class StandbyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final int LIMIT = 1000;

    /** A stored plain group on hotel: min 1, max 4, desired 2. */
    private static Group plain() {
        NewGroup r = new NewGroup("web", "web@hotel", 1, 4, 2, null, List.of(), null, null, GroupSettings.NONE);
        return GroupRules.created("alice", r, "0000abcd-0000-4000-8000-000000000001", NOW, LIMIT)
                .toBuilder().id(8).version(1).build();
    }

    /** A stored Phantom group: n_preserve 3 on hotel:-1 (min = max = 3, following the count). */
    private static Group phantom() {
        NewGroup r = new NewGroup("web", "web", 3, 3, null, null, List.of(
                new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false),
                new Tag("clouds", "hotel:-1", false), new Tag("n_preserve", "3", true)), null, null, GroupSettings.NONE);
        return GroupRules.created("alice", r, "0000abcd-0000-4000-8000-000000000002", NOW, LIMIT)
                .toBuilder().id(7).version(1).build();
    }

    private static Instance vm(long group, InstanceState state) {
        return new Instance("ph-1", group, "hotel", "i-1", state, true, null, "web@hotel", "m1.small", "ami-1", NOW, NOW);
    }

    private static void refused(Supplier<?> change, String message) {
        assertThatThrownBy(change::get).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(Refusal.Code.VALIDATION_ERROR);
            assertThat(r.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void onlyAnInServiceVmOfTheGroupEntersStandbyAndOnlyAStandbyOneExits() {
        Group g = plain();
        Instance running = vm(8, InstanceState.RUNNING);
        assertThat(Standby.enterable(g, "i-1", Optional.of(running))).isSameAs(running);
        refused(() -> Standby.exitable(g, "i-1", Optional.of(running)), "The instance i-1 is not in Standby.");

        Instance standing = running.inStandby(true, NOW.plusSeconds(1));
        assertThat(standing.live()).as("a standby VM does not count").isFalse();
        assertThat(standing.awsLifecycleState()).isEqualTo("Standby");
        assertThat(standing.inStandby(false, NOW).awsLifecycleState()).isEqualTo("InService");
        assertThat(Standby.exitable(g, "i-1", Optional.of(standing))).isSameAs(standing);
        refused(() -> Standby.enterable(g, "i-1", Optional.of(standing)), "The instance i-1 is not in InService.");

        refused(() -> Standby.enterable(g, "i-1", Optional.of(vm(8, InstanceState.PENDING))),
                "The instance i-1 is not in InService.");
        refused(() -> Standby.enterable(g, "i-1", Optional.of(running.unhealthy("sick", NOW))),
                "The instance i-1 is not in InService.");
        refused(() -> Standby.enterable(g, "i-1", Optional.of(vm(8, InstanceState.TERMINATING))),
                "The instance i-1 is not in InService.");
        String notPart = "The instance i-1 is not part of Auto Scaling group web.";
        refused(() -> Standby.enterable(g, "i-1", Optional.of(vm(99, InstanceState.RUNNING))), notPart);
        refused(() -> Standby.exitable(g, "i-1", Optional.empty()), notPart);
        refused(() -> Standby.enterable(g, "i-1", Optional.of(vm(8, InstanceState.TERMINATED))), notPart);
        refused(() -> Standby.enterable(g.markDeleting(), "i-1", Optional.of(running)),
                "AutoScalingGroup 'web' is being deleted.");
    }

    @Test
    void enteringLowersTheCountOnlyWhenAskedAndNotBelowMinSize() {
        Group g = plain();
        assertThat(Standby.entered(g, 1, false, LIMIT)).isSameAs(g);
        assertThat(Standby.entered(g, 1, true, LIMIT).desiredCapacity()).isEqualTo(1);
        refused(() -> Standby.entered(g, 2, true, LIMIT), "AutoScalingGroup web has min-size=1, max-size=4, and "
                + "desired-size=2. To place into standby 2 instances, please update the AutoScalingGroup sizes appropriately.");
        Group atMin = g.toBuilder().desiredCapacity(1).build();
        refused(() -> Standby.entered(atMin, 1, true, LIMIT), "AutoScalingGroup web has min-size=1, max-size=4, and "
                + "desired-size=1. To place into standby 1 instance, please update the AutoScalingGroup sizes appropriately.");

        Group p = Standby.entered(phantom(), 2, true, LIMIT);
        assertThat(p.desiredCapacity()).as("a Phantom group's bounds follow its count").isEqualTo(1);
        assertThat(p.minSize()).isEqualTo(1);
    }

    @Test
    void exitingRaisesTheCountAndNotAboveMaxSize() {
        Group g = plain();
        assertThat(Standby.exited(g, 2, LIMIT).desiredCapacity()).isEqualTo(4);
        refused(() -> Standby.exited(g, 3, LIMIT), "AutoScalingGroup web has min-size=1, max-size=4, and "
                + "desired-size=2. To move out of standby 3 instances, please update the AutoScalingGroup sizes appropriately.");
        Group p = Standby.exited(phantom(), 1, LIMIT);
        assertThat(p.desiredCapacity()).isEqualTo(4);
        assertThat(p.maxSize()).isEqualTo(4);
    }

    @Test
    void terminatingAStandbyVmLeavesTheCountAsItIs() {
        Instance running = vm(8, InstanceState.RUNNING);
        assertThat(GroupRules.lowersCount(running, true)).isTrue();
        assertThat(GroupRules.lowersCount(running, false)).isFalse();
        assertThat(GroupRules.lowersCount(running.inStandby(true, NOW), true)).as("not counted, so not decremented").isFalse();
    }

    @Test
    void eachMoveIsASuccessfulActivityInAwsWords() {
        Group before = plain();
        Instance i = vm(8, InstanceState.RUNNING);
        Group after = Standby.entered(before, 1, true, LIMIT);
        ScalingActivity in = Standby.enteredActivity("a-1", after, i, before.desiredCapacity(), true, NOW);
        assertThat(in.description()).isEqualTo("Moving EC2 instance to Standby: i-1");
        assertThat(in.cause()).isEqualTo("At 2026-11-24T10:15:30.123Z instance i-1 was moved to standby in response to a user"
                + " request, shrinking the capacity from 2 to 1.");
        assertThat(in.status()).isEqualTo(ActivityStatus.Successful);
        assertThat(in.progress()).isEqualTo(100);
        assertThat(in.details()).isEqualTo("{\"Availability Zone\":\"hotel\"}");
        assertThat(Standby.enteredActivity("a-2", before, i, 2, false, NOW).cause()).isEqualTo("At 2026-11-24T10:15:30.123Z"
                + " instance i-1 was moved to standby in response to a user request.");

        ScalingActivity out = Standby.exitedActivity("a-3", before, i, 1, NOW);
        assertThat(out.description()).isEqualTo("Moving EC2 instance out of Standby: i-1");
        assertThat(out.cause()).isEqualTo("At 2026-11-24T10:15:30.123Z instance i-1 was moved out of standby in response to"
                + " a user request, increasing the capacity from 1 to 2.");
    }
}
