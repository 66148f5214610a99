package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Deletes a group: with or without ForceDelete its VMs are terminated (a VM Phantom forgets still
 * costs money), the group shows Status "Delete in progress" until they are gone, then disappears.
 * A group with no VMs goes at once.
 */
final class DeleteAutoScalingGroup implements Action {
    private final ActionContext ctx;

    DeleteAutoScalingGroup(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DeleteAutoScalingGroup";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        p.bool("ForceDelete");
        ctx.groups().delete(owner, name);
        return XmlWriter.response(name()).finish(requestId);
    }
}
