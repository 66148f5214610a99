package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimVm;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.TerminateInstanceInAutoScalingGroupResponse;

/** The engine through the API: overflow, capacity errors, replacement, scale-in and delete, on sim clouds. */
class EngineApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of()));
        sites.put("foxtrot", RunningPhantom.sim("foxtrot", Map.of("capacity", 3)));
        sites.put("alamo", RunningPhantom.sim("alamo", Map.of()));
        phantom = RunningPhantom.start(sites);
        alice = phantom.client(phantom.user("alice"));
        for (String site : sites.keySet()) {
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("mylaunch@" + site).imageId("ami-1").instanceType("m1.small"));
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

    static Map<String, Long> bySite(AutoScalingGroup g) {
        return g.instances().stream().collect(Collectors.groupingBy(Instance::availabilityZone, Collectors.counting()));
    }

    static AutoScalingGroup awaitInService(String name, Map<String, Long> expected) {
        return Eventually.await(name + " to have " + expected + " in service", () -> group(name),
                g -> g != null && bySite(g).equals(expected)
                        && g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
    }

    static void create(String name, String clouds, int n) {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("mylaunch").minSize(n).maxSize(n)
                .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", clouds), tag("n_preserve", "" + n)));
    }

    static List<SimVm> liveVms(String site, String groupName) {
        return SimCloud.open(phantom.dataDir, site).live().stream().filter(v -> groupName.equals(v.groupName())).toList();
    }

    @Test
    void ten_over_hotel_8_and_sierra_unbounded_is_8_plus_2() {
        create("split", "hotel:8,sierra:-1", 10);
        AutoScalingGroup g = awaitInService("split", Map.of("hotel", 8L, "sierra", 2L));
        assertThat(g.instances()).allSatisfy(i -> {
            assertThat(i.instanceId()).startsWith("i-");
            assertThat(i.healthStatus()).isEqualTo("Healthy");
            assertThat(i.launchConfigurationName()).isIn("mylaunch@hotel", "mylaunch@sierra");
        });
        assertThat(liveVms("hotel", "split")).hasSize(8);
        assertThat(liveVms("sierra", "split")).hasSize(2);

        List<AutoScalingInstanceDetails> details = alice.describeAutoScalingInstances().autoScalingInstances().stream()
                .filter(d -> d.autoScalingGroupName().equals("split")).toList();
        assertThat(details).hasSize(10).allSatisfy(d -> {
            assertThat(d.healthStatus()).isEqualTo("HEALTHY");
            assertThat(d.lifecycleState()).isEqualTo("InService");
            assertThat(d.availabilityZone()).isIn("hotel", "sierra");
        });

        // scale in: the least preferred site (sierra) loses its VMs first
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("split").desiredCapacity(7));
        awaitInService("split", Map.of("hotel", 7L));
        assertThat(liveVms("sierra", "split")).isEmpty();

        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("split").forceDelete(true));
        assertThat(group("split")).satisfiesAnyOf(
                gone -> assertThat(gone).isNull(),
                deleting -> assertThat(deleting.status()).isEqualTo("Delete in progress"));
        Eventually.await("split to be deleted", () -> group("split"), g2 -> g2 == null);
        assertThat(liveVms("hotel", "split")).isEmpty();
    }

    @Test
    void a_full_site_overflows_and_the_activities_say_why() {
        create("full", "foxtrot:-1,alamo:-1", 5);
        awaitInService("full", Map.of("foxtrot", 3L, "alamo", 2L));
        List<Activity> activities = alice.describeScalingActivities(r -> r.autoScalingGroupName("full")).activities();
        assertThat(activities).anySatisfy(a -> {
            assertThat(a.statusCodeAsString()).isEqualTo("Failed");
            assertThat(a.statusMessage()).contains("InsufficientInstanceCapacity");
        });
        assertThat(activities).anySatisfy(a -> {
            assertThat(a.statusCodeAsString()).isEqualTo("Successful");
            assertThat(a.cause()).contains("foxtrot -> alamo");
            assertThat(a.description()).startsWith("Launching a new EC2 instance: i-");
        });
        assertThat(activities).allSatisfy(a -> {
            assertThat(a.activityId()).isNotBlank();
            assertThat(a.startTime()).isNotNull();
            assertThat(a.autoScalingGroupName()).isEqualTo("full");
        });
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("full").forceDelete(true));
        Eventually.await("full to be deleted", () -> group("full"), g -> g == null);
    }

    @Test
    void terminating_an_instance_replaces_it_or_shrinks_the_group() {
        create("term", "sierra:-1", 2);
        AutoScalingGroup g = awaitInService("term", Map.of("sierra", 2L));
        String victim = g.instances().get(0).instanceId();

        TerminateInstanceInAutoScalingGroupResponse r = alice.terminateInstanceInAutoScalingGroup(
                b -> b.instanceId(victim).shouldDecrementDesiredCapacity(false));
        assertThat(r.activity().description()).isEqualTo("Terminating EC2 instance: " + victim);
        assertThat(r.activity().cause()).contains("taken out of service in response to a user request");
        assertThat(r.activity().statusCodeAsString()).isEqualTo("InProgress");
        AutoScalingGroup replaced = Eventually.await("a replacement for " + victim, () -> group("term"),
                x -> x.instances().size() == 2 && x.instances().stream().noneMatch(i -> i.instanceId().equals(victim))
                        && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
        assertThat(replaced.desiredCapacity()).isEqualTo(2);
        assertThat(liveVms("sierra", "term")).extracting(SimVm::cloudId).doesNotContain(victim).hasSize(2);

        String second = replaced.instances().get(0).instanceId();
        alice.terminateInstanceInAutoScalingGroup(b -> b.instanceId(second).shouldDecrementDesiredCapacity(true));
        AutoScalingGroup shrunk = Eventually.await("term to shrink to 1", () -> group("term"),
                x -> x.instances().size() == 1 && x.desiredCapacity() == 1);
        assertThat(shrunk.instances().get(0).instanceId()).isNotEqualTo(second);

        assertThat(error(() -> alice.terminateInstanceInAutoScalingGroup(b -> b.instanceId("i-00000000000000000")
                .shouldDecrementDesiredCapacity(true))).awsErrorDetails().errorMessage())
                .isEqualTo("Instance Id not found - No managed instance found for instance ID: i-00000000000000000");
        alice.deleteAutoScalingGroup(b -> b.autoScalingGroupName("term").forceDelete(true));
        Eventually.await("term to be deleted", () -> group("term"), x -> x == null);
    }

    @Test
    void lowering_a_cap_with_tags_removes_the_excess_there_and_keeps_n_on_the_next_site() {
        create("caps", "hotel:3,alamo:-1", 4);
        awaitInService("caps", Map.of("hotel", 3L, "alamo", 1L));
        alice.createOrUpdateTags(b -> b.tags(software.amazon.awssdk.services.autoscaling.model.Tag.builder().resourceId("caps")
                .resourceType("auto-scaling-group").key("clouds").value("hotel:1,alamo:-1").propagateAtLaunch(false).build()));
        awaitInService("caps", Map.of("hotel", 1L, "alamo", 3L));
        alice.deleteAutoScalingGroup(b -> b.autoScalingGroupName("caps").forceDelete(true));
        Eventually.await("caps to be deleted", () -> group("caps"), x -> x == null);
    }
}
