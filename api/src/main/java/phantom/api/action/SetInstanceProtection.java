package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.GroupRules;

/**
 * Protects VMs of a group from scale in, or lifts the protection: the engine never chooses a
 * protected VM when the group shrinks (docs/api.md, "Scale-in protection and termination policies").
 */
final class SetInstanceProtection implements Action {
    private final ActionContext ctx;

    SetInstanceProtection(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "SetInstanceProtection";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> ids = p.strings("InstanceIds", GroupRules.MAX_PROTECTION_IDS, 1, 64);
        if (ids == null || ids.isEmpty()) throw ApiError.missing("InstanceIds");
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        boolean protect = p.requiredBool("ProtectedFromScaleIn");
        ctx.groups().setInstanceProtection(owner, group, ids, protect);
        return XmlWriter.response(name()).begin(name() + "Result").end().finish(requestId);
    }
}
