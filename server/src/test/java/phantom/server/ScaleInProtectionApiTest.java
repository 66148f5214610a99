package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.tag;

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
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * SetInstanceProtection, NewInstancesProtectedFromScaleIn and TerminationPolicies over HTTP with the
 * AWS SDK for Java v2, on sim clouds: what the describes show, what the engine takes on scale in,
 * the refusals (which change nothing), and that protection survives a restart.
 */
class ScaleInProtectionApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of()));
        phantom = RunningPhantom.start(sites);
        alice = phantom.client(phantom.user("alice"));
        for (String site : sites.keySet()) {
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static AutoScalingGroup group(String name) {
        List<AutoScalingGroup> g = alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        return g.isEmpty() ? null : g.get(0);
    }

    static AutoScalingGroup awaitInService(String name, int count) {
        return Eventually.await(name + " to have " + count + " in service", () -> group(name),
                g -> g != null && g.instances().size() == count
                        && g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
    }

    static List<String> ids(AutoScalingGroup g) {
        return g.instances().stream().map(Instance::instanceId).toList();
    }

    static void create(String name, String clouds, int n, boolean protectNew, String... policies) {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("web").minSize(n).maxSize(n)
                .newInstancesProtectedFromScaleIn(protectNew).terminationPolicies(policies)
                .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", clouds), tag("n_preserve", "" + n)));
    }

    static void protect(String group, boolean on, List<String> ids) {
        alice.setInstanceProtection(r -> r.autoScalingGroupName(group).instanceIds(ids).protectedFromScaleIn(on));
    }

    @Test
    void protected_vms_are_not_scaled_in_and_the_group_says_why_until_the_protection_is_lifted() throws Exception {
        create("guarded", "hotel:-1", 3, true);
        AutoScalingGroup g = awaitInService("guarded", 3);
        assertThat(g.newInstancesProtectedFromScaleIn()).isTrue();
        assertThat(g.instances()).allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isTrue());
        List<AutoScalingInstanceDetails> details = alice.describeAutoScalingInstances(r -> r.instanceIds(ids(g)))
                .autoScalingInstances();
        assertThat(details).hasSize(3).allSatisfy(d -> assertThat(d.protectedFromScaleIn()).isTrue());

        alice.setDesiredCapacity(r -> r.autoScalingGroupName("guarded").desiredCapacity(1));
        Activity why = Eventually.await("an activity saying why guarded stays at 3",
                () -> alice.describeScalingActivities(r -> r.autoScalingGroupName("guarded")).activities(),
                as -> as.stream().anyMatch(a -> a.cause().contains("protected from scale in"))).stream()
                .filter(a -> a.cause().contains("protected from scale in")).findFirst().orElseThrow();
        assertThat(why.cause()).startsWith("wanted 1, keeping 3: 3 instances protected from scale in (")
                .endsWith("scale-in protection keeps them until it is removed (SetInstanceProtection)");
        assertThat(why.statusCodeAsString()).isEqualTo("Failed");
        AutoScalingGroup kept = group("guarded");
        assertThat(kept.desiredCapacity()).isEqualTo(1);
        assertThat(ids(kept)).containsExactlyInAnyOrderElementsOf(ids(g));

        // the protection is a stored fact of each VM: it outlives a restart
        phantom.restart();
        AutoScalingGroup after = awaitInService("guarded", 3);
        assertThat(after.instances()).allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isTrue());

        String freed = ids(after).get(0);
        protect("guarded", false, List.of(freed));
        AutoScalingGroup shrunk = Eventually.await("guarded to lose its unprotected VM", () -> group("guarded"),
                x -> x.instances().size() == 2);
        assertThat(ids(shrunk)).doesNotContain(freed);
        assertThat(shrunk.instances()).allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isTrue());

        // a user's termination still takes a protected VM, as AWS's does
        String victim = ids(shrunk).get(0);
        alice.terminateInstanceInAutoScalingGroup(r -> r.instanceId(victim).shouldDecrementDesiredCapacity(false));
        Eventually.await(victim + " to be gone", () -> group("guarded"), x -> !ids(x).contains(victim));

        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("guarded").forceDelete(true));
        Eventually.await("guarded to be deleted, protected VMs and all", () -> group("guarded"), x -> x == null);
    }

    @Test
    void new_vms_take_the_groups_setting_and_set_instance_protection_changes_one_vm() {
        create("mixed", "hotel:1,sierra:-1", 2, false);
        AutoScalingGroup g = awaitInService("mixed", 2);
        assertThat(g.newInstancesProtectedFromScaleIn()).isFalse();
        assertThat(g.instances()).allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isFalse());

        String sierraVm = g.instances().stream().filter(i -> i.availabilityZone().equals("sierra")).findFirst().orElseThrow()
                .instanceId();
        protect("mixed", true, List.of(sierraVm));
        assertThat(alice.describeAutoScalingInstances(r -> r.instanceIds(sierraVm)).autoScalingInstances().get(0)
                .protectedFromScaleIn()).isTrue();

        // scale in takes the least preferred cloud first, but not its protected VM: hotel gives one up instead
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("mixed").desiredCapacity(1));
        AutoScalingGroup one = Eventually.await("mixed to shrink to 1", () -> group("mixed"), x -> x.instances().size() == 1);
        assertThat(ids(one)).containsExactly(sierraVm);

        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("mixed").newInstancesProtectedFromScaleIn(true));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("mixed").desiredCapacity(2));
        AutoScalingGroup two = awaitInService("mixed", 2);
        assertThat(two.newInstancesProtectedFromScaleIn()).isTrue();
        assertThat(two.instances()).allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isTrue());
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("mixed").forceDelete(true));
        Eventually.await("mixed to be deleted", () -> group("mixed"), x -> x == null);
    }

    @Test
    void the_termination_policy_picks_which_vm_of_a_cloud_goes() {
        create("aging", "hotel:-1", 1, false, "OldestInstance");
        String first = ids(awaitInService("aging", 1)).get(0);
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("aging").desiredCapacity(2));
        String second = ids(awaitInService("aging", 2)).stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
        assertThat(group("aging").terminationPolicies()).containsExactly("OldestInstance");

        alice.setDesiredCapacity(r -> r.autoScalingGroupName("aging").desiredCapacity(1));
        assertThat(ids(awaitInService("aging", 1))).as("OldestInstance takes the first VM").containsExactly(second);

        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("aging").terminationPolicies("NewestInstance", "Default"));
        assertThat(group("aging").terminationPolicies()).containsExactly("NewestInstance", "Default");
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("aging").desiredCapacity(2));
        String third = ids(awaitInService("aging", 2)).stream().filter(id -> !id.equals(second)).findFirst().orElseThrow();
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("aging").desiredCapacity(1));
        assertThat(ids(awaitInService("aging", 1))).as("NewestInstance takes the latest VM").containsExactly(second);
        assertThat(third).isNotEqualTo(second);

        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("aging").forceDelete(true));
        Eventually.await("aging to be deleted", () -> group("aging"), x -> x == null);
    }

    @Test
    void a_group_shows_default_and_every_aws_policy_is_accepted() {
        create("policies", "hotel:-1", 0, false);
        assertThat(group("policies").terminationPolicies()).containsExactly("Default");
        List<String> all = alice.describeTerminationPolicyTypes().terminationPolicyTypes();
        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("policies").terminationPolicies(all));
        assertThat(group("policies").terminationPolicies()).containsExactlyElementsOf(all);
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("policies"));
    }

    @Test
    void refusals_say_what_to_fix_and_change_nothing() {
        create("strict", "hotel:-1", 1, false);
        AutoScalingGroup g = awaitInService("strict", 1);
        String mine = ids(g).get(0);
        create("other", "sierra:-1", 1, false);
        String theirs = ids(awaitInService("other", 1)).get(0);

        AwsServiceException e = error(() -> protect("strict", true, List.of(mine, theirs)));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The instance " + theirs + " is not part of Auto Scaling group strict.");
        assertThat(group("strict").instances().get(0).protectedFromScaleIn()).as("all or nothing").isFalse();

        assertThat(error(() -> protect("strict", true, List.of("i-00000000000000000"))).awsErrorDetails().errorMessage())
                .isEqualTo("The instance i-00000000000000000 is not part of Auto Scaling group strict.");
        assertThat(error(() -> protect("nosuch", true, List.of(mine))).awsErrorDetails().errorMessage())
                .isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'nosuch' not found");
        List<String> fiftyOne = IntStream.rangeClosed(1, 51).mapToObj(k -> String.format("i-%017d", k)).toList();
        AwsServiceException tooMany = error(() -> protect("strict", true, fiftyOne));
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(tooMany.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value at 'InstanceIds'"
                + " failed to satisfy constraint: Member must have length less than or equal to 50");
        assertThat(error(() -> alice.setInstanceProtection(r -> r.autoScalingGroupName("strict").instanceIds(mine)))
                .awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value null at"
                + " 'ProtectedFromScaleIn' failed to satisfy constraint: Member must not be null");
        assertThat(group("strict").instances().get(0).protectedFromScaleIn()).isFalse();

        String valid = "Valid termination policies are: AllocationStrategy, ClosestToNextInstanceHour, Default,"
                + " NewestInstance, OldestInstance, OldestLaunchConfiguration, OldestLaunchTemplate.";
        AwsServiceException bad = error(() -> create("badpolicy", "hotel:-1", 1, false, "Oldest"));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("Termination policy 'Oldest' is not valid. " + valid);
        assertThat(group("badpolicy")).as("not created").isNull();
        assertThat(error(() -> alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("strict")
                .terminationPolicies("OldestInstance", "newestinstance"))).awsErrorDetails().errorMessage())
                .isEqualTo("Termination policy 'newestinstance' is not valid. " + valid);
        assertThat(group("strict").terminationPolicies()).as("unchanged").containsExactly("Default");

        for (String name : List.of("strict", "other")) {
            alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName(name).forceDelete(true));
            Eventually.await(name + " to be deleted", () -> group(name), x -> x == null);
        }
    }
}
