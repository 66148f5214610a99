package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Sets a group's desired count; the rules (a Phantom group's bounds move, a plain group's hold) are
 * {@link phantom.core.group.GroupRules#resized}.
 */
final class SetDesiredCapacity implements Action {
    private final ActionContext ctx;

    SetDesiredCapacity(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "SetDesiredCapacity";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        int n = p.requiredInteger("DesiredCapacity");
        Boolean honorCooldown = p.bool("HonorCooldown");
        ctx.groups().setDesiredCapacity(owner, name, n, Boolean.TRUE.equals(honorCooldown));
        return XmlWriter.response(name()).finish(requestId);
    }
}
