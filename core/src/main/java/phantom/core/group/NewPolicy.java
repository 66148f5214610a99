package phantom.core.group;

import java.util.List;
import phantom.core.model.StepAdjustment;

/**
 * A PutScalingPolicy request, decoded: what the client gave, nothing checked yet (the rules are
 * {@link PolicyRules#put}). Null means "not given".
 *
 * @param policyType null for AWS's default, SimpleScaling
 * @param minAdjustmentStep the older name of MinAdjustmentMagnitude, still in AWS's model
 * @param stepAdjustments null when not given
 * @param targetTrackingGiven whether a TargetTrackingConfiguration came (Phantom cannot run one)
 * @param predictiveGiven whether a PredictiveScalingConfiguration came (Phantom cannot run one)
 */
public record NewPolicy(
        String groupName,
        String name,
        String policyType,
        String adjustmentType,
        Integer minAdjustmentStep,
        Integer minAdjustmentMagnitude,
        Integer scalingAdjustment,
        Integer cooldown,
        String metricAggregationType,
        List<StepAdjustment> stepAdjustments,
        Integer estimatedInstanceWarmup,
        Boolean enabled,
        boolean targetTrackingGiven,
        boolean predictiveGiven) {

    public NewPolicy {
        stepAdjustments = stepAdjustments == null ? null : List.copyOf(stepAdjustments);
    }
}
