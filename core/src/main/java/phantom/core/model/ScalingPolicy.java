package phantom.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A scaling policy of a group (PutScalingPolicy), keyed by its group and name. Null members were
 * not given and are not shown. The policy belongs to the group by id: a later group of the same
 * name does not inherit it, and deleting the group deletes it.
 *
 * @param uuid the id in the policy's ARN
 * @param cooldown SimpleScaling only: overrides the group's DefaultCooldown
 * @param metricAggregationType StepScaling only (Average when not given)
 * @param stepAdjustments StepScaling only; empty for SimpleScaling
 */
public record ScalingPolicy(
        long groupId,
        String owner,
        String groupName,
        String name,
        String uuid,
        PolicyType type,
        AdjustmentType adjustmentType,
        Integer minAdjustmentMagnitude,
        Integer scalingAdjustment,
        Integer cooldown,
        String metricAggregationType,
        List<StepAdjustment> stepAdjustments,
        Integer estimatedInstanceWarmup,
        boolean enabled,
        Instant createdTime) {

    public ScalingPolicy {
        stepAdjustments = List.copyOf(stepAdjustments);
    }
}
