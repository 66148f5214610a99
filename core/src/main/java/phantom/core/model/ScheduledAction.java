package phantom.core.model;

import java.time.Instant;

/**
 * A scheduled action of a group (PutScheduledUpdateGroupAction), keyed by (group, name). The sizes
 * it sets are those given (null: left as they are). {@code nextRun} is when the engine runs it next,
 * null when it has no run left (a recurrence past its EndTime).
 *
 * @param groupName the group's name, as users know it
 * @param uuid the action's own id, in its ARN
 * @param timeZone the IANA zone its recurrence is read in; null: UTC
 */
public record ScheduledAction(
        long groupId,
        String owner,
        String groupName,
        String name,
        String uuid,
        Instant startTime,
        Instant endTime,
        String recurrence,
        String timeZone,
        Integer minSize,
        Integer maxSize,
        Integer desiredCapacity,
        Instant nextRun) {

    /** The same action, to run next at {@code next}. */
    public ScheduledAction runningNext(Instant next) {
        return new ScheduledAction(groupId, owner, groupName, name, uuid, startTime, endTime, recurrence, timeZone, minSize,
                maxSize, desiredCapacity, next);
    }

    /** True for an action that runs once (no recurrence): it is deleted after it runs. */
    public boolean once() {
        return recurrence == null;
    }
}
