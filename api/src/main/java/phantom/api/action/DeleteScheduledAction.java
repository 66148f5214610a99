package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/** Deletes one scheduled action of a group; an unknown name is a ValidationError, as AWS answers. */
final class DeleteScheduledAction implements Action {
    private final ActionContext ctx;

    DeleteScheduledAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DeleteScheduledAction";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        String action = p.requiredString("ScheduledActionName", 1, 255);
        ctx.schedules().delete(owner, group, action);
        return XmlWriter.response(name()).finish(requestId);
    }
}
