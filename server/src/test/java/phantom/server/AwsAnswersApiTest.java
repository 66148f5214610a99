package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AdjustmentType;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeMetricCollectionTypesResponse;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.MetricCollectionType;
import software.amazon.awssdk.services.autoscaling.model.MetricGranularityType;
import software.amazon.awssdk.services.autoscaling.model.ProcessType;

/**
 * What Phantom answers as AWS does, through the AWS SDK for Java v2 over HTTP: the describe-types
 * actions with AWS's own values (issue 12, items 6 and 6b), and the members AWS always sends even
 * when they were never set (item 6c).
 */
class AwsAnswersApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;
    static AutoScalingClient bob;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        bob = phantom.client(phantom.user("bob"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    @Test
    void adjustment_types() {
        assertThat(alice.describeAdjustmentTypes().adjustmentTypes()).extracting(AdjustmentType::adjustmentType)
                .containsExactly("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity");
    }

    @Test
    void notification_types() {
        assertThat(alice.describeAutoScalingNotificationTypes().autoScalingNotificationTypes()).containsExactly(
                "autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
                "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR",
                "autoscaling:TEST_NOTIFICATION");
    }

    @Test
    void lifecycle_hook_types() {
        assertThat(alice.describeLifecycleHookTypes().lifecycleHookTypes())
                .containsExactly("autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING");
    }

    @Test
    void scaling_process_types() {
        assertThat(alice.describeScalingProcessTypes().processes()).extracting(ProcessType::processName).containsExactly(
                "AZRebalance", "AddToLoadBalancer", "AlarmNotification", "HealthCheck", "InstanceRefresh", "Launch",
                "ReplaceUnhealthy", "ScheduledActions", "Terminate");
    }

    @Test
    void termination_policy_types() {
        assertThat(alice.describeTerminationPolicyTypes().terminationPolicyTypes()).containsExactly("AllocationStrategy",
                "ClosestToNextInstanceHour", "Default", "NewestInstance", "OldestInstance", "OldestLaunchConfiguration",
                "OldestLaunchTemplate");
    }

    @Test
    void metric_collection_types_and_their_one_granularity() {
        DescribeMetricCollectionTypesResponse r = alice.describeMetricCollectionTypes();
        assertThat(r.metrics()).extracting(MetricCollectionType::metric).hasSize(20)
                .startsWith("GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances",
                        "GroupPendingInstances", "GroupTerminatingInstances", "GroupStandbyInstances", "GroupTotalInstances")
                .contains("GroupInServiceCapacity", "WarmPoolDesiredCapacity", "GroupAndWarmPoolTotalCapacity")
                .doesNotHaveDuplicates();
        assertThat(r.granularities()).extracting(MetricGranularityType::granularity).containsExactly("1Minute");
    }

    @Test
    void every_user_gets_the_same_answer_and_an_unsigned_request_none() {
        assertThat(bob.describeTerminationPolicyTypes().terminationPolicyTypes())
                .isEqualTo(alice.describeTerminationPolicyTypes().terminationPolicyTypes());
        try (AutoScalingClient anonymous = AutoScalingClient.builder().endpointOverride(phantom.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            var e = error(anonymous::describeAdjustmentTypes);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
            assertThat(e.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void a_launch_configuration_answers_unset_key_user_data_kernel_and_ramdisk_as_empty_text() {
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("bare").imageId("ami-1").instanceType("m1.small"));
        LaunchConfiguration lc = alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("bare"))
                .launchConfigurations().get(0);
        assertThat(List.of(lc.keyName(), lc.userData(), lc.kernelId(), lc.ramdiskId())).containsOnly("");
        assertThat(lc.spotPrice()).isNull(); // a number to boto 2: never empty
        assertThat(lc.iamInstanceProfile()).isNull();
    }

    @Test
    void a_group_answers_its_traffic_sources_as_an_empty_list() {
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("traffic@hotel").imageId("ami-1").instanceType("m1.small"));
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("traffic").launchConfigurationName("traffic@hotel")
                .minSize(0).maxSize(0));
        AutoScalingGroup g = alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("traffic")).autoScalingGroups().get(0);
        assertThat(g.hasTrafficSources()).isTrue();
        assertThat(g.trafficSources()).isEmpty();
        assertThat(g.vpcZoneIdentifier()).isEmpty();
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("traffic"));
    }

    @Test
    void a_group_has_no_lifecycle_hooks_nor_instance_refreshes_and_an_unknown_group_is_refused() {
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("reads@hotel").imageId("ami-1").instanceType("m1.small"));
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("reads").launchConfigurationName("reads@hotel")
                .minSize(0).maxSize(1));
        var hooks = alice.describeLifecycleHooks(r -> r.autoScalingGroupName("reads"));
        assertThat(hooks.hasLifecycleHooks()).as("the member is sent, as an empty list").isTrue();
        assertThat(hooks.lifecycleHooks()).isEmpty();
        var refreshes = alice.describeInstanceRefreshes(r -> r.autoScalingGroupName("reads").maxRecords(10));
        assertThat(refreshes.hasInstanceRefreshes()).isTrue();
        assertThat(refreshes.instanceRefreshes()).isEmpty();
        assertThat(refreshes.nextToken()).isNull();

        for (var e : List.of(error(() -> bob.describeLifecycleHooks(r -> r.autoScalingGroupName("reads"))),
                error(() -> alice.describeInstanceRefreshes(r -> r.autoScalingGroupName("nothing"))))) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("AutoScalingGroup name not found - AutoScalingGroup '");
        }
        var e = error(() -> alice.describeInstanceRefreshes(r -> r.autoScalingGroupName("reads").maxRecords(101)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).contains("MaxRecords");
        var missing = error(() -> alice.describeLifecycleHooks(r -> { }));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void a_group_has_no_warm_pool_traffic_sources_or_notifications_and_an_unknown_group_is_refused() {
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("empty@hotel").imageId("ami-1").instanceType("m1.small"));
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("empty").launchConfigurationName("empty@hotel")
                .minSize(0).maxSize(1));
        var pool = alice.describeWarmPool(r -> r.autoScalingGroupName("empty"));
        assertThat(pool.warmPoolConfiguration()).isNull();
        assertThat(pool.hasInstances()).as("the member is sent, as an empty list").isTrue();
        assertThat(pool.instances()).isEmpty();
        var traffic = alice.describeTrafficSources(r -> r.autoScalingGroupName("empty").maxRecords(50));
        assertThat(traffic.hasTrafficSources()).isTrue();
        assertThat(traffic.trafficSources()).isEmpty();
        var notifications = alice.describeNotificationConfigurations(r -> r.autoScalingGroupNames("empty"));
        assertThat(notifications.hasNotificationConfigurations()).isTrue();
        assertThat(notifications.notificationConfigurations()).isEmpty();
        assertThat(alice.describeNotificationConfigurations().notificationConfigurations()).isEmpty();

        for (var e : List.of(error(() -> bob.describeWarmPool(r -> r.autoScalingGroupName("empty"))),
                error(() -> alice.describeTrafficSources(r -> r.autoScalingGroupName("nothing"))))) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("AutoScalingGroup name not found - AutoScalingGroup '");
        }
        var tooMany = error(() -> alice.describeWarmPool(r -> r.autoScalingGroupName("empty").maxRecords(51)));
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        var badToken = error(() -> alice.describeNotificationConfigurations(r -> r.nextToken("not-ours")));
        assertThat(badToken.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken");
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("empty"));
    }

    @Test
    void an_operation_phantom_refuses_on_purpose_is_answered_with_the_reason_and_changes_nothing() {
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("lb@hotel").imageId("ami-1").instanceType("m1.small"));
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("lb").launchConfigurationName("lb@hotel")
                .minSize(0).maxSize(1));
        AutoScalingGroup before = alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("lb")).autoScalingGroups().get(0);
        var e = error(() -> alice.attachLoadBalancers(r -> r.autoScalingGroupName("lb").loadBalancerNames("front")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
        assertThat(e.awsErrorDetails().errorMessage())
                .startsWith("AttachLoadBalancers is not supported by Phantom. Phantom has no load balancers");
        var warm = error(() -> alice.putWarmPool(r -> r.autoScalingGroupName("lb").minSize(1)));
        assertThat(warm.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
        assertThat(warm.awsErrorDetails().errorMessage()).contains("no warm pools");
        var sns = error(() -> alice.putNotificationConfiguration(r -> r.autoScalingGroupName("lb")
                .topicARN("arn:aws:sns:us-east-1:123456789012:topic").notificationTypes("autoscaling:EC2_INSTANCE_LAUNCH")));
        assertThat(sns.awsErrorDetails().errorMessage()).contains("no SNS");
        assertThat(alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("lb")).autoScalingGroups().get(0))
                .isEqualTo(before);
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("lb"));
    }
}
