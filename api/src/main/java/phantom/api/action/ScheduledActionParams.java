package phantom.api.action;

import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.ScheduledActionRequest;
import phantom.core.model.ScheduledAction;
import phantom.groups.ScheduleService;

/** The scheduled-action parameters and answers the five scheduled-action actions share. */
final class ScheduledActionParams {
    /** Entries of one Batch request: AWS's limit. */
    static final int MAX_BATCH = 50;

    private ScheduledActionParams() {
    }

    /** One action's members (the request itself for a Put, an entry of a BatchPut), decoded. */
    static ScheduledActionRequest request(QueryParams p, boolean withTime) {
        String name = p.requiredString("ScheduledActionName", 1, 255);
        java.time.Instant start = p.time("StartTime");
        if (withTime && start == null) start = p.time("Time"); // Time: the deprecated name of StartTime
        return new ScheduledActionRequest(name, start, p.time("EndTime"), p.string("Recurrence", 1, 255),
                p.string("TimeZone", 1, 255), p.integer("MinSize"), p.integer("MaxSize"), p.integer("DesiredCapacity"));
    }

    /** The list {@code name} of a Batch request: present, 1 to {@value #MAX_BATCH} entries. */
    static <T> List<T> batch(List<T> items, String name) {
        if (items == null) throw ApiError.missing(name);
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw ApiError.constraint(String.valueOf(items.size()), name,
                    "Member must have length less than or equal to " + MAX_BATCH + " and greater than or equal to 1");
        }
        return items;
    }

    /** A Batch answer's list of failed entries. */
    static void failed(XmlWriter x, String name, List<ScheduleService.Failed> failed) {
        x.list(name, failed, (o, f) -> o.text("ScheduledActionName", f.name()).text("ErrorCode", f.code())
                .text("ErrorMessage", f.message()));
    }

    /** A ScheduledUpdateGroupAction as AWS renders it: StartTime (and Time) is the next run. */
    static void render(XmlWriter o, ScheduledAction a) {
        java.time.Instant shown = a.nextRun() != null ? a.nextRun() : a.startTime();
        o.text("AutoScalingGroupName", a.groupName())
                .text("ScheduledActionName", a.name())
                .text("ScheduledActionARN", Arns.scheduledAction(a.owner(), a.uuid(), a.groupName(), a.name()))
                .time("Time", shown)
                .time("StartTime", shown)
                .time("EndTime", a.endTime())
                .text("Recurrence", a.recurrence())
                .number("MinSize", a.minSize())
                .number("MaxSize", a.maxSize())
                .number("DesiredCapacity", a.desiredCapacity())
                .text("TimeZone", a.timeZone());
    }
}
