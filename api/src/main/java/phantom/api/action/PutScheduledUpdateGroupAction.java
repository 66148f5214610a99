package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Creates a scheduled action of a group, or updates the group's action of that name (what is not
 * given stays as it was); the rules are {@link phantom.core.group.ScheduleRules#put}.
 */
final class PutScheduledUpdateGroupAction implements Action {
    private final ActionContext ctx;

    PutScheduledUpdateGroupAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "PutScheduledUpdateGroupAction";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        ctx.schedules().put(owner, group, ScheduledActionParams.request(p, true));
        return XmlWriter.response(name()).finish(requestId);
    }
}
