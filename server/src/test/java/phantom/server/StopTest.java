package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimVm;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * Phantom as a separate process, stopped with SIGTERM while it scales a group up on a slow cloud:
 * it starts no new launch, says what it waits for, ends within its shutdown timeout, and after a
 * restart the group reaches its desired count with no duplicate. Also: a second signal, and a port
 * that is in use.
 */
class StopTest {
    @TempDir
    Path dir;

    private static String config(int latencyMs, double shutdownSeconds) {
        return """
                engine:
                  resync_seconds: 0.2
                  launch_parallelism: 2
                  shutdown_timeout_seconds: %s
                sites:
                  hotel:
                    driver: sim
                    boot_seconds: 0.05
                    api_latency_ms: %d
                """.formatted(shutdownSeconds, latencyMs);
    }

    private static List<SimVm> vms(Path data) {
        return SimCloud.open(data, "hotel").live();
    }

    private static AutoScalingClient scaleUp(PhantomProcess phantom, int n) throws Exception {
        phantom.start(); // makes the database; the other commands only open one
        AutoScalingClient alice = CrashRecoveryTest.client(phantom, phantom.run("user", "add", "alice"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web").imageId("ami-1").instanceType("m1.small"));
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(n).maxSize(n)
                .tags(tag("clouds", "hotel:-1"), tag("n_preserve", String.valueOf(n))));
        return alice;
    }

    /** After a restart: n VMs in service, and the cloud holds exactly those. */
    private static void converges(AutoScalingClient alice, Path data, int n) {
        AutoScalingGroup g = Eventually.await(n + " VMs in service", () -> alice.describeAutoScalingGroups(
                r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0),
                x -> x.instances().size() == n && x.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService")));
        Set<String> reported = g.instances().stream().map(Instance::instanceId).collect(Collectors.toSet());
        Set<String> inCloud = Eventually.await("the cloud to hold exactly the group's VMs",
                () -> vms(data).stream().map(SimVm::cloudId).collect(Collectors.toSet()), s -> s.equals(reported));
        assertThat(inCloud).hasSize(n);
        assertThat(vms(data)).extracting(SimVm::token).doesNotHaveDuplicates();
    }

    @Test
    void sigterm_mid_scale_up_starts_no_new_launch_says_what_it_waits_for_and_ends_within_the_bound() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), config(1500, 6));
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            AutoScalingClient alice = scaleUp(phantom, 8);
            Eventually.await("the first 2 VMs", () -> vms(data).size(), n -> n >= 2);

            long signalled = System.nanoTime();
            phantom.signal();
            Integer exit = phantom.awaitExit(Duration.ofSeconds(20));
            long tookMs = (System.nanoTime() - signalled) / 1_000_000;

            String log = phantom.output();
            assertThat(exit).as("exited after SIGTERM; log:\n" + log).isEqualTo(0);
            assertThat(tookMs).as("the 6 s shutdown timeout, plus the JVM's start-up of nothing").isLessThan(9_000);
            assertThat(log).containsPattern("SIGTERM: stopping within 6 s \\(send it again to exit at once\\)")
                    .containsPattern("waiting for \\d+ launch(es)?( and \\d+ listings?)? on hotel to return \\(up to 6 s\\)")
                    .contains("reconciler stopped").contains("Phantom stopped")
                    .doesNotContain("Exception");
            int atStop = vms(data).size();
            assertThat(atStop).as("at most the two waves in flight at the signal: no launch started after it")
                    .isLessThanOrEqualTo(4);

            phantom.start();
            converges(alice, data, 8);
        }
    }

    @Test
    void a_second_signal_exits_at_once_and_says_what_it_did_not_wait_for() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), config(20_000, 60));
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            AutoScalingClient alice = scaleUp(phantom, 3);
            Eventually.await("the launches on their way", () -> {
                try {
                    return alice.describeScalingActivities(r -> r.autoScalingGroupName("web")).activities().size();
                } catch (RuntimeException e) {
                    return 0;
                }
            }, n -> n >= 2);

            phantom.signal();
            Eventually.await("the first signal is taken", () -> {
                try {
                    return phantom.output();
                } catch (java.io.IOException e) {
                    return "";
                }
            }, l -> l.contains("waiting for"));
            long second = System.nanoTime();
            phantom.signal();
            Integer exit = phantom.awaitExit(Duration.ofSeconds(10));
            long tookMs = (System.nanoTime() - second) / 1_000_000;

            String log = phantom.output();
            assertThat(exit).as("log:\n" + log).isEqualTo(130);
            assertThat(tookMs).as("at once, not after the 20 s calls or the 60 s timeout").isLessThan(5_000);
            assertThat(log).containsPattern("second SIGTERM: exiting now without waiting for \\d+ launch(es)?( and \\d+ listings?)? on hotel;"
                    + " unfinished launches and terminations resume at the next start");

            Files.writeString(config, config(50, 5));
            phantom.start();
            converges(alice, data, 3);
        }
    }

    @Test
    void a_port_in_use_is_one_clean_line_and_nothing_else() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), config(0, 5));
        Path data = dir.resolve("data"); // serve makes it, private (an existing open one would be tightened, with a log line)
        try (PhantomProcess phantom = new PhantomProcess(config, data);
                ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PhantomProcess.Outcome o = phantom.exec("serve", "--listen", "127.0.0.1:" + busy.getLocalPort());

            assertThat(o.exitCode()).as(o.output()).isEqualTo(2);
            assertThat(o.output().strip().lines()).as("exactly one line:\n" + o.output()).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("phantom: ")
                            .contains("127.0.0.1:" + busy.getLocalPort())
                            .contains("is another Phantom running?"));
        }
    }
}
