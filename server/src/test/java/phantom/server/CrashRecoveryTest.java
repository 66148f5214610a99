package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimVm;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * Phantom as a separate process, killed with SIGKILL while it scales a group up, then started
 * again: the group must end with exactly N VMs and the simulated clouds must hold no orphan.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            engine:
              resync_seconds: 0.2
              launch_parallelism: 1
            sites:
              hotel:
                driver: sim
                boot_seconds: 0.05
                api_latency_ms: 120
              sierra:
                driver: sim
                boot_seconds: 0.05
                api_latency_ms: 120
            """;

    @Test
    void killed_twice_mid_scale_up_it_ends_with_exactly_n_vms_and_no_orphan() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), CONFIG);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start(); // makes the database; the other commands only open one
            AutoScalingClient alice = client(phantom, phantom.run("user", "add", "alice"));
            for (String site : List.of("hotel", "sierra")) {
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small"));
            }
            alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(8).maxSize(8)
                    .tags(tag("clouds", "hotel:3,sierra:-1"), tag("n_preserve", "8")));

            Eventually.await("2 VMs in the clouds", () -> liveVms(data).size(), n -> n >= 2);
            phantom.kill();
            assertThat(liveVms(data).size()).as("killed mid scale-up").isLessThan(8);
            phantom.start();
            Eventually.await("5 VMs in the clouds", () -> liveVms(data).size(), n -> n >= 5);
            phantom.kill();
            phantom.start();

            AutoScalingGroup g = Eventually.await("8 VMs in service", () -> alice.describeAutoScalingGroups(
                    r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0),
                    x -> x.instances().size() == 8 && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
            Set<String> reported = g.instances().stream().map(Instance::instanceId).collect(Collectors.toSet());
            Set<String> inClouds = Eventually.await("the clouds to hold exactly the group's 8 VMs",
                    () -> liveVms(data).stream().map(SimVm::cloudId).collect(Collectors.toSet()), s -> s.equals(reported));
            assertThat(inClouds).hasSize(8);
            assertThat(g.instances().stream().filter(i -> i.availabilityZone().equals("hotel"))).hasSize(3);
            assertThat(liveVms(data)).allSatisfy(v -> assertThat(v.groupName()).isEqualTo("web"));
        }
    }

    static List<SimVm> liveVms(Path data) {
        return Stream.of("hotel", "sierra").flatMap(s -> SimCloud.open(data, s).live().stream()).toList();
    }

    static AutoScalingClient client(PhantomProcess phantom, String credentialsFile) {
        return RunningPhantom.client(phantom.endpoint(), credentialsFile);
    }

}
