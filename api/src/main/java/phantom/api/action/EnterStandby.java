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
 * Moves InService VMs of a group into standby: they keep running in the group but do not count toward
 * its desired count, are not health checked, replaced or scaled in (docs/api.md, "Standby").
 */
final class EnterStandby implements Action {
    private final ActionContext ctx;

    EnterStandby(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "EnterStandby";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> given = p.strings("InstanceIds", Standby.MAX_IDS, 1, 64);
        if (given == null || given.isEmpty()) throw ApiError.missing("InstanceIds");
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        List<String> ids = List.copyOf(new LinkedHashSet<>(given));
        boolean decrement = p.requiredBool("ShouldDecrementDesiredCapacity");
        List<ScalingActivity> done = ctx.groups().enterStandby(owner, group, ids, decrement);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("Activities", done, DescribeScalingActivities::render);
        return x.end().finish(requestId);
    }
}
