package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;

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
        Long pending = ctx.transaction(tx -> {
            Group g = Groups.require(tx, owner, name);
            boolean hasVms = tx.instances().forGroup(g.id()).stream().anyMatch(i -> !i.state().finished());
            if (!hasVms) {
                tx.groups().delete(g.id());
                return null;
            }
            if (!g.deleting()) tx.groups().update(g.markDeleting());
            return g.id();
        });
        if (pending != null) ctx.groupChanged().groupChanged(pending);
        return XmlWriter.response(name()).finish(requestId);
    }
}
