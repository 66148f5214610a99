package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.model.ActivityStatus;
import phantom.core.model.AdjustmentType;
import phantom.core.model.Group;
import phantom.core.model.PolicyType;
import phantom.core.model.ScalingPolicy;
import phantom.core.model.StepAdjustment;

/** What PutScalingPolicy may store and what ExecutePolicy does, as pure functions, with the refusals' messages. */
class PolicyRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30.123Z");
    private static final StepAdjustment UP = new StepAdjustment(0.0, null, 2);

    /** A plain group on hotel: min 1, max 6, desired 2, DefaultCooldown 300. */
    private static Group group() {
        return GroupRules.created("alice", new NewGroup("web", "web@hotel", 1, 6, 2, null, List.of(), null, null, GroupSettings.NONE),
                "0000abcd-0000-4000-8000-000000000001", NOW, 1000).toBuilder().id(8).version(1).build();
    }

    private static NewPolicy simple(String adjustmentType, Integer adjustment) {
        return new NewPolicy("web", "up", null, adjustmentType, null, null, adjustment, null, null, null, null, null, false, false);
    }

    private static NewPolicy step(String adjustmentType, List<StepAdjustment> steps) {
        return new NewPolicy("web", "steps", "StepScaling", adjustmentType, null, null, null, null, null, steps, null, null, false,
                false);
    }

    private static ScalingPolicy put(NewPolicy r) {
        return PolicyRules.put(group(), r, "p-1", NOW);
    }

    private static void refused(Supplier<?> change, Refusal.Code code, String message) {
        assertThatThrownBy(change::get).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void aSimplePolicyIsTheDefaultAndKeepsWhatWasGiven() {
        ScalingPolicy p = put(new NewPolicy("web", "up", null, "ChangeInCapacity", null, null, 2, 60, null, null, null, false, false,
                false));
        assertThat(p).isEqualTo(new ScalingPolicy(8, "alice", "web", "up", "p-1", PolicyType.SimpleScaling,
                AdjustmentType.ChangeInCapacity, null, 2, 60, null, List.of(), null, false, NOW));
    }

    @Test
    void aStepPolicyAveragesWhenNoAggregationIsGiven() {
        ScalingPolicy p = put(step("PercentChangeInCapacity", List.of(UP)));
        assertThat(p.type()).isEqualTo(PolicyType.StepScaling);
        assertThat(p.metricAggregationType()).isEqualTo("Average");
        assertThat(p.enabled()).isTrue();
        assertThat(p.stepAdjustments()).containsExactly(UP);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "TargetTrackingScaling|PolicyType TargetTrackingScaling is not supported by this service: it needs CloudWatch metrics,"
                    + " which Phantom does not have. Use SimpleScaling or StepScaling and run them with ExecutePolicy.",
            "PredictiveScaling|PolicyType PredictiveScaling is not supported by this service: it needs CloudWatch metrics,"
                    + " which Phantom does not have. Use SimpleScaling or StepScaling and run them with ExecutePolicy.",
            "Simple|Invalid policy type: Simple. Valid values are SimpleScaling, StepScaling, TargetTrackingScaling and"
                    + " PredictiveScaling.",
    })
    void policyTypesPhantomCannotRun(String type, String message) {
        refused(() -> put(new NewPolicy("web", "t", type, null, null, null, null, null, null, null, null, null, true, false)),
                Refusal.Code.VALIDATION_ERROR, message);
    }

    @Test
    void eachTypesMembersAreCheckedAsAwsChecksThem() {
        refused(() -> put(simple(null, 1)), Refusal.Code.VALIDATION_ERROR, "AdjustmentType is required for policy type SimpleScaling.");
        refused(() -> put(new NewPolicy("web", "up", null, "ChangeInCapacity", null, null, 1, null, null, null, null, null, true,
                false)), Refusal.Code.VALIDATION_ERROR, "TargetTrackingConfiguration is not supported for policy type SimpleScaling.");
        refused(() -> put(new NewPolicy("web", "s", "StepScaling", "ChangeInCapacity", null, null, null, null, null, List.of(UP), null,
                null, false, true)), Refusal.Code.VALIDATION_ERROR,
                "PredictiveScalingConfiguration is not supported for policy type StepScaling.");
        refused(() -> put(simple("Bigger", 1)), Refusal.Code.VALIDATION_ERROR,
                "Invalid adjustment type: Bigger. Valid values are ChangeInCapacity, ExactCapacity and PercentChangeInCapacity.");
        refused(() -> put(simple("ChangeInCapacity", null)), Refusal.Code.VALIDATION_ERROR,
                "ScalingAdjustment is required for policy type SimpleScaling.");
        refused(() -> put(simple("ExactCapacity", -1)), Refusal.Code.VALIDATION_ERROR,
                "ScalingAdjustment -1 is negative: the adjustment type ExactCapacity needs a non-negative value.");
        refused(() -> put(new NewPolicy("web", "up", null, "ChangeInCapacity", null, 2, 1, null, null, null, null, null, false, false)),
                Refusal.Code.VALIDATION_ERROR,
                "MinAdjustmentMagnitude is only supported with the adjustment type PercentChangeInCapacity.");
        refused(() -> put(new NewPolicy("web", "up", null, "ChangeInCapacity", null, null, 1, null, null, List.of(UP), null, null,
                false, false)), Refusal.Code.VALIDATION_ERROR, "StepAdjustments is not supported for policy type SimpleScaling.");
        refused(() -> put(new NewPolicy("web", "s", "StepScaling", "ChangeInCapacity", null, null, null, 30, null, List.of(UP), null,
                null, false, false)), Refusal.Code.VALIDATION_ERROR, "Cooldown is not supported for policy type StepScaling.");
        refused(() -> put(step("ChangeInCapacity", List.of())), Refusal.Code.VALIDATION_ERROR,
                "StepAdjustments is required for policy type StepScaling.");
        refused(() -> put(new NewPolicy("web", "s", "StepScaling", "ChangeInCapacity", null, null, null, null, "Median", List.of(UP),
                null, null, false, false)), Refusal.Code.VALIDATION_ERROR,
                "Invalid metric aggregation type: Median. Valid values are Minimum, Maximum and Average.");
    }

    @Test
    void stepIntervalsHaveNoGapNoOverlapAndTheUnboundedEnds() {
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(0.0, 10.0, 1), new StepAdjustment(12.0, null, 2)))),
                Refusal.Code.VALIDATION_ERROR,
                "The step adjustments' intervals must not overlap or leave a gap: one ends at 10.0 and the next starts at 12.0.");
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(0.0, 10.0, 1), new StepAdjustment(5.0, null, 2)))),
                Refusal.Code.VALIDATION_ERROR,
                "The step adjustments' intervals must not overlap or leave a gap: one ends at 10.0 and the next starts at 5.0.");
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(0.0, 10.0, 1)))), Refusal.Code.VALIDATION_ERROR,
                "A step adjustment has a positive MetricIntervalUpperBound (10.0), so one must have a null MetricIntervalUpperBound.");
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(-5.0, 0.0, -1)))), Refusal.Code.VALIDATION_ERROR,
                "A step adjustment has a negative MetricIntervalLowerBound (-5.0), so one must have a null MetricIntervalLowerBound.");
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(null, null, 1)))), Refusal.Code.VALIDATION_ERROR,
                "A step adjustment needs a MetricIntervalLowerBound or a MetricIntervalUpperBound: the upper and lower bound can't"
                        + " both be null in the same step.");
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(5.0, 5.0, 1)))), Refusal.Code.VALIDATION_ERROR,
                "The step adjustment's MetricIntervalLowerBound 5.0 must be less than its MetricIntervalUpperBound 5.0.");
        refused(() -> put(step("ChangeInCapacity", List.of(new StepAdjustment(0.0, null, 1), new StepAdjustment(10.0, null, 1)))),
                Refusal.Code.VALIDATION_ERROR, "At most one step adjustment can have a null MetricIntervalUpperBound.");
        // scale-in steps below the threshold, given out of order
        assertThat(put(step("ChangeInCapacity", List.of(new StepAdjustment(-10.0, 0.0, -1), new StepAdjustment(null, -10.0, -2))))
                .stepAdjustments()).hasSize(2);
    }

    @Test
    void executionMovesTheDesiredCapacityAndRecordsWhy() {
        ScalingPolicy p = put(simple("ChangeInCapacity", 3));
        PolicyRules.Execution e = PolicyRules.executed(group(), p, null, null, "act-1", NOW, 1000);
        assertThat(e.group().desiredCapacity()).isEqualTo(5);
        assertThat(e.activity().id()).isEqualTo("act-1");
        assertThat(e.activity().groupId()).isEqualTo(8);
        assertThat(e.activity().status()).isEqualTo(ActivityStatus.Successful);
        assertThat(e.activity().endTime()).isEqualTo(NOW);
        assertThat(e.activity().cause()).isEqualTo("At 2026-12-02T10:15:30.123Z a user request executed policy up changing the"
                + " desired capacity from 2 to 5.");
    }

    @Test
    void anExecutionAtABoundChangesNothing() {
        ScalingPolicy p = put(simple("ExactCapacity", 0));
        PolicyRules.Execution e = PolicyRules.executed(group().toBuilder().sizes(1, 6, 1).build(), p, null, null, "a", NOW, 1000);
        assertThat(e.activity()).isNull();
        assertThat(e.group().desiredCapacity()).isEqualTo(1);
    }

    @Test
    void aStepPolicyNeedsTheMetricAndASimpleOneRefusesIt() {
        ScalingPolicy steps = put(step("ChangeInCapacity", List.of(new StepAdjustment(0.0, 10.0, 1), new StepAdjustment(10.0, null, 3))));
        assertThat(PolicyRules.executed(group(), steps, 65.0, 50.0, "a", NOW, 1000).group().desiredCapacity()).isEqualTo(5);
        assertThat(PolicyRules.executed(group(), steps, 55.0, 50.0, "a", NOW, 1000).group().desiredCapacity()).isEqualTo(3);
        refused(() -> PolicyRules.executed(group(), steps, null, 50.0, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "MetricValue is required for policy type StepScaling.");
        refused(() -> PolicyRules.executed(group(), steps, 50.0, null, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "BreachThreshold is required for policy type StepScaling.");
        refused(() -> PolicyRules.executed(group(), steps, 40.0, 50.0, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "The metric value 40.0 with the breach threshold 50.0 matches no step adjustment of policy steps.");
        ScalingPolicy simple = put(simple("ChangeInCapacity", 1));
        refused(() -> PolicyRules.executed(group(), simple, 1.0, null, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "MetricValue is not supported for policy type SimpleScaling.");
        refused(() -> PolicyRules.executed(group(), simple, null, 1.0, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "BreachThreshold is not supported for policy type SimpleScaling.");
    }

    @Test
    void theCooldownIsTheSimplePolicysOwnElseTheGroups() {
        assertThat(PolicyRules.cooldownSeconds(group(), put(simple("ChangeInCapacity", 1)))).isEqualTo(300);
        ScalingPolicy own = put(new NewPolicy("web", "up", null, "ChangeInCapacity", null, null, 1, 45, null, null, null, null, false,
                false));
        assertThat(PolicyRules.cooldownSeconds(group(), own)).isEqualTo(45);
        assertThat(PolicyRules.cooldownSeconds(group(), put(step("ChangeInCapacity", List.of(UP))))).isNull();
    }

    @Test
    void aDisabledPolicyOrAGroupBeingDeletedIsNotExecuted() {
        ScalingPolicy off = put(new NewPolicy("web", "up", null, "ChangeInCapacity", null, null, 1, null, null, null, null, false,
                false, false));
        refused(() -> PolicyRules.executed(group(), off, null, null, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "Policy up of AutoScalingGroup 'web' is disabled: enable it with PutScalingPolicy (Enabled=true) to execute it.");
        ScalingPolicy on = put(simple("ChangeInCapacity", 1));
        refused(() -> PolicyRules.executed(group().markDeleting(), on, null, null, "a", NOW, 1000), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup 'web' is being deleted.");
    }
}
