package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import phantom.driver.ec2.MotoServer;
import phantom.driver.openstack.OpenStackCloud;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimVm;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * One packaged server (the distribution's bin/phantom, as users run it) with a site of each driver:
 * {@code hotel} (sim), {@code ec2} (moto) and {@code chameleon} (the OpenStack fake, in this JVM on
 * loopback). One group on each reaches InService, as the API says and as each cloud itself says;
 * deleted, each leaves nothing running in its cloud.
 */
class AllDriversTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.validating();

    @TempDir
    Path dir;

    @Test
    void one_group_on_each_driver_runs_in_its_cloud_and_leaves_nothing_when_deleted() throws Exception {
        Ec2Client ec2 = moto.client();
        String ami = ec2.describeImages(r -> r.filters(Filter.builder().name("state").values("available").build()))
                .images().get(0).imageId();
        try (OpenStackCloud openstack = new OpenStackCloud("alice-os", "os-password")) {
            Path config = Files.writeString(dir.resolve("phantom.yaml"), """
                    engine:
                      resync_seconds: 0.2
                    sites:
                      hotel:
                        driver: sim
                        boot_seconds: 0.05
                      ec2:
                        driver: ec2
                        region: us-east-1
                        endpoint: %s
                      chameleon:
                        driver: openstack
                        auth_url: %s
                        request_timeout_seconds: 5
                    """.formatted(moto.endpoint(), openstack.authUrl()));
            Path data = Files.createDirectories(dir.resolve("data"));
            try (PhantomProcess phantom = new PhantomProcess(config, data)) {
                phantom.start(); // makes the database; the other commands only open one
                String keys = phantom.run("user", "add", "alice");
                phantom.runWithInput("access_key_id=AKIDMOTO\nsecret_access_key=moto-secret\n", "credentials", "set", "alice", "ec2", "--stdin");
                phantom.runWithInput("username=alice-os\npassword=os-password\nproject_name=" + OpenStackCloud.PROJECT + "\n",
                        "credentials", "set", "alice", "chameleon", "--stdin");
                AutoScalingClient alice = RunningPhantom.client(phantom.endpoint(), keys);
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-sim").instanceType("m1.small"));
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@ec2").imageId(ami).instanceType("t2.micro"));
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@chameleon").imageId(OpenStackCloud.IMAGE)
                        .instanceType(OpenStackCloud.FLAVOR));
                for (String site : List.of("hotel", "ec2", "chameleon")) {
                    alice.createAutoScalingGroup(r -> r.autoScalingGroupName("on-" + site).launchConfigurationName("web")
                            .minSize(2).maxSize(2).tags(tag("clouds", site + ":-1"), tag("n_preserve", "2")));
                }

                Map<String, Set<String>> reported = new java.util.HashMap<>();
                for (String site : List.of("hotel", "ec2", "chameleon")) {
                    AutoScalingGroup g = Eventually.await("on-" + site + " to have 2 VMs in service", () -> {
                        openstack.bootAll();
                        return group(alice, "on-" + site);
                    }, x -> x != null && x.instances().size() == 2
                            && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
                    assertThat(g.instances()).extracting(Instance::availabilityZone).containsOnly(site);
                    reported.put(site, g.instances().stream().map(Instance::instanceId).collect(Collectors.toSet()));
                }
                assertThat(simVms(data)).as("the sim site's VMs").isEqualTo(reported.get("hotel"));
                assertThat(Ec2CrashRecoveryTest.motoVms(ec2)).as("moto's instances").isEqualTo(reported.get("ec2"));
                assertThat(Set.copyOf(openstack.liveServers())).as("Nova's servers").isEqualTo(reported.get("chameleon"));

                for (String site : List.of("hotel", "ec2", "chameleon")) {
                    alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("on-" + site).forceDelete(true));
                }
                for (String site : List.of("hotel", "ec2", "chameleon")) {
                    Eventually.await("on-" + site + " to be deleted", () -> group(alice, "on-" + site), g -> g == null);
                }
                assertThat(simVms(data)).as("VMs left in the sim site").isEmpty();
                assertThat(Ec2CrashRecoveryTest.motoVms(ec2)).as("instances left in moto").isEmpty();
                assertThat(openstack.liveServers()).as("servers left in Nova").isEmpty();
            }
        }
    }

    static AutoScalingGroup group(AutoScalingClient c, String name) {
        List<AutoScalingGroup> g = c.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        return g.isEmpty() ? null : g.get(0);
    }

    static Set<String> simVms(Path data) {
        return SimCloud.open(data, "hotel").live().stream().map(SimVm::cloudId).collect(Collectors.toSet());
    }
}
