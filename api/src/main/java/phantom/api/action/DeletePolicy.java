package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/** Deletes a scaling policy, named by its name (with its group) or its ARN. */
final class DeletePolicy implements Action {
    private final ActionContext ctx;

    DeletePolicy(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DeletePolicy";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.string("AutoScalingGroupName", 1, 255);
        String policy = p.requiredString("PolicyName", 1, 1600);
        ctx.policies().delete(owner, PolicyNames.ref(group, policy));
        return XmlWriter.response(name()).finish(requestId);
    }
}
