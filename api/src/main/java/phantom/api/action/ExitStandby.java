package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.Standby;
import phantom.core.model.ScalingActivity;

/**
 * Moves VMs of a group out of standby, back in service, raising its desired count by them
 * (docs/api.md, "Standby").
 */
final class ExitStandby implements Action {
    private final ActionContext ctx;

    ExitStandby(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "ExitStandby";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> given = p.strings("InstanceIds", Standby.MAX_IDS, 1, 64);
        if (given == null || given.isEmpty()) throw ApiError.missing("InstanceIds");
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        List<String> ids = List.copyOf(new LinkedHashSet<>(given));
        List<ScalingActivity> done = ctx.groups().exitStandby(owner, group, ids);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("Activities", done, DescribeScalingActivities::render);
        return x.end().finish(requestId);
    }
}
