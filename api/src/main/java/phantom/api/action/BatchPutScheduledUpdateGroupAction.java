package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.ScheduledActionRequest;

/** Puts up to 50 scheduled actions of one group; each refused entry is answered in FailedScheduledUpdateGroupActions. */
final class BatchPutScheduledUpdateGroupAction implements Action {
    private final ActionContext ctx;

    BatchPutScheduledUpdateGroupAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "BatchPutScheduledUpdateGroupAction";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        List<ScheduledActionRequest> requests = ScheduledActionParams.batch(
                p.structs("ScheduledUpdateGroupActions", ScheduledActionParams.MAX_BATCH + 1), "ScheduledUpdateGroupActions")
                .stream().map(e -> ScheduledActionParams.request(e, false)).toList();
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        ScheduledActionParams.failed(x, "FailedScheduledUpdateGroupActions", ctx.schedules().batchPut(owner, group, requests));
        return x.end().finish(requestId);
    }
}
