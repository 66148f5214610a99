package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.NewPolicy;
import phantom.core.model.ScalingPolicy;
import phantom.core.model.StepAdjustment;

/**
 * Creates or replaces a group's scaling policy (SimpleScaling, StepScaling); the rules are
 * {@link phantom.core.group.PolicyRules#put}. Answers its ARN and no alarms (Phantom has no CloudWatch).
 */
final class PutScalingPolicy implements Action {
    /** The most step adjustments one request may carry. */
    static final int MAX_STEPS = 100;

    private final ActionContext ctx;

    PutScalingPolicy(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "PutScalingPolicy";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.requiredString("AutoScalingGroupName", 1, 255);
        String policy = p.requiredString("PolicyName", 1, 255);
        List<StepAdjustment> steps = null;
        List<QueryParams> given = p.structs("StepAdjustments", MAX_STEPS);
        if (given != null) {
            steps = new ArrayList<>();
            for (QueryParams s : given) {
                steps.add(new StepAdjustment(s.decimal("MetricIntervalLowerBound"), s.decimal("MetricIntervalUpperBound"),
                        s.requiredInteger("ScalingAdjustment")));
            }
        }
        NewPolicy request = new NewPolicy(group, policy,
                p.string("PolicyType", 1, 64),
                p.string("AdjustmentType", 1, 255),
                p.integer("MinAdjustmentStep"),
                p.integer("MinAdjustmentMagnitude"),
                p.integer("ScalingAdjustment"),
                p.integer("Cooldown"),
                p.string("MetricAggregationType", 1, 32),
                steps,
                p.integer("EstimatedInstanceWarmup"),
                p.bool("Enabled"),
                !p.withPrefix("TargetTrackingConfiguration").isEmpty(),
                !p.withPrefix("PredictiveScalingConfiguration").isEmpty());
        ScalingPolicy stored = ctx.policies().put(owner, request);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.text("PolicyARN", Arns.scalingPolicy(owner, stored.uuid(), stored.groupName(), stored.name()));
        x.list("Alarms", List.of(), (o, a) -> { });
        return x.end().finish(requestId);
    }
}
