package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import phantom.driver.ec2.MotoServer;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimVm;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * A group over a sim site and an EC2 site backed by moto ({@code clouds=hotel:2,ec2:-1}, n=4):
 * two VMs on each; Phantom killed with SIGKILL mid scale-up and restarted leaves exactly four VMs
 * for the group and no duplicate or orphan instance in moto.
 */
class Ec2CrashRecoveryTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.validating();

    @TempDir
    Path dir;

    @Test
    void sim_plus_ec2_survives_a_kill_with_exactly_n_vms_and_no_orphan_in_moto() throws Exception {
        Ec2Client ec2 = moto.client();
        String ami = ec2.describeImages(r -> r.filters(Filter.builder().name("state").values("available").build()))
                .images().get(0).imageId();
        Path config = Files.writeString(dir.resolve("phantom.yaml"), """
                engine:
                  resync_seconds: 0.2
                  launch_parallelism: 1
                sites:
                  hotel:
                    driver: sim
                    boot_seconds: 0.05
                    api_latency_ms: 600
                  ec2:
                    driver: ec2
                    region: us-east-1
                    endpoint: %s
                """.formatted(moto.endpoint()));
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start(); // makes the database; the other commands only open one
            AutoScalingClient alice = CrashRecoveryTest.client(phantom, phantom.run("user", "add", "alice"));
            phantom.runWithInput("moto-secret\n", "credentials", "set", "alice", "ec2", "access_key_id=AKIDMOTO", "secret_access_key");
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-sim").instanceType("m1.small"));
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@ec2").imageId(ami).instanceType("t2.micro"));
            alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(4).maxSize(4)
                    .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", "hotel:2,ec2:-1"),
                            tag("n_preserve", "4")));

            // moto launches at once; the sim site takes 0.6 s a call: kill after its first VM, before its second
            Eventually.await("a first VM on the sim site", () -> simVms(data).size(), n -> n >= 1);
            phantom.kill();
            int atKill = simVms(data).size() + motoVms(ec2).size();
            assertThat(atKill).as("killed mid scale-up").isLessThan(4);
            phantom.start();

            AutoScalingGroup g = Eventually.await("4 VMs in service", () -> alice.describeAutoScalingGroups(
                    r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0),
                    x -> x.instances().size() == 4 && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
            assertThat(g.instances().stream().collect(Collectors.groupingBy(Instance::availabilityZone, Collectors.counting())))
                    .containsEntry("hotel", 2L).containsEntry("ec2", 2L);
            Set<String> reported = g.instances().stream().map(Instance::instanceId).collect(Collectors.toSet());
            Eventually.await("moto and the sim to hold exactly the group's VMs", () -> {
                Set<String> all = simVms(data).stream().map(SimVm::cloudId).collect(Collectors.toSet());
                all.addAll(motoVms(ec2));
                return all;
            }, s -> s.equals(reported));
            List<String> tokens = ec2.describeInstancesPaginator(r -> r.filters(Filter.builder().name("tag-key").values("phantom:token").build()))
                    .reservations().stream().flatMap(res -> res.instances().stream())
                    .filter(i -> !i.state().nameAsString().equals("terminated") && !i.state().nameAsString().equals("shutting-down"))
                    .map(i -> i.tags().stream().filter(t -> t.key().equals("phantom:token")).findFirst().orElseThrow().value())
                    .toList();
            assertThat(tokens).as("one live EC2 instance per launch token").hasSize(2).doesNotHaveDuplicates();
        }
    }

    static List<SimVm> simVms(Path data) {
        return SimCloud.open(data, "hotel").live();
    }

    /** Live (not terminated) Phantom-tagged instances in moto. */
    static Set<String> motoVms(Ec2Client ec2) {
        return ec2.describeInstancesPaginator(r -> r.filters(
                        Filter.builder().name("tag-key").values("phantom:token").build(),
                        Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
                .reservations().stream().flatMap(res -> res.instances().stream())
                .map(software.amazon.awssdk.services.ec2.model.Instance::instanceId)
                .collect(Collectors.toSet());
    }
}
