package phantom.core.group;

import java.time.Instant;
import java.util.Optional;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.ScalingActivity;
import phantom.core.text.AwsTime;

/**
 * The rules of EnterStandby and ExitStandby (docs/api.md, "Standby"): which VMs may move, what the
 * group's desired count becomes, and the scaling activity each move records, in AWS's words. Pure,
 * like {@link GroupRules}; {@code phantom.groups.GroupService} applies them in one transaction.
 */
public final class Standby {
    /** The most instance ids one EnterStandby or ExitStandby takes, AWS's limit. */
    public static final int MAX_IDS = 20;

    private Standby() {
    }

    /** The VM of group {@code g} that EnterStandby may move: one of the group's, InService. */
    public static Instance enterable(Group g, String instanceId, Optional<Instance> found) {
        Instance i = member(g, instanceId, found);
        if (!i.inService()) throw Refusal.validation("The instance " + instanceId + " is not in InService.");
        return i;
    }

    /** The VM of group {@code g} that ExitStandby may move: one of the group's, in Standby. */
    public static Instance exitable(Group g, String instanceId, Optional<Instance> found) {
        Instance i = member(g, instanceId, found);
        if (!(i.standby() && i.state().live())) throw Refusal.validation("The instance " + instanceId + " is not in Standby.");
        return i;
    }

    private static Instance member(Group g, String instanceId, Optional<Instance> found) {
        GroupRules.requireLive(g);
        return found.filter(i -> i.groupId() == g.id() && !i.state().finished())
                .orElseThrow(() -> GroupRules.notInGroup(instanceId, g.name()));
    }

    /**
     * The group after {@code count} VMs enter standby: its desired count lowered by them with
     * {@code decrement} (refused below MinSize, as AWS refuses), unchanged without (the engine then
     * launches their replacements).
     */
    public static Group entered(Group g, int count, boolean decrement, int limit) {
        GroupRules.requireLive(g);
        if (!decrement) return g;
        int after = g.desiredCapacity() - count;
        if (!g.phantom() && after < g.minSize()) throw sizes(g, "place into standby " + count);
        return Sizes.resized(g, Math.max(0, after), limit);
    }

    /** The group after {@code count} VMs leave standby: its desired count raised by them, refused above MaxSize. */
    public static Group exited(Group g, int count, int limit) {
        GroupRules.requireLive(g);
        int after = g.desiredCapacity() + count;
        if (!g.phantom() && after > g.maxSize()) throw sizes(g, "move out of standby " + count);
        return Sizes.resized(g, after, limit);
    }

    private static Refusal sizes(Group g, String what) {
        return Refusal.validation("AutoScalingGroup " + g.name() + " has min-size=" + g.minSize() + ", max-size="
                + g.maxSize() + ", and desired-size=" + g.desiredCapacity() + ". To " + what + " instance"
                + (what.endsWith(" 1") ? "" : "s") + ", please update the AutoScalingGroup sizes appropriately.");
    }

    /** The activity of {@code i} entering standby; {@code before} and {@code after} are the group's counts. */
    public static ScalingActivity enteredActivity(String activityId, Group after, Instance i, int before,
            boolean decrement, Instant now) {
        String cause = "At " + AwsTime.format(now) + " instance " + i.visibleId() + " was moved to standby in response "
                + "to a user request" + (decrement ? ", shrinking the capacity from " + before + " to "
                + after.desiredCapacity() + "." : ".");
        return activity(activityId, after, i, "Moving EC2 instance to Standby: " + i.visibleId(), cause, now);
    }

    /** The activity of {@code i} leaving standby; {@code before} and {@code after} are the group's counts. */
    public static ScalingActivity exitedActivity(String activityId, Group after, Instance i, int before, Instant now) {
        String cause = "At " + AwsTime.format(now) + " instance " + i.visibleId() + " was moved out of standby in "
                + "response to a user request, increasing the capacity from " + before + " to "
                + after.desiredCapacity() + ".";
        return activity(activityId, after, i, "Moving EC2 instance out of Standby: " + i.visibleId(), cause, now);
    }

    /** The move is done when it is recorded (Phantom has no load balancers to wait for): Successful, 100. */
    private static ScalingActivity activity(String activityId, Group g, Instance i, String description, String cause,
            Instant now) {
        return new ScalingActivity(activityId, g.id(), g.owner(), g.name(), description, cause, now, now,
                ActivityStatus.Successful, null, 100, "{\"Availability Zone\":\"" + i.site() + "\"}");
    }
}
