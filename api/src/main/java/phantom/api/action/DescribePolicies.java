package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.ScalingPolicy;

/**
 * Lists the caller's scaling policies, by group name then policy name (code point order), paged
 * as the other Describe actions page ({@link Page}). PolicyNames takes names or ARNs; an unknown
 * one is ignored, as AWS ignores it, and so is an unknown group.
 */
final class DescribePolicies implements Action {
    private static final Comparator<String> CODE_POINTS =
            (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

    private final ActionContext ctx;

    DescribePolicies(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribePolicies";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = p.string("AutoScalingGroupName", 1, 255);
        List<String> names = p.strings("PolicyNames", 50, 1, 1600);
        List<String> types = p.strings("PolicyTypes", 50, 1, 64);
        int max = Page.max(p, 50, 100);
        String after = Page.after(p);
        List<ScalingPolicy> chosen = ctx.policies().list(owner, group).stream()
                .filter(sp -> names == null || names.isEmpty() || names.contains(sp.name()) || names.contains(arn(sp)))
                .filter(sp -> types == null || types.isEmpty() || types.contains(sp.type().name()))
                .filter(sp -> after == null || CODE_POINTS.compare(key(sp), after) > 0)
                .limit(max + 1L)
                .toList();
        Page<ScalingPolicy> page = Page.of(chosen, max, DescribePolicies::key);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("ScalingPolicies", page.items(), DescribePolicies::render);
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }

    /** A policy's place in the listing: its group's name, then its own (no name holds a NUL). */
    private static String key(ScalingPolicy sp) {
        return sp.groupName() + "\u0000" + sp.name();
    }

    private static String arn(ScalingPolicy sp) {
        return Arns.scalingPolicy(sp.owner(), sp.uuid(), sp.groupName(), sp.name());
    }

    static void render(XmlWriter x, ScalingPolicy sp) {
        x.text("AutoScalingGroupName", sp.groupName())
                .text("PolicyName", sp.name())
                .text("PolicyARN", arn(sp))
                .text("PolicyType", sp.type().name())
                .text("AdjustmentType", sp.adjustmentType().name())
                .number("MinAdjustmentStep", sp.minAdjustmentMagnitude())
                .number("MinAdjustmentMagnitude", sp.minAdjustmentMagnitude())
                .number("ScalingAdjustment", sp.scalingAdjustment())
                .number("Cooldown", sp.cooldown());
        x.text("MetricAggregationType", sp.metricAggregationType())
                .number("EstimatedInstanceWarmup", sp.estimatedInstanceWarmup());
        x.list("Alarms", List.of(), (o, a) -> { });
        x.bool("Enabled", sp.enabled());
        // last, as the lists boto 2 does not know are (wire-protocol.md); boto 2 reads a step's ScalingAdjustment as the
        // policy's, so it shows a step policy with its last step's adjustment (a simple policy's list is empty)
        x.list("StepAdjustments", sp.stepAdjustments(), (o, s) -> o
                .number("MetricIntervalLowerBound", s.lowerBound())
                .number("MetricIntervalUpperBound", s.upperBound())
                .number("ScalingAdjustment", s.scalingAdjustment()));
    }
}
