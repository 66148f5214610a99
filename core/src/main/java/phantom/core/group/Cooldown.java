package phantom.core.group;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import phantom.core.model.ScalingActivity;
import phantom.core.text.AwsTime;

/**
 * A group's cooldown (docs/decisions.md, "Scaling policies"): a change that honours it is refused
 * while one of the group's scaling activities is in progress, and until {@code seconds} after the
 * latest of them ended, whatever its outcome (Successful, Failed or Cancelled).
 */
public final class Cooldown {
    private Cooldown() {
    }

    /**
     * @param activities the group's activities (those of other groups of the same name are ignored by id)
     * @throws Refusal ScalingActivityInProgress while an activity runs or the cooldown lasts
     */
    public static void check(long groupId, String groupName, List<ScalingActivity> activities, int seconds, Instant now) {
        List<ScalingActivity> own = activities.stream().filter(a -> a.groupId() == groupId).toList();
        own.stream().filter(a -> !a.status().done()).min(Comparator.comparing(ScalingActivity::startTime)).ifPresent(a -> {
            throw Refusal.scalingActivityInProgress("Scaling activity " + a.id() + " is in progress and blocks this action");
        });
        own.stream().map(ScalingActivity::endTime).filter(Objects::nonNull).max(Comparator.naturalOrder()).ifPresent(end -> {
            Instant over = end.plus(Duration.ofSeconds(seconds));
            if (now.isBefore(over)) {
                throw Refusal.scalingActivityInProgress("AutoScalingGroup '" + groupName + "' is in its cooldown of "
                        + seconds + " seconds, which ends at " + AwsTime.format(over) + ": try again then, or without HonorCooldown.");
            }
        });
    }
}
