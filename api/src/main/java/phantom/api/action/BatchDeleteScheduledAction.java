package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/** Deletes up to 50 scheduled actions of one group; each unknown name is answered in FailedScheduledActions. */
final class BatchDeleteScheduledAction implements Action {
    private final ActionContext ctx;

    BatchDeleteScheduledAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "BatchDeleteScheduledAction";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        List<String> names = ScheduledActionParams.batch(
                p.strings("ScheduledActionNames", ScheduledActionParams.MAX_BATCH + 1, 1, 255), "ScheduledActionNames");
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        ScheduledActionParams.failed(x, "FailedScheduledActions", ctx.schedules().batchDelete(owner, group, names));
        return x.end().finish(requestId);
    }
}
