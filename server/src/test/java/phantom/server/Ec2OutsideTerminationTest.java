package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import phantom.driver.ec2.MotoServer;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Death is seen as death on EC2 (issue 9): a VM terminated from outside Phantom (moto's
 * TerminateInstances) seconds after it started is judged "terminated on ec2", because the EC2
 * listing shows terminated instances, and is replaced; it is not left InService as "missing" for
 * the 60 s grace a VM the cloud does not report at all gets. The resync is two minutes and the
 * site is watched every second, so only the site watcher can find the death in time.
 */
class Ec2OutsideTerminationTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.validating();

    @TempDir
    Path dir;

    @Test
    void a_young_vm_terminated_outside_phantom_is_judged_terminated_and_replaced() throws Exception {
        Ec2Client ec2 = moto.client();
        String ami = ec2.describeImages(r -> r.filters(Filter.builder().name("state").values("available").build()))
                .images().get(0).imageId();
        Path config = Files.writeString(dir.resolve("phantom.yaml"), """
                engine:
                  resync_seconds: 120
                sites:
                  ec2:
                    driver: ec2
                    region: us-east-1
                    endpoint: %s
                    watch_seconds: 1
                """.formatted(moto.endpoint()));
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start();
            String keys = phantom.run("user", "add", "alice");
            phantom.runWithInput("access_key_id=AKIDMOTO\nsecret_access_key=moto-secret\n", "credentials", "set", "alice", "ec2", "--stdin");
            AutoScalingClient alice = RunningPhantom.client(phantom.endpoint(), keys);
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@ec2").imageId(ami).instanceType("t2.micro"));
            alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web")
                    .minSize(2).maxSize(2).tags(tag("clouds", "ec2:-1"), tag("n_preserve", "2")));
            AutoScalingGroup running = Eventually.await("2 VMs in service", () -> group(alice),
                    g -> g.instances().size() == 2 && g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
            String victim = running.instances().get(0).instanceId();

            ec2.terminateInstances(r -> r.instanceIds(victim));

            // Well inside the 60 s grace from its launch, which a VM missing from the listing would wait out.
            AutoScalingGroup healed = Eventually.await("the terminated VM replaced", () -> group(alice),
                    g -> g.instances().size() == 2 && g.instances().stream().noneMatch(i -> i.instanceId().equals(victim))
                            && g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
            assertThat(healed.instances()).extracting(Instance::instanceId).doesNotContain(victim);
            List<Activity> activities = alice.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities();
            String told = activities.stream().map(a -> a.description() + " / " + a.cause() + " / " + a.statusMessage())
                    .collect(Collectors.joining("\n"));
            assertThat(told).contains("terminated on ec2, not by Phantom").doesNotContain("disappeared");
            assertThat(Ec2CrashRecoveryTest.motoVms(ec2)).as("moto's live instances")
                    .containsExactlyInAnyOrderElementsOf(healed.instances().stream().map(Instance::instanceId).toList());
        }
    }

    private static AutoScalingGroup group(AutoScalingClient c) {
        return c.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0);
    }
}
