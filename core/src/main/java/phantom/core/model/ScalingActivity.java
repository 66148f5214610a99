package phantom.core.model;

import java.time.Instant;

/**
 * A launch or termination, recorded as AWS Auto Scaling reports scaling activities. The cause
 * says why in the user's terms ("overflow hotel -> sierra: hotel returned
 * InsufficientInstanceCapacity 3 times, backing off 120 s").
 *
 * @param endTime null while in progress
 * @param details a JSON object string, e.g. {"Availability Zone":"hotel"}
 */
public record ScalingActivity(
        String id,
        long groupId,
        String owner,
        String groupName,
        String description,
        String cause,
        Instant startTime,
        Instant endTime,
        ActivityStatus status,
        String statusMessage,
        int progress,
        String details) {

    public ScalingActivity finish(ActivityStatus newStatus, String message, Instant now) {
        return new ScalingActivity(id, groupId, owner, groupName, description, cause, startTime, now, newStatus,
                message, 100, details);
    }
}
