package phantom.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import phantom.core.driver.CloudFault;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.ScalingActivity;
import phantom.store.Tx;

/**
 * The scaling activities the reconciler records, worded as AWS Auto Scaling words them.
 *
 * <ul>
 *   <li>Launch: {@code InProgress} "Launching a new EC2 instance" when the intent is recorded;
 *       {@code Successful} "Launching a new EC2 instance: i-..." once the cloud has the VM;
 *       {@code Failed} with StatusMessage "code: message" when the cloud refused;
 *       {@code Cancelled} when the launch was called off before the cloud had a VM.
 *   <li>Terminate: {@code InProgress} "Terminating EC2 instance: i-..." before the cloud call,
 *       {@code Successful} once it is gone; a refused call leaves it {@code InProgress} with the
 *       error as StatusMessage, and it is retried.
 *   <li>Shortfall: {@code Failed} "Could not keep the desired capacity" whose Cause and StatusMessage
 *       say why the group runs short, recorded once per distinct reason.
 * </ul>
 * Causes start with "At &lt;time&gt;" as AWS's do. Launch and terminate activities have ids derived
 * from the instance's launch token, so a later pass (or a restart) finds the one to finish.
 */
final class ScalingActivities {
    static final String LAUNCHING = "Launching a new EC2 instance";
    static final String TERMINATING = "Terminating EC2 instance";
    static final String SHORTFALL = "Could not keep the desired capacity";

    private ScalingActivities() {
    }

    static String launchId(String token) {
        return UUID.nameUUIDFromBytes(("launch " + token).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String terminateId(String token) {
        return UUID.nameUUIDFromBytes(("terminate " + token).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The unfinished terminate activity of {@code i}: the reconciler's own (by id), else one that
     * another writer (TerminateInstanceInAutoScalingGroup in the API) recorded for the instance
     * under a random id, found by its description.
     */
    static Optional<ScalingActivity> terminateActivity(Tx tx, Group g, Instance i) {
        Optional<ScalingActivity> own = tx.activities().get(terminateId(i.id()));
        if (own.isPresent()) return own.filter(a -> !a.status().done());
        java.util.Set<String> descriptions = new java.util.HashSet<>();
        descriptions.add(TERMINATING + ": " + i.id());
        if (i.cloudId() != null) descriptions.add(TERMINATING + ": " + i.cloudId());
        return tx.activities().list(g.owner(), g.name()).stream()
                .filter(a -> a.groupId() == g.id() && !a.status().done() && descriptions.contains(a.description()))
                .findFirst();
    }

    static ScalingActivity launching(Group g, Instance i, String cause, Instant now) {
        return new ScalingActivity(launchId(i.id()), g.id(), g.owner(), g.name(), LAUNCHING, at(now, cause), now, null,
                ActivityStatus.InProgress, null, 0, details(i.site()));
    }

    static ScalingActivity launched(ScalingActivity a, String cloudId, Instant now) {
        return described(a, LAUNCHING + ": " + cloudId).finish(ActivityStatus.Successful, null, now);
    }

    static ScalingActivity launchFailed(ScalingActivity a, CloudFault f, Instant now) {
        return a.finish(ActivityStatus.Failed, message(f), now);
    }

    /** The launch call did not answer in time; the activity stays in progress and says why. */
    static ScalingActivity launchUnanswered(ScalingActivity a, CloudFault f) {
        return new ScalingActivity(a.id(), a.groupId(), a.owner(), a.groupName(), a.description(), a.cause(),
                a.startTime(), null, ActivityStatus.InProgress,
                message(f) + " (the VM is adopted if the cloud started it, else launched again)", a.progress(),
                a.details());
    }

    static ScalingActivity terminating(Group g, Instance i, String cause, Instant now) {
        return new ScalingActivity(terminateId(i.id()), g.id(), g.owner(), g.name(), TERMINATING + ": " + i.cloudId(),
                at(now, cause), now, null, ActivityStatus.InProgress, null, 0, details(i.site()));
    }

    /** The terminate call failed; the activity stays in progress and says why. */
    static ScalingActivity terminateRefused(ScalingActivity a, CloudFault f) {
        return new ScalingActivity(a.id(), a.groupId(), a.owner(), a.groupName(), a.description(), a.cause(),
                a.startTime(), null, ActivityStatus.InProgress, message(f) + " (will retry)", a.progress(), a.details());
    }

    static ScalingActivity shortfall(Group g, String note, Instant now) {
        return new ScalingActivity(UUID.randomUUID().toString(), g.id(), g.owner(), g.name(), SHORTFALL, note, now, now,
                ActivityStatus.Failed, note, 100, "{}");
    }

    /** "InsufficientInstanceCapacity: Site hotel has no room ...". */
    static String message(CloudFault f) {
        return f.code() == null || f.code().isBlank() ? f.getMessage() : f.code() + ": " + f.getMessage();
    }

    /** "At 2026-11-24T10:15:30Z an instance was started ...", as AWS writes causes. */
    static String at(Instant now, String cause) {
        return "At " + now.truncatedTo(ChronoUnit.SECONDS) + " " + cause;
    }

    private static ScalingActivity described(ScalingActivity a, String description) {
        return new ScalingActivity(a.id(), a.groupId(), a.owner(), a.groupName(), description, a.cause(), a.startTime(),
                a.endTime(), a.status(), a.statusMessage(), a.progress(), a.details());
    }

    /** {"Availability Zone":"hotel"}, the site as the zone. */
    static String details(String site) {
        StringBuilder b = new StringBuilder("{\"Availability Zone\":\"");
        for (char c : site.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append("\"}").toString();
    }
}
