package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudState;
import phantom.driver.sim.SimCloud;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.EnabledMetric;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;

/**
 * SuspendProcesses, ResumeProcesses, EnableMetricsCollection and DisableMetricsCollection over HTTP
 * with the AWS SDK for Java v2: what DescribeAutoScalingGroups shows, AWS's errors, a restart, and
 * the engine honouring Launch, Terminate, HealthCheck and ReplaceUnhealthy on sim clouds.
 */
class ProcessesApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;
    static AutoScalingClient bob;

    @BeforeAll
    static void start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        // VMs that die within a fraction of a second of booting: the cloud's state makes them unhealthy
        sites.put("alamo", RunningPhantom.sim("alamo", Map.of("death_rate_per_hour", 36000)));
        phantom = RunningPhantom.start(sites);
        alice = phantom.client(phantom.user("alice"));
        bob = phantom.client(phantom.user("bob"));
        for (String site : sites.keySet()) {
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static void create(String name, String clouds, int n) {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("web").minSize(0).maxSize(10)
                .desiredCapacity(n).tags(tag("clouds", clouds)));
    }

    static AutoScalingGroup group(String name) {
        List<AutoScalingGroup> g = alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        return g.isEmpty() ? null : g.get(0);
    }

    static List<String> suspended(String name) {
        return group(name).suspendedProcesses().stream().map(SuspendedProcess::processName).toList();
    }

    static List<Activity> activities(String name) {
        return alice.describeScalingActivities(r -> r.autoScalingGroupName(name)).activities();
    }

    static long launches(String name) {
        return activities(name).stream().filter(a -> a.description().startsWith("Launching")).count();
    }

    static AutoScalingGroup awaitInService(String name, int n) {
        return Eventually.await(name + " to have " + n + " in service", () -> group(name),
                g -> g.instances().size() == n && g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")
                        && i.healthStatus().equals("Healthy")));
    }

    /** Waits long enough for many resyncs (0.2 s each) and VM boots (50 ms): what did not happen by then will not. */
    static void settle() throws InterruptedException {
        Thread.sleep(2_000);
    }

    @Test
    void suspended_processes_show_with_awss_reason_resume_removes_them_and_they_survive_a_restart() throws Exception {
        create("shown", "hotel:-1", 0);
        assertThat(group("shown").suspendedProcesses()).isEmpty();
        alice.suspendProcesses(r -> r.autoScalingGroupName("shown").scalingProcesses("AZRebalance", "AlarmNotification"));
        AutoScalingGroup g = group("shown");
        assertThat(g.suspendedProcesses()).extracting(SuspendedProcess::processName)
                .containsExactly("AlarmNotification", "AZRebalance");
        assertThat(g.suspendedProcesses()).allSatisfy(p ->
                assertThat(p.suspensionReason()).matches("User suspended at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));

        // no names: every process, those already suspended keep their reason
        alice.suspendProcesses(r -> r.autoScalingGroupName("shown"));
        assertThat(suspended("shown")).containsExactly("Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification",
                "AZRebalance", "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions");
        alice.resumeProcesses(r -> r.autoScalingGroupName("shown").scalingProcesses("Launch", "ScheduledActions"));
        List<String> left = suspended("shown");
        assertThat(left).hasSize(7).doesNotContain("Launch", "ScheduledActions");

        phantom.restart();
        assertThat(suspended("shown")).as("read back from the store after a restart").isEqualTo(left);

        alice.resumeProcesses(r -> r.autoScalingGroupName("shown"));
        assertThat(group("shown").suspendedProcesses()).isEmpty();
        // resuming what is not suspended is fine, as AWS
        alice.resumeProcesses(r -> r.autoScalingGroupName("shown").scalingProcesses("Terminate"));
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("shown"));
    }

    @Test
    void bad_requests_get_awss_errors_and_change_nothing() {
        create("errors", "hotel:-1", 0);
        AwsServiceException unknown = error(() -> alice.suspendProcesses(r -> r.autoScalingGroupName("errors")
                .scalingProcesses("Launch", "Reboot")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(unknown.awsErrorDetails().errorMessage()).startsWith("Process Reboot is not a valid scaling process.");
        assertThat(group("errors").suspendedProcesses()).as("nothing suspended, not even Launch").isEmpty();
        assertThat(error(() -> alice.resumeProcesses(r -> r.autoScalingGroupName("errors").scalingProcesses("launch")))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");

        for (AwsServiceException e : List.of(
                error(() -> alice.suspendProcesses(r -> r.autoScalingGroupName("nosuch"))),
                error(() -> alice.resumeProcesses(r -> r.autoScalingGroupName("nosuch"))),
                error(() -> alice.enableMetricsCollection(r -> r.autoScalingGroupName("nosuch").granularity("1Minute"))),
                error(() -> alice.disableMetricsCollection(r -> r.autoScalingGroupName("nosuch"))),
                error(() -> bob.suspendProcesses(r -> r.autoScalingGroupName("errors"))))) {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).matches("AutoScalingGroup name not found - AutoScalingGroup '(nosuch|errors)' not found");
        }
        AwsServiceException missing = error(() -> alice.suspendProcesses(r -> r.scalingProcesses("Launch")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value null at"
                + " 'AutoScalingGroupName' failed to satisfy constraint: Member must not be null");

        AwsServiceException granularity = error(() -> alice.enableMetricsCollection(r -> r.autoScalingGroupName("errors")
                .granularity("5Minute")));
        assertThat(granularity.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(granularity.awsErrorDetails().errorMessage()).contains("5Minute");
        assertThat(error(() -> alice.enableMetricsCollection(r -> r.autoScalingGroupName("errors")))
                .awsErrorDetails().errorMessage()).contains("Value null at 'Granularity'");
        AwsServiceException metric = error(() -> alice.enableMetricsCollection(r -> r.autoScalingGroupName("errors")
                .granularity("1Minute").metrics("GroupMinSize", "CPUUtilization")));
        assertThat(metric.awsErrorDetails().errorMessage()).startsWith("Metric CPUUtilization is not a valid metric.");
        assertThat(group("errors").enabledMetrics()).isEmpty();
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("errors"));
    }

    @Test
    void metrics_collection_shows_in_describe_and_disable_works_on_a_group_that_never_enabled_any() {
        create("metrics", "hotel:-1", 0);
        alice.disableMetricsCollection(r -> r.autoScalingGroupName("metrics")); // what Ansible does after every update
        alice.disableMetricsCollection(r -> r.autoScalingGroupName("metrics").metrics("GroupMaxSize"));
        assertThat(group("metrics").enabledMetrics()).isEmpty();

        alice.enableMetricsCollection(r -> r.autoScalingGroupName("metrics").granularity("1Minute")
                .metrics("GroupTotalInstances", "GroupDesiredCapacity"));
        assertThat(group("metrics").enabledMetrics()).extracting(EnabledMetric::metric)
                .containsExactly("GroupDesiredCapacity", "GroupTotalInstances");
        assertThat(group("metrics").enabledMetrics()).extracting(EnabledMetric::granularity).containsOnly("1Minute");
        alice.enableMetricsCollection(r -> r.autoScalingGroupName("metrics").granularity("1Minute"));
        List<String> all = alice.describeMetricCollectionTypes().metrics().stream().map(m -> m.metric()).toList();
        assertThat(group("metrics").enabledMetrics()).extracting(EnabledMetric::metric).isEqualTo(all);
        alice.disableMetricsCollection(r -> r.autoScalingGroupName("metrics").metrics("GroupMinSize", "GroupMaxSize"));
        assertThat(group("metrics").enabledMetrics()).extracting(EnabledMetric::metric)
                .hasSize(all.size() - 2).doesNotContain("GroupMinSize", "GroupMaxSize");
        alice.disableMetricsCollection(r -> r.autoScalingGroupName("metrics"));
        assertThat(group("metrics").enabledMetrics()).isEmpty();
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("metrics"));
    }

    @Test
    void launch_suspended_the_group_waits_without_an_error_and_fills_on_resume() throws Exception {
        create("launch", "hotel:-1", 0);
        alice.suspendProcesses(r -> r.autoScalingGroupName("launch").scalingProcesses("Launch"));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("launch").desiredCapacity(2));
        settle();
        assertThat(group("launch").instances()).isEmpty();
        assertThat(activities("launch")).as("waiting for Launch is no failure").isEmpty();
        alice.resumeProcesses(r -> r.autoScalingGroupName("launch").scalingProcesses("Launch"));
        awaitInService("launch", 2);
        assertThat(activities("launch")).extracting(Activity::statusCodeAsString).containsOnly("Successful");
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("launch").forceDelete(true));
    }

    @Test
    void terminate_suspended_keeps_the_excess_until_resumed_and_a_delete_still_terminates() throws Exception {
        create("terminate", "hotel:-1", 3);
        awaitInService("terminate", 3);
        alice.suspendProcesses(r -> r.autoScalingGroupName("terminate").scalingProcesses("Terminate"));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("terminate").desiredCapacity(1));
        settle();
        assertThat(group("terminate").instances()).hasSize(3).allMatch(i -> i.lifecycleStateAsString().equals("InService"));
        alice.resumeProcesses(r -> r.autoScalingGroupName("terminate"));
        awaitInService("terminate", 1);

        alice.suspendProcesses(r -> r.autoScalingGroupName("terminate"));
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("terminate").forceDelete(true));
        Eventually.await("terminate to be deleted with everything suspended", () -> group("terminate"), x -> x == null);
    }

    @Test
    void replace_unhealthy_suspended_keeps_an_unhealthy_vm_and_resume_replaces_it() throws Exception {
        create("replace", "hotel:-1", 2);
        AutoScalingGroup g = awaitInService("replace", 2);
        String sick = g.instances().get(0).instanceId();
        alice.suspendProcesses(r -> r.autoScalingGroupName("replace").scalingProcesses("ReplaceUnhealthy"));
        alice.setInstanceHealth(r -> r.instanceId(sick).healthStatus("Unhealthy"));
        settle();
        AutoScalingGroup kept = group("replace");
        assertThat(kept.instances()).hasSize(2);
        assertThat(kept.instances()).filteredOn(i -> i.instanceId().equals(sick)).extracting(Instance::healthStatus)
                .containsExactly("Unhealthy");
        alice.resumeProcesses(r -> r.autoScalingGroupName("replace").scalingProcesses("ReplaceUnhealthy"));
        Eventually.await("a replacement for " + sick, () -> group("replace"), x -> x.instances().size() == 2
                && x.instances().stream().noneMatch(i -> i.instanceId().equals(sick))
                && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("replace").forceDelete(true));
    }

    @Test
    void health_check_suspended_the_cloud_does_not_make_vms_unhealthy_until_it_is_resumed() throws Exception {
        create("health", "alamo:-1", 0);
        alice.suspendProcesses(r -> r.autoScalingGroupName("health").scalingProcesses("HealthCheck"));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("health").desiredCapacity(2));
        Eventually.await("two launches on alamo", () -> launches("health"), n -> n == 2);
        Eventually.await("alamo's VMs to die", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> SimCloud.open(phantom.dataDir, "alamo").live().stream().filter(v -> "health".equals(v.groupName())).toList(),
                vms -> vms.size() == 2 && vms.stream().allMatch(v -> v.stateAt(java.time.Instant.now()) == CloudState.FAILED));
        settle();
        assertThat(group("health").instances()).hasSize(2).allMatch(i -> i.healthStatus().equals("Healthy"));
        assertThat(launches("health")).as("nothing replaced while HealthCheck is suspended").isEqualTo(2);

        alice.resumeProcesses(r -> r.autoScalingGroupName("health").scalingProcesses("HealthCheck"));
        Eventually.await("the dead VMs to be found unhealthy and replaced", () -> launches("health"), n -> n > 2);
        alice.suspendProcesses(r -> r.autoScalingGroupName("health").scalingProcesses("Launch"));
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("health").forceDelete(true));
    }
}
