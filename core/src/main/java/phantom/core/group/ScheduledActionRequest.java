package phantom.core.group;

import java.time.Instant;

/**
 * A PutScheduledUpdateGroupAction request (or one entry of a BatchPut), decoded: what the client
 * gave, null when absent. The rules are {@link ScheduleRules#put}.
 */
public record ScheduledActionRequest(
        String name,
        Instant startTime,
        Instant endTime,
        String recurrence,
        String timeZone,
        Integer minSize,
        Integer maxSize,
        Integer desiredCapacity) {
}
