package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * EnterStandby and ExitStandby over HTTP with the AWS SDK for Java v2, on a sim cloud: the
 * activities they answer, what the describes show, what the engine does (a replacement without the
 * decrement, none with it), the size refusals and the others (which change nothing), and that a
 * VM in standby stays in standby over a restart.
 */
class StandbyApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        phantom = RunningPhantom.start(sites);
        alice = phantom.client(phantom.user("alice"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("m1.small"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static AutoScalingGroup group(String name) {
        List<AutoScalingGroup> g = alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        return g.isEmpty() ? null : g.get(0);
    }

    static void create(String name, int min, int max, int desired) {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("web@hotel")
                .minSize(min).maxSize(max).desiredCapacity(desired));
    }

    /** The group once it has exactly {@code inService} VMs InService and {@code standby} in Standby, and no other. */
    static AutoScalingGroup await(String name, int inService, int standby) {
        return Eventually.await(name + " to have " + inService + " InService and " + standby + " Standby",
                () -> group(name), g -> g != null && g.instances().size() == inService + standby
                        && states(g, "InService").size() == inService && states(g, "Standby").size() == standby);
    }

    static List<String> states(AutoScalingGroup g, String state) {
        return g.instances().stream().filter(i -> i.lifecycleStateAsString().equals(state)).map(Instance::instanceId).toList();
    }

    static List<Activity> enter(String group, boolean decrement, String... ids) {
        return alice.enterStandby(r -> r.autoScalingGroupName(group).instanceIds(ids).shouldDecrementDesiredCapacity(decrement))
                .activities();
    }

    static List<Activity> exit(String group, String... ids) {
        return alice.exitStandby(r -> r.autoScalingGroupName(group).instanceIds(ids)).activities();
    }

    static void delete(String name) {
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName(name).forceDelete(true));
        Eventually.await(name + " to be deleted", () -> group(name), x -> x == null);
    }

    @Test
    void without_the_decrement_a_replacement_is_launched_and_the_vm_stays_in_standby_over_a_restart() throws Exception {
        create("spare", 0, 3, 1);
        String vm = states(await("spare", 1, 0), "InService").get(0);

        List<Activity> moved = enter("spare", false, vm);
        assertThat(moved).singleElement().satisfies(a -> {
            assertThat(a.autoScalingGroupName()).isEqualTo("spare");
            assertThat(a.description()).isEqualTo("Moving EC2 instance to Standby: " + vm);
            assertThat(a.cause()).startsWith("At ").endsWith(" instance " + vm
                    + " was moved to standby in response to a user request.");
            assertThat(a.statusCodeAsString()).isEqualTo("Successful");
            assertThat(a.details()).isEqualTo("{\"Availability Zone\":\"hotel\"}");
        });
        AutoScalingGroup g = await("spare", 1, 1);
        assertThat(g.desiredCapacity()).as("unchanged").isEqualTo(1);
        assertThat(states(g, "Standby")).containsExactly(vm);
        assertThat(alice.describeAutoScalingInstances(r -> r.instanceIds(vm)).autoScalingInstances())
                .singleElement().satisfies(d -> assertThat(d.lifecycleState()).isEqualTo("Standby"));
        assertThat(alice.describeScalingActivities(r -> r.autoScalingGroupName("spare")).activities())
                .extracting(Activity::activityId).contains(moved.get(0).activityId());

        phantom.restart();
        AutoScalingGroup after = await("spare", 1, 1);
        assertThat(states(after, "Standby")).containsExactly(vm);

        List<Activity> back = exit("spare", vm);
        assertThat(back).singleElement().satisfies(a -> {
            assertThat(a.description()).isEqualTo("Moving EC2 instance out of Standby: " + vm);
            assertThat(a.cause()).endsWith(" instance " + vm
                    + " was moved out of standby in response to a user request, increasing the capacity from 1 to 2.");
        });
        AutoScalingGroup both = await("spare", 2, 0);
        assertThat(both.desiredCapacity()).isEqualTo(2);
        assertThat(both.instances()).extracting(Instance::instanceId).contains(vm);
        delete("spare");
    }

    @Test
    void with_the_decrement_the_count_drops_and_the_sizes_bound_both_moves() throws Exception {
        create("tight", 1, 2, 2);
        List<String> vms = states(await("tight", 2, 0), "InService");

        List<Activity> moved = enter("tight", true, vms.get(0));
        assertThat(moved).singleElement().satisfies(a -> assertThat(a.cause()).endsWith(" instance " + vms.get(0)
                + " was moved to standby in response to a user request, shrinking the capacity from 2 to 1."));
        AutoScalingGroup g = await("tight", 1, 1);
        assertThat(g.desiredCapacity()).isEqualTo(1);
        Thread.sleep(2000);
        assertThat(group("tight").instances()).as("no replacement").hasSize(2);

        AwsServiceException belowMin = error(() -> enter("tight", true, vms.get(1)));
        assertThat(belowMin.statusCode()).isEqualTo(400);
        assertThat(belowMin.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(belowMin.awsErrorDetails().errorMessage()).isEqualTo("AutoScalingGroup tight has min-size=1, max-size=2,"
                + " and desired-size=1. To place into standby 1 instance, please update the AutoScalingGroup sizes appropriately.");
        assertThat(states(group("tight"), "InService")).as("unchanged").containsExactly(vms.get(1));

        // the other without the decrement: a replacement comes, and two in standby cannot both come back under MaxSize 2
        enter("tight", false, vms.get(1));
        await("tight", 1, 2);
        AwsServiceException aboveMax = error(() -> exit("tight", vms.get(0), vms.get(1)));
        assertThat(aboveMax.awsErrorDetails().errorMessage()).isEqualTo("AutoScalingGroup tight has min-size=1, max-size=2,"
                + " and desired-size=1. To move out of standby 2 instances, please update the AutoScalingGroup sizes appropriately.");
        assertThat(group("tight").desiredCapacity()).as("unchanged").isEqualTo(1);
        assertThat(exit("tight", vms.get(0))).hasSize(1);
        assertThat(await("tight", 2, 1).desiredCapacity()).isEqualTo(2);
        delete("tight");
    }

    @Test
    void refusals_say_what_to_fix_and_change_nothing() {
        create("strict", 0, 3, 2);
        List<String> vms = states(await("strict", 2, 0), "InService");
        create("other", 0, 1, 1);
        String theirs = states(await("other", 1, 0), "InService").get(0);

        AwsServiceException notMine = error(() -> enter("strict", true, vms.get(0), theirs));
        assertThat(notMine.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(notMine.awsErrorDetails().errorMessage())
                .isEqualTo("The instance " + theirs + " is not part of Auto Scaling group strict.");
        AutoScalingGroup g = group("strict");
        assertThat(states(g, "Standby")).as("all or nothing").isEmpty();
        assertThat(g.desiredCapacity()).isEqualTo(2);

        assertThat(error(() -> exit("strict", vms.get(0))).awsErrorDetails().errorMessage())
                .isEqualTo("The instance " + vms.get(0) + " is not in Standby.");
        enter("strict", true, vms.get(0));
        assertThat(error(() -> enter("strict", true, vms.get(0))).awsErrorDetails().errorMessage())
                .isEqualTo("The instance " + vms.get(0) + " is not in InService.");
        assertThat(error(() -> enter("nosuch", true, vms.get(1))).awsErrorDetails().errorMessage())
                .isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'nosuch' not found");
        assertThat(error(() -> alice.enterStandby(r -> r.autoScalingGroupName("strict").instanceIds(vms.get(1))))
                .awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value null at"
                + " 'ShouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null");
        String[] many = IntStream.rangeClosed(1, 21).mapToObj(k -> String.format("i-%017d", k)).toArray(String[]::new);
        AwsServiceException tooMany = error(() -> exit("strict", many));
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(tooMany.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value at 'InstanceIds'"
                + " failed to satisfy constraint: Member must have length less than or equal to 20");
        AwsServiceException none = error(() -> alice.exitStandby(r -> r.autoScalingGroupName("strict")));
        assertThat(none.awsErrorDetails().errorCode()).isEqualTo("ValidationError");

        AutoScalingGroup after = group("strict");
        assertThat(after.desiredCapacity()).isEqualTo(1);
        assertThat(states(after, "Standby")).containsExactly(vms.get(0));

        // a VM in standby is not counted: terminating it with the decrement leaves the count, and the in-service VM
        alice.terminateInstanceInAutoScalingGroup(r -> r.instanceId(vms.get(0)).shouldDecrementDesiredCapacity(true));
        AutoScalingGroup left = await("strict", 1, 0);
        assertThat(left.desiredCapacity()).isEqualTo(1);
        assertThat(states(left, "InService")).containsExactly(vms.get(1));
        delete("strict");
        delete("other");
    }
}
