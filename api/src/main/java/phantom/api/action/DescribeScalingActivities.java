package phantom.api.action;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.ScalingActivity;
import phantom.store.Activities;

/** Every launch and termination, newest first, with AWS status codes and a cause in the user's terms. */
final class DescribeScalingActivities implements Action {
    private final ActionContext ctx;

    DescribeScalingActivities(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeScalingActivities";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> ids = p.strings("ActivityIds", 50, 1, 255);
        String groupName = p.string("AutoScalingGroupName", 1, 255);
        Boolean includeDeleted = p.bool("IncludeDeletedGroups");
        boolean withDeleted = includeDeleted != null && includeDeleted;
        int max = Page.max(p, 100, 100);
        String after = Page.after(p);
        Instant afterStart = after == null ? null : startOf(after);
        String afterId = after == null ? null : after.substring(KEY_DIGITS);
        Page<Activities.Listed> page = Page.of(ctx.db().read(tx -> tx.activities().page(owner, groupName,
                ids == null || ids.isEmpty() ? null : Set.copyOf(ids), withDeleted, afterStart, afterId, max + 1)),
                max, DescribeScalingActivities::key);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("Activities", page.items(), (o, r) -> {
            render(o, r.activity());
            if (withDeleted) o.text("AutoScalingGroupState", r.groupName() == null ? "Deleted" : "InService");
            o.text("AutoScalingGroupARN", r.groupName() == null ? null : Arns.group(owner, r.groupUuid(), r.groupName()));
        });
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }

    private static final int KEY_DIGITS = 19;

    /**
     * The page key of an activity: newest first, then by id. Its form is that of the NextTokens
     * Phantom has issued: the start time as {@code Long.MAX_VALUE} minus its epoch milliseconds, in
     * 19 digits, then the id.
     */
    static String key(Activities.Listed r) {
        return String.format("%019d", Long.MAX_VALUE - r.activity().startTime().toEpochMilli()) + r.activity().id();
    }

    private static Instant startOf(String key) {
        if (key.length() < KEY_DIGITS || !key.substring(0, KEY_DIGITS).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiError.invalidNextToken();
        }
        try {
            return Instant.ofEpochMilli(Long.MAX_VALUE - Long.parseLong(key.substring(0, KEY_DIGITS)));
        } catch (NumberFormatException e) {
            throw ApiError.invalidNextToken();
        }
    }

    /** The members every Activity has, in model order. */
    static void render(XmlWriter o, ScalingActivity a) {
        o.text("ActivityId", a.id())
                .text("AutoScalingGroupName", a.groupName())
                .text("Description", a.description())
                .text("Cause", a.cause())
                .time("StartTime", a.startTime())
                .time("EndTime", a.endTime())
                .text("StatusCode", a.status().name())
                .text("StatusMessage", a.statusMessage())
                .number("Progress", a.progress())
                .text("Details", a.details());
    }
}
