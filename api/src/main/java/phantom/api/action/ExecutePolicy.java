package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Runs a scaling policy now, as a CloudWatch alarm would: MetricValue and BreachThreshold pick a
 * step policy's step; HonorCooldown makes a simple policy wait out its group's cooldown. The
 * rules are {@link phantom.core.group.PolicyRules#executed}.
 */
final class ExecutePolicy implements Action {
    private final ActionContext ctx;

    ExecutePolicy(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "ExecutePolicy";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.string("AutoScalingGroupName", 1, 255);
        String policy = p.requiredString("PolicyName", 1, 1600);
        Boolean honorCooldown = p.bool("HonorCooldown");
        Double metricValue = p.decimal("MetricValue");
        Double breachThreshold = p.decimal("BreachThreshold");
        ctx.policies().execute(owner, PolicyNames.ref(group, policy), Boolean.TRUE.equals(honorCooldown), metricValue,
                breachThreshold);
        return XmlWriter.response(name()).finish(requestId);
    }
}
