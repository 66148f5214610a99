package phantom.api.action;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.ScheduledAction;

/**
 * The caller's scheduled actions that have a run to come, by group and name: of one group, of the
 * names given (the time filters then ignored, as AWS does), or those whose next run is between
 * StartTime and EndTime; pages of MaxRecords (default 50, at most 100).
 */
final class DescribeScheduledActions implements Action {
    private final ActionContext ctx;

    DescribeScheduledActions(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeScheduledActions";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.string("AutoScalingGroupName", 1, 255);
        List<String> names = p.strings("ScheduledActionNames", 50, 1, 255);
        Instant from = p.time("StartTime");
        Instant to = p.time("EndTime");
        int max = Page.max(p, 50, 100);
        String after = Page.after(p); // group name NUL action name: no stored name holds a NUL
        String afterGroup = null;
        String afterName = null;
        if (after != null) {
            int cut = after.indexOf('\0');
            if (cut < 0) throw phantom.api.ApiError.invalidNextToken();
            afterGroup = after.substring(0, cut);
            afterName = after.substring(cut + 1);
        }
        Page<ScheduledAction> page = Page.of(ctx.schedules().describe(owner, group,
                names == null || names.isEmpty() ? null : names, from, to, afterGroup, afterName, max + 1), max,
                a -> a.groupName() + "\0" + a.name());
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("ScheduledUpdateGroupActions", page.items(), ScheduledActionParams::render);
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }
}
