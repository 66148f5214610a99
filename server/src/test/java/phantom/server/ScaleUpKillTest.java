package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
 * Issue 9's crash test at scale: one group scaling to {@value #DEFAULT_VMS} VMs over two sim sites,
 * the packaged server killed with SIGKILL several times during the scale-up and started again. In the
 * end the clouds hold exactly the desired VMs, each launch token has at most one VM, every VM is the
 * API's (it has its instance row), and deleting the group leaves nothing behind.
 *
 * <p>{@code -Dphantom.scaleup.vms=N} and {@code -Dphantom.scaleup.kills=K} change the size and the
 * number of kills (K kills at 1/(K+1), 2/(K+1), ... of the way).
 */
class ScaleUpKillTest {
    static final int DEFAULT_VMS = 1000;
    static final int VMS = Integer.getInteger("phantom.scaleup.vms", DEFAULT_VMS);
    static final int KILLS = Integer.getInteger("phantom.scaleup.kills", 3);
    static final int HOTEL_CAP = VMS / 2;
    static final List<String> SITES = List.of("hotel", "sierra");

    /**
     * Many calls in flight (16 per site, two sites), each answering after 200 ms, so that filling
     * the 1,000 VMs takes some 6 s of launches: each kill comes mid scale-up and cuts many launches
     * short. (With no latency the engine fills them before the first kill lands.)
     */
    static final String CONFIG = """
            engine:
              resync_seconds: 0.5
              launch_parallelism: 16
            sites:
              hotel:
                driver: sim
                capacity: -1
                boot_seconds: 0.05
                api_latency_ms: 200
              sierra:
                driver: sim
                capacity: -1
                boot_seconds: 0.05
                api_latency_ms: 200
            """;

    @TempDir
    Path dir;

    @Test
    void killed_repeatedly_while_scaling_to_a_thousand_it_ends_with_exactly_the_desired_vms() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), CONFIG);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start(); // makes the database; the other commands only open one
            AutoScalingClient alice = RunningPhantom.client(phantom.endpoint(), phantom.run("user", "add", "alice"));
            for (String site : SITES) {
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small"));
            }
            alice.createAutoScalingGroup(r -> r.autoScalingGroupName("big").launchConfigurationName("web").minSize(VMS).maxSize(VMS)
                    .tags(tag("clouds", "hotel:" + HOTEL_CAP + ",sierra:-1"), tag("n_preserve", Integer.toString(VMS))));

            for (int k = 1; k <= KILLS; k++) {
                int reached = VMS * k / (KILLS + 1);
                await(reached + " VMs in the clouds", () -> liveVms(data).size(), n -> n >= reached);
                phantom.kill();
                int live = liveVms(data).size();
                assertThat(live).as("kill %d of %d came mid scale-up", k, KILLS).isLessThan(VMS);
                phantom.start();
            }

            AutoScalingGroup g = await(VMS + " VMs in service", () -> describe(alice),
                    x -> x.instances().size() == VMS && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
            Set<String> reported = g.instances().stream().map(Instance::instanceId).collect(Collectors.toSet());
            assertThat(reported).hasSize(VMS);
            Set<String> inClouds = await("the clouds to hold exactly the group's " + VMS + " VMs",
                    () -> liveVms(data).stream().map(SimVm::cloudId).collect(Collectors.toSet()), s -> s.equals(reported));
            assertThat(inClouds).as("every VM in the clouds has its instance row").isEqualTo(reported);
            assertThat(g.instances().stream().filter(i -> i.availabilityZone().equals("hotel"))).hasSize(HOTEL_CAP);

            List<SimVm> everLaunched = allVms(data);
            Map<String, List<String>> byToken = everLaunched.stream()
                    .collect(Collectors.groupingBy(SimVm::token, Collectors.mapping(SimVm::cloudId, Collectors.toList())));
            assertThat(byToken).as("no launch token with two VMs").allSatisfy((token, vms) -> assertThat(vms).hasSize(1));
            assertThat(byToken).hasSizeGreaterThanOrEqualTo(VMS);

            alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("big").forceDelete(true));
            await("the group to be gone", () -> alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("big")).autoScalingGroups(),
                    List::isEmpty);
            assertThat(liveVms(data)).as("nothing left in the clouds once the group is deleted").isEmpty();
        }
    }

    static AutoScalingGroup describe(AutoScalingClient c) {
        return c.describeAutoScalingGroups(r -> r.autoScalingGroupNames("big")).autoScalingGroups().get(0);
    }

    static List<SimVm> allVms(Path data) {
        return SITES.stream().flatMap(s -> SimCloud.open(data, s).all().stream()).toList();
    }

    static List<SimVm> liveVms(Path data) {
        return Stream.of("hotel", "sierra").flatMap(s -> SimCloud.open(data, s).live().stream()).toList();
    }

    /** Polls every 100 ms for up to 3 minutes: a thousand VMs take a while on a loaded machine. */
    static <T> T await(String what, Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                String shown = String.valueOf(last);
                throw new AssertionError("timed out waiting for " + what + "; last seen: "
                        + (shown.length() > 500 ? shown.substring(0, 500) + "..." : shown));
            }
            Thread.sleep(100);
            last = read.get();
        }
        return last;
    }
}
