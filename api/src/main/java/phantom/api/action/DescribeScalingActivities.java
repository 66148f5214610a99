package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.ScalingActivity;

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
        record Row(ScalingActivity activity, Group group) {
            String key() {
                return String.format("%019d", Long.MAX_VALUE - activity.startTime().toEpochMilli()) + activity.id();
            }
        }
        List<Row> rows = ctx.db().read(tx -> {
            Map<Long, Group> live = tx.groups().list(owner).stream().collect(Collectors.toMap(Group::id, g -> g));
            return tx.activities().list(owner, groupName).stream()
                    .map(a -> new Row(a, live.get(a.groupId())))
                    .filter(r -> withDeleted || r.group() != null)
                    .toList();
        });
        if (ids != null && !ids.isEmpty()) {
            Set<String> wanted = new HashSet<>(ids);
            rows = rows.stream().filter(r -> wanted.contains(r.activity().id())).toList();
        }
        Page<Row> page = Page.of(rows, Row::key, p, 100, 100);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("Activities", page.items(), (o, r) -> {
            render(o, r.activity());
            if (withDeleted) o.text("AutoScalingGroupState", r.group() == null ? "Deleted" : "InService");
            o.text("AutoScalingGroupARN", r.group() == null ? null : Arns.group(owner, r.group().uuid(), r.group().name()));
        });
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
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
