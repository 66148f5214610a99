package phantom.core.group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import phantom.core.model.ActivityStatus;
import phantom.core.model.AdjustmentType;
import phantom.core.model.Group;
import phantom.core.model.PolicyType;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScalingPolicy;
import phantom.core.model.StepAdjustment;
import phantom.core.text.AwsTime;

/**
 * The rules of scaling policies (docs/api.md, "Scaling policies"): what PutScalingPolicy may
 * store, and what ExecutePolicy does to a group. Pure, like {@link GroupRules}: the arithmetic is
 * {@link Adjustments}, the cooldown {@link Cooldown}; {@code phantom.groups.PolicyService} applies
 * them in transactions.
 */
public final class PolicyRules {
    /** Policies per group, AWS's default quota. */
    public static final int MAX_POLICIES_PER_GROUP = 50;
    static final Set<String> AGGREGATION_TYPES = Set.of("Minimum", "Maximum", "Average");
    static final String DEFAULT_AGGREGATION = "Average";

    private PolicyRules() {
    }

    /**
     * The policy a PutScalingPolicy request stores for group {@code g}, checked as AWS checks it:
     * each type's required members, the members another type owns refused, the step intervals
     * without gap or overlap.
     */
    public static ScalingPolicy put(Group g, NewPolicy r, String uuid, Instant now) {
        GroupRules.requireLive(g);
        PolicyType type = type(r);
        notFor(type, "TargetTrackingConfiguration", r.targetTrackingGiven());
        notFor(type, "PredictiveScalingConfiguration", r.predictiveGiven());
        AdjustmentType adjustment = adjustmentType(r.adjustmentType(), type);
        Integer magnitude = minAdjustmentMagnitude(r, adjustment);
        if (r.estimatedInstanceWarmup() != null && r.estimatedInstanceWarmup() < 0) {
            throw Refusal.constraint(String.valueOf(r.estimatedInstanceWarmup()), "EstimatedInstanceWarmup", "Member must be >= 0");
        }
        List<StepAdjustment> steps = List.of();
        Integer scalingAdjustment = null;
        Integer cooldown = null;
        String aggregation = null;
        if (type == PolicyType.SimpleScaling) {
            notFor(type, "StepAdjustments", r.stepAdjustments() != null);
            notFor(type, "MetricAggregationType", r.metricAggregationType() != null);
            notFor(type, "EstimatedInstanceWarmup", r.estimatedInstanceWarmup() != null);
            if (r.scalingAdjustment() == null) throw requiredFor(type, "ScalingAdjustment");
            scalingAdjustment = r.scalingAdjustment();
            if (adjustment == AdjustmentType.ExactCapacity && scalingAdjustment < 0) throw negativeExact(scalingAdjustment);
            if (r.cooldown() != null && r.cooldown() < 0) {
                throw Refusal.constraint(String.valueOf(r.cooldown()), "Cooldown", "Member must be >= 0");
            }
            cooldown = r.cooldown();
        } else {
            notFor(type, "ScalingAdjustment", r.scalingAdjustment() != null);
            notFor(type, "Cooldown", r.cooldown() != null);
            if (r.stepAdjustments() == null || r.stepAdjustments().isEmpty()) throw requiredFor(type, "StepAdjustments");
            steps = checkedSteps(r.stepAdjustments(), adjustment);
            if (r.metricAggregationType() != null && !AGGREGATION_TYPES.contains(r.metricAggregationType())) {
                throw Refusal.validation("Invalid metric aggregation type: " + r.metricAggregationType()
                        + ". Valid values are Minimum, Maximum and Average.");
            }
            aggregation = r.metricAggregationType() == null ? DEFAULT_AGGREGATION : r.metricAggregationType();
        }
        return new ScalingPolicy(g.id(), g.owner(), g.name(), r.name(), uuid, type, adjustment, magnitude, scalingAdjustment,
                cooldown, aggregation, steps, r.estimatedInstanceWarmup(), r.enabled() == null || r.enabled(), now);
    }

    /** What one execution of a policy does: the group as it must be stored, and its activity (null when nothing changes). */
    public record Execution(Group group, ScalingActivity activity) {
    }

    /**
     * The group after ExecutePolicy of {@code p}: its desired capacity moved by the policy's
     * adjustment (a step policy's step chosen by {@code metricValue - breachThreshold}) and clamped
     * to MinSize..MaxSize, with an activity whose cause names the policy as AWS words it. The
     * cooldown, when honoured, is checked before ({@link #cooldownSeconds}).
     */
    public static Execution executed(Group g, ScalingPolicy p, Double metricValue, Double breachThreshold, String activityId,
            Instant now, int limit) {
        GroupRules.requireLive(g);
        if (!p.enabled()) {
            throw Refusal.validation("Policy " + p.name() + " of AutoScalingGroup '" + g.name()
                    + "' is disabled: enable it with PutScalingPolicy (Enabled=true) to execute it.");
        }
        int adjustment;
        if (p.type() == PolicyType.StepScaling) {
            if (metricValue == null) throw requiredFor(p.type(), "MetricValue");
            if (breachThreshold == null) throw requiredFor(p.type(), "BreachThreshold");
            double difference = metricValue - breachThreshold;
            adjustment = Adjustments.step(p.stepAdjustments(), difference).orElseThrow(() -> Refusal.validation(
                    "The metric value " + metricValue + " with the breach threshold " + breachThreshold
                            + " matches no step adjustment of policy " + p.name() + ".")).scalingAdjustment();
        } else {
            notFor(p.type(), "MetricValue", metricValue != null);
            notFor(p.type(), "BreachThreshold", breachThreshold != null);
            adjustment = p.scalingAdjustment();
        }
        int before = g.desiredCapacity();
        int after = Adjustments.desired(p.adjustmentType(), adjustment, p.minAdjustmentMagnitude(), before, g.minSize(),
                g.maxSize());
        if (after == before) return new Execution(g, null);
        Group next = GroupRules.resized(g, after, limit);
        String cause = "At " + AwsTime.format(now) + " a user request executed policy " + p.name()
                + " changing the desired capacity from " + before + " to " + after + ".";
        ScalingActivity a = new ScalingActivity(activityId, g.id(), g.owner(), g.name(), "Executing policy " + p.name()
                + ": changing the desired capacity from " + before + " to " + after, cause, now, now,
                ActivityStatus.Successful, null, 100, "{}");
        return new Execution(next, a);
    }

    /**
     * The cooldown an execution of {@code p} honours when asked to: a simple policy's own Cooldown,
     * else its group's DefaultCooldown. A step policy has none (AWS: HonorCooldown is for simple
     * policies only), so null.
     */
    public static Integer cooldownSeconds(Group g, ScalingPolicy p) {
        if (p.type() != PolicyType.SimpleScaling) return null;
        return p.cooldown() != null ? p.cooldown() : g.defaultCooldown();
    }

    public static Refusal notFound(String groupName, String policy) {
        return Refusal.validation("No scaling policy found for AutoScalingGroup '" + groupName + "' with name or ARN " + policy);
    }

    public static Refusal arnNotFound(String arn) {
        return Refusal.validation("No scaling policy found with ARN " + arn);
    }

    public static Refusal tooMany(String groupName) {
        return Refusal.limitExceeded("AutoScalingGroup '" + groupName + "' has " + MAX_POLICIES_PER_GROUP
                + " scaling policies, the most it can have: delete one before putting another.");
    }

    /** A policy named by its name needs its group; an ARN names both. */
    public static Refusal groupNeeded(String policyName) {
        return Refusal.validation("PolicyName " + policyName + " is not an ARN: give its AutoScalingGroupName too.");
    }

    private static PolicyType type(NewPolicy r) {
        String t = r.policyType() == null ? PolicyType.SimpleScaling.name() : r.policyType();
        switch (t) {
            case "SimpleScaling":
                return PolicyType.SimpleScaling;
            case "StepScaling":
                return PolicyType.StepScaling;
            case "TargetTrackingScaling":
            case "PredictiveScaling":
                throw Refusal.validation("PolicyType " + t + " is not supported by this service: it needs CloudWatch metrics,"
                        + " which Phantom does not have. Use SimpleScaling or StepScaling and run them with ExecutePolicy.");
            default:
                throw Refusal.validation("Invalid policy type: " + t
                        + ". Valid values are SimpleScaling, StepScaling, TargetTrackingScaling and PredictiveScaling.");
        }
    }

    private static AdjustmentType adjustmentType(String given, PolicyType type) {
        if (given == null) throw requiredFor(type, "AdjustmentType");
        return Arrays.stream(AdjustmentType.values()).filter(a -> a.name().equals(given)).findFirst()
                .orElseThrow(() -> Refusal.validation("Invalid adjustment type: " + given
                        + ". Valid values are ChangeInCapacity, ExactCapacity and PercentChangeInCapacity."));
    }

    /** MinAdjustmentMagnitude (or its older name MinAdjustmentStep), with PercentChangeInCapacity only. */
    private static Integer minAdjustmentMagnitude(NewPolicy r, AdjustmentType adjustment) {
        Integer m = r.minAdjustmentMagnitude();
        Integer step = r.minAdjustmentStep();
        if (m != null && step != null && !m.equals(step)) {
            throw Refusal.validation("MinAdjustmentMagnitude " + m + " and MinAdjustmentStep " + step
                    + " disagree: give MinAdjustmentMagnitude only (MinAdjustmentStep is its older name).");
        }
        if (m == null) m = step;
        if (m == null) return null;
        if (adjustment != AdjustmentType.PercentChangeInCapacity) {
            throw Refusal.validation("MinAdjustmentMagnitude is only supported with the adjustment type PercentChangeInCapacity.");
        }
        if (m < 1) throw Refusal.constraint(String.valueOf(m), "MinAdjustmentMagnitude", "Member must be >= 1");
        return m;
    }

    /**
     * The step adjustments, in the order given, if they follow AWS's rules: no step unbounded on
     * both sides, a lower bound below its upper bound, at most one unbounded below and one
     * unbounded above, no gap and no overlap, and a negative lower bound (or positive upper bound)
     * only with a step unbounded on that side.
     */
    static List<StepAdjustment> checkedSteps(List<StepAdjustment> steps, AdjustmentType adjustment) {
        for (StepAdjustment s : steps) {
            if (s.lowerBound() == null && s.upperBound() == null) {
                throw Refusal.validation("A step adjustment needs a MetricIntervalLowerBound or a MetricIntervalUpperBound:"
                        + " the upper and lower bound can't both be null in the same step.");
            }
            if (s.lowerBound() != null && s.upperBound() != null && s.lowerBound() >= s.upperBound()) {
                throw Refusal.validation("The step adjustment's MetricIntervalLowerBound " + s.lowerBound()
                        + " must be less than its MetricIntervalUpperBound " + s.upperBound() + ".");
            }
            if (adjustment == AdjustmentType.ExactCapacity && s.scalingAdjustment() < 0) throw negativeExact(s.scalingAdjustment());
        }
        if (steps.stream().filter(s -> s.lowerBound() == null).count() > 1) {
            throw Refusal.validation("At most one step adjustment can have a null MetricIntervalLowerBound.");
        }
        if (steps.stream().filter(s -> s.upperBound() == null).count() > 1) {
            throw Refusal.validation("At most one step adjustment can have a null MetricIntervalUpperBound.");
        }
        List<StepAdjustment> sorted = new ArrayList<>(steps);
        sorted.sort(Adjustments.BY_LOWER_BOUND);
        for (int i = 1; i < sorted.size(); i++) {
            Double end = sorted.get(i - 1).upperBound();
            Double start = sorted.get(i).lowerBound();
            if (end == null || !end.equals(start)) {
                throw Refusal.validation("The step adjustments' intervals must not overlap or leave a gap: one ends at "
                        + (end == null ? "infinity" : end) + " and the next starts at " + start + ".");
            }
        }
        StepAdjustment first = sorted.get(0);
        StepAdjustment last = sorted.get(sorted.size() - 1);
        if (first.lowerBound() != null && first.lowerBound() < 0) {
            throw Refusal.validation("A step adjustment has a negative MetricIntervalLowerBound (" + first.lowerBound()
                    + "), so one must have a null MetricIntervalLowerBound.");
        }
        if (last.upperBound() != null && last.upperBound() > 0) {
            throw Refusal.validation("A step adjustment has a positive MetricIntervalUpperBound (" + last.upperBound()
                    + "), so one must have a null MetricIntervalUpperBound.");
        }
        return steps;
    }

    private static void notFor(PolicyType type, String member, boolean given) {
        if (given) throw Refusal.validation(member + " is not supported for policy type " + type + ".");
    }

    private static Refusal requiredFor(PolicyType type, String member) {
        return Refusal.validation(member + " is required for policy type " + type + ".");
    }

    private static Refusal negativeExact(int adjustment) {
        return Refusal.validation("ScalingAdjustment " + adjustment
                + " is negative: the adjustment type ExactCapacity needs a non-negative value.");
    }
}
