package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.describe;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phantom.core.model.User;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.DescribePoliciesResponse;
import software.amazon.awssdk.services.autoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.StepAdjustment;

/**
 * Scaling policies over HTTP with the AWS SDK for Java v2: PutScalingPolicy, ExecutePolicy,
 * DescribePolicies and DeletePolicy, their refusals (which change nothing), the cooldown of
 * SetDesiredCapacity and ExecutePolicy, deletion with the group, and a restart.
 */
class PolicyApiTest {
    static RunningPhantom phantom;
    static User aliceKeys;
    static AutoScalingClient alice;
    static AutoScalingClient bob;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        aliceKeys = phantom.user("alice");
        alice = phantom.client(aliceKeys);
        bob = phantom.client(phantom.user("bob"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("m1.small"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    /** A plain group on hotel. */
    static void group(String name, int min, int max, int desired) {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("web@hotel").minSize(min).maxSize(max)
                .desiredCapacity(desired));
    }

    static String simple(String group, String name, String adjustmentType, int adjustment) {
        return alice.putScalingPolicy(r -> r.autoScalingGroupName(group).policyName(name).adjustmentType(adjustmentType)
                .scalingAdjustment(adjustment)).policyARN();
    }

    static int desired(String group) {
        return describe(alice, group).desiredCapacity();
    }

    static List<ScalingPolicy> policies(String group) {
        return alice.describePolicies(r -> r.autoScalingGroupName(group)).scalingPolicies();
    }

    static void refused(AwsServiceException e, String code, String message) {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    @Test
    void a_simple_policy_is_put_described_executed_replaced_and_deleted() {
        group("s1", 0, 5, 2);
        PutScalingPolicyResponse put = alice.putScalingPolicy(r -> r.autoScalingGroupName("s1").policyName("up")
                .adjustmentType("ChangeInCapacity").scalingAdjustment(2).cooldown(60));
        assertThat(put.policyARN()).matches("arn:aws:autoscaling:phantom:\\d{12}:scalingPolicy:[0-9a-f-]{36}"
                + ":autoScalingGroupName/s1:policyName/up");
        assertThat(put.alarms()).isEmpty();

        ScalingPolicy p = policies("s1").get(0);
        assertThat(p.policyName()).isEqualTo("up");
        assertThat(p.autoScalingGroupName()).isEqualTo("s1");
        assertThat(p.policyARN()).isEqualTo(put.policyARN());
        assertThat(p.policyType()).isEqualTo("SimpleScaling");
        assertThat(p.adjustmentType()).isEqualTo("ChangeInCapacity");
        assertThat(p.scalingAdjustment()).isEqualTo(2);
        assertThat(p.cooldown()).isEqualTo(60);
        assertThat(p.enabled()).isTrue();
        assertThat(p.alarms()).isEmpty();
        assertThat(p.stepAdjustments()).isEmpty();
        assertThat(p.minAdjustmentMagnitude()).isNull();

        alice.executePolicy(r -> r.autoScalingGroupName("s1").policyName("up"));
        assertThat(desired("s1")).isEqualTo(4);
        alice.executePolicy(r -> r.policyName(put.policyARN())); // by ARN, no group needed
        assertThat(desired("s1")).as("clamped to MaxSize").isEqualTo(5);
        List<Activity> activities = alice.describeScalingActivities(r -> r.autoScalingGroupName("s1")).activities();
        assertThat(activities).anySatisfy(a -> {
            assertThat(a.cause()).matches("At \\S+Z a user request executed policy up changing the desired capacity from 2 to 4\\.");
            assertThat(a.statusCodeAsString()).isEqualTo("Successful");
        });
        assertThat(activities).anySatisfy(a -> assertThat(a.cause()).endsWith("executed policy up changing the desired capacity"
                + " from 4 to 5."));

        // the same name replaces the policy, and keeps its ARN
        String again = alice.putScalingPolicy(r -> r.autoScalingGroupName("s1").policyName("up").adjustmentType("ExactCapacity")
                .scalingAdjustment(1)).policyARN();
        assertThat(again).isEqualTo(put.policyARN());
        assertThat(policies("s1")).singleElement().satisfies(q -> {
            assertThat(q.adjustmentType()).isEqualTo("ExactCapacity");
            assertThat(q.cooldown()).isNull();
        });
        alice.executePolicy(r -> r.autoScalingGroupName("s1").policyName("up"));
        assertThat(desired("s1")).isEqualTo(1);

        alice.deletePolicy(r -> r.policyName(put.policyARN()));
        assertThat(policies("s1")).isEmpty();
        refused(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("s1").policyName("up"))), "ValidationError",
                "No scaling policy found for AutoScalingGroup 's1' with name or ARN up");
        refused(error(() -> alice.deletePolicy(r -> r.policyName(put.policyARN()))), "ValidationError",
                "No scaling policy found with ARN " + put.policyARN());
    }

    @Test
    void percent_changes_round_as_aws_rounds() {
        group("pc", 0, 100, 3);
        simple("pc", "half", "PercentChangeInCapacity", 50);
        alice.executePolicy(r -> r.autoScalingGroupName("pc").policyName("half"));
        assertThat(desired("pc")).as("1.5 rounds down to 1").isEqualTo(4);
        simple("pc", "tenth", "PercentChangeInCapacity", 10);
        alice.executePolicy(r -> r.autoScalingGroupName("pc").policyName("tenth"));
        assertThat(desired("pc")).as("0.4 rounds to 1").isEqualTo(5);
        simple("pc", "less", "PercentChangeInCapacity", -10);
        alice.executePolicy(r -> r.autoScalingGroupName("pc").policyName("less"));
        assertThat(desired("pc")).as("-0.5 rounds to -1").isEqualTo(4);
        alice.putScalingPolicy(r -> r.autoScalingGroupName("pc").policyName("atleast3").adjustmentType("PercentChangeInCapacity")
                .scalingAdjustment(25).minAdjustmentMagnitude(3));
        alice.executePolicy(r -> r.autoScalingGroupName("pc").policyName("atleast3"));
        assertThat(desired("pc")).as("25% of 4 is 1, at least 3").isEqualTo(7);
        assertThat(alice.describePolicies(r -> r.autoScalingGroupName("pc").policyNames("atleast3")).scalingPolicies())
                .singleElement().satisfies(p -> assertThat(p.minAdjustmentMagnitude()).isEqualTo(3));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("pc").desiredCapacity(0));
    }

    @Test
    void a_step_policy_picks_its_step_from_the_metric() {
        group("st", 0, 10, 1);
        alice.putScalingPolicy(r -> r.autoScalingGroupName("st").policyName("steps").policyType("StepScaling")
                .adjustmentType("ChangeInCapacity").metricAggregationType("Maximum").estimatedInstanceWarmup(30)
                .stepAdjustments(StepAdjustment.builder().metricIntervalLowerBound(0.0).metricIntervalUpperBound(10.0)
                                .scalingAdjustment(1).build(),
                        StepAdjustment.builder().metricIntervalLowerBound(10.0).scalingAdjustment(3).build()));
        ScalingPolicy p = policies("st").get(0);
        assertThat(p.policyType()).isEqualTo("StepScaling");
        assertThat(p.metricAggregationType()).isEqualTo("Maximum");
        assertThat(p.estimatedInstanceWarmup()).isEqualTo(30);
        assertThat(p.stepAdjustments()).extracting(StepAdjustment::metricIntervalLowerBound, StepAdjustment::metricIntervalUpperBound,
                StepAdjustment::scalingAdjustment).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0.0, 10.0, 1), org.assertj.core.groups.Tuple.tuple(10.0, null, 3));

        alice.executePolicy(r -> r.autoScalingGroupName("st").policyName("steps").metricValue(55.0).breachThreshold(50.0));
        assertThat(desired("st")).isEqualTo(2);
        alice.executePolicy(r -> r.autoScalingGroupName("st").policyName("steps").metricValue(75.0).breachThreshold(50.0));
        assertThat(desired("st")).isEqualTo(5);

        refused(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("st").policyName("steps"))), "ValidationError",
                "MetricValue is required for policy type StepScaling.");
        refused(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("st").policyName("steps").metricValue(20.0)
                .breachThreshold(50.0))), "ValidationError",
                "The metric value 20.0 with the breach threshold 50.0 matches no step adjustment of policy steps.");
        simple("st", "plain", "ChangeInCapacity", 1);
        refused(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("st").policyName("plain").metricValue(1.0))),
                "ValidationError", "MetricValue is not supported for policy type SimpleScaling.");
        assertThat(desired("st")).as("no refusal changed the group").isEqualTo(5);
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("st").desiredCapacity(0));
    }

    @Test
    void refusals_are_aws_errors_and_change_nothing() {
        group("bad", 0, 3, 0);
        simple("bad", "keep", "ChangeInCapacity", 1);
        List<ScalingPolicy> before = policies("bad");

        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName("tt")
                .policyType("TargetTrackingScaling").targetTrackingConfiguration(t -> t.targetValue(50.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("ASGAverageCPUUtilization"))))),
                "ValidationError", "PolicyType TargetTrackingScaling is not supported by this service: it needs CloudWatch"
                        + " metrics, which Phantom does not have. Use SimpleScaling or StepScaling and run them with ExecutePolicy.");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName("pr")
                .policyType("PredictiveScaling"))), "ValidationError", "PolicyType PredictiveScaling is not supported by this"
                        + " service: it needs CloudWatch metrics, which Phantom does not have. Use SimpleScaling or StepScaling and"
                        + " run them with ExecutePolicy.");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName("keep")
                .adjustmentType("ChangeInCapacity"))), "ValidationError", "ScalingAdjustment is required for policy type SimpleScaling.");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName("keep")
                .adjustmentType("ChangeInCapacity").scalingAdjustment(1).targetTrackingConfiguration(t -> t.targetValue(50.0)))),
                "ValidationError", "TargetTrackingConfiguration is not supported for policy type SimpleScaling.");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName("keep")
                .adjustmentType("ChangeInCapacity").scalingAdjustment(1).minAdjustmentMagnitude(2))), "ValidationError",
                "MinAdjustmentMagnitude is only supported with the adjustment type PercentChangeInCapacity.");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName("gap").policyType("StepScaling")
                .adjustmentType("ChangeInCapacity").stepAdjustments(
                        StepAdjustment.builder().metricIntervalLowerBound(0.0).metricIntervalUpperBound(5.0).scalingAdjustment(1).build(),
                        StepAdjustment.builder().metricIntervalLowerBound(6.0).scalingAdjustment(2).build()))), "ValidationError",
                "The step adjustments' intervals must not overlap or leave a gap: one ends at 5.0 and the next starts at 6.0.");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("ghost").policyName("p")
                .adjustmentType("ChangeInCapacity").scalingAdjustment(1))), "ValidationError",
                "AutoScalingGroup name not found - AutoScalingGroup 'ghost' not found");
        refused(error(() -> alice.putScalingPolicy(r -> r.autoScalingGroupName("bad").policyName(""))), "ValidationError",
                "1 validation error detected: Value '' at 'PolicyName' failed to satisfy constraint: Member must have length"
                        + " greater than or equal to 1");
        refused(error(() -> alice.executePolicy(r -> r.policyName("keep"))), "ValidationError",
                "PolicyName keep is not an ARN: give its AutoScalingGroupName too.");
        refused(error(() -> alice.describePolicies(r -> r.nextToken("not-a-token"))), "InvalidNextToken",
                "The NextToken value is invalid.");
        refused(error(() -> alice.describePolicies(r -> r.maxRecords(101))), "ValidationError",
                "1 validation error detected: Value '101' at 'MaxRecords' failed to satisfy constraint: Member must have value"
                        + " between 1 and 100");

        // another user sees none of alice's policies, and cannot reach them by ARN
        String arn = before.get(0).policyARN();
        assertThat(bob.describePolicies().scalingPolicies()).isEmpty();
        refused(error(() -> bob.executePolicy(r -> r.policyName(arn))), "ValidationError", "No scaling policy found with ARN " + arn);
        refused(error(() -> bob.deletePolicy(r -> r.policyName(arn))), "ValidationError", "No scaling policy found with ARN " + arn);

        assertThat(policies("bad")).isEqualTo(before);
        assertThat(desired("bad")).isZero();
    }

    @Test
    void describe_filters_by_names_arns_and_types_and_pages() {
        group("d1", 0, 1, 0);
        group("d2", 0, 1, 0);
        String a = simple("d1", "a", "ChangeInCapacity", 1);
        simple("d1", "b", "ChangeInCapacity", 1);
        simple("d2", "a", "ExactCapacity", 1);
        alice.putScalingPolicy(r -> r.autoScalingGroupName("d2").policyName("s").policyType("StepScaling")
                .adjustmentType("ChangeInCapacity").stepAdjustments(StepAdjustment.builder().metricIntervalLowerBound(0.0)
                        .scalingAdjustment(1).build()));

        assertThat(alice.describePolicies(r -> r.policyNames(a, "b", "missing")).scalingPolicies())
                .extracting(ScalingPolicy::autoScalingGroupName, ScalingPolicy::policyName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", "a"), org.assertj.core.groups.Tuple.tuple("d1", "b"));
        assertThat(alice.describePolicies(r -> r.policyTypes("StepScaling").policyNames("a", "b", "s")).scalingPolicies())
                .extracting(ScalingPolicy::policyName).containsExactly("s");
        assertThat(alice.describePolicies(r -> r.autoScalingGroupName("nobody")).scalingPolicies()).isEmpty();

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            DescribePoliciesResponse page = alice.describePolicies(r -> r.maxRecords(1).nextToken(t)
                    .policyNames("a", "b", "s"));
            page.scalingPolicies().forEach(p -> paged.add(p.autoScalingGroupName() + "/" + p.policyName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(paged).containsExactly("d1/a", "d1/b", "d2/a", "d2/s");
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void the_cooldown_blocks_what_honours_it() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("cool").launchConfigurationName("web@hotel").minSize(0).maxSize(4)
                .desiredCapacity(0).defaultCooldown(3600));
        simple("cool", "up", "ChangeInCapacity", 1);
        alice.putScalingPolicy(r -> r.autoScalingGroupName("cool").policyName("quick").adjustmentType("ChangeInCapacity")
                .scalingAdjustment(1).cooldown(0));

        // no activity yet: nothing to wait for
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("cool").desiredCapacity(1).honorCooldown(true));
        assertThat(desired("cool")).isEqualTo(1);

        // now a launch runs, then the group's 3600 s cooldown lasts
        AwsServiceException e = error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("cool").desiredCapacity(2)
                .honorCooldown(true)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ScalingActivityInProgress");
        assertThat(e.awsErrorDetails().errorMessage()).matches("Scaling activity [0-9a-f-]+ is in progress and blocks this action"
                + "|AutoScalingGroup 'cool' is in its cooldown of 3600 seconds, which ends at \\S+Z: try again then, or without"
                + " HonorCooldown\\.");
        assertThat(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("cool").policyName("up").honorCooldown(true)))
                .awsErrorDetails().errorCode()).isEqualTo("ScalingActivityInProgress");
        assertThat(desired("cool")).as("refusals change nothing").isEqualTo(1);

        // once the launch is done, the cooldown starts from its end
        Eventually.await("the launch to finish", () -> alice.describeScalingActivities(r -> r.autoScalingGroupName("cool"))
                .activities(), as -> !as.isEmpty() && as.stream().allMatch(a -> a.progress() == 100));
        refused(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("cool").policyName("up").honorCooldown(true))),
                "ScalingActivityInProgress", error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("cool")
                        .desiredCapacity(2).honorCooldown(true))).awsErrorDetails().errorMessage());
        assertThat(error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("cool").desiredCapacity(2).honorCooldown(true)))
                .awsErrorDetails().errorMessage()).startsWith("AutoScalingGroup 'cool' is in its cooldown of 3600 seconds");
        // a simple policy's own Cooldown (0) overrides the group's
        alice.executePolicy(r -> r.autoScalingGroupName("cool").policyName("quick").honorCooldown(true));
        assertThat(desired("cool")).isEqualTo(2);
        // without HonorCooldown (the default) nothing waits
        alice.executePolicy(r -> r.autoScalingGroupName("cool").policyName("up"));
        assertThat(desired("cool")).isEqualTo(3);

        // the engine launches what the policies asked for, on the sim cloud
        Eventually.await("3 VMs in service", () -> describe(alice, "cool"), g -> g.instances().size() == 3
                && g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
        assertThat(alice.describeScalingActivities(r -> r.autoScalingGroupName("cool")).activities())
                .filteredOn(a -> a.description().startsWith("Launching a new EC2 instance: i-")).hasSize(3);

        // a group deleted with its VMs (the engine removes it after the last one) takes its policies along
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("cool").forceDelete(true));
        Eventually.await("cool to be deleted", () -> alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("cool"))
                .autoScalingGroups(), List::isEmpty);
        group("cool", 0, 1, 0);
        assertThat(policies("cool")).isEmpty();
    }

    @Test
    void deleting_the_group_deletes_its_policies_and_policies_survive_a_restart() throws Exception {
        group("gone", 0, 1, 0);
        simple("gone", "p", "ChangeInCapacity", 1);
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("gone"));
        group("gone", 0, 1, 0);
        assertThat(policies("gone")).as("a new group of the same name inherits nothing").isEmpty();

        group("kept", 0, 2, 0);
        alice.putScalingPolicy(r -> r.autoScalingGroupName("kept").policyName("steps").policyType("StepScaling")
                .adjustmentType("PercentChangeInCapacity").minAdjustmentMagnitude(1).enabled(false)
                .stepAdjustments(StepAdjustment.builder().metricIntervalUpperBound(0.0).scalingAdjustment(-50).build(),
                        StepAdjustment.builder().metricIntervalLowerBound(0.0).scalingAdjustment(50).build()));
        List<ScalingPolicy> before = alice.describePolicies().scalingPolicies();
        phantom.restart();
        alice = phantom.client(aliceKeys);
        assertThat(alice.describePolicies().scalingPolicies()).isEqualTo(before);
        refused(error(() -> alice.executePolicy(r -> r.autoScalingGroupName("kept").policyName("steps").metricValue(1.0)
                .breachThreshold(0.0))), "ValidationError",
                "Policy steps of AutoScalingGroup 'kept' is disabled: enable it with PutScalingPolicy (Enabled=true) to execute it.");
    }
}
