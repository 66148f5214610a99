package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;
import phantom.store.TestDatabases;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/** The whole service on PostgreSQL (started from Maven artifacts) instead of the embedded database. */
class PostgresServerTest {
    @TempDir
    Path dir;

    @Test
    void groups_run_and_survive_a_restart_on_postgresql() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of()));
        var db = TestDatabases.postgresConfig();
        PhantomConfig base = RunningPhantom.config(Files.createDirectories(dir.resolve("data")), sites);
        PhantomConfig config = new PhantomConfig(base.host(), base.port(), base.dataDir(), db, base.sites(), null,
                base.engine(), null, base.http());
        User alice;
        try (PhantomServer server = PhantomServer.start(config, Clock.systemUTC())) {
            alice = server.users().add("alice", Clock.systemUTC().instant());
            AutoScalingClient c = RunningPhantom.client(server.endpoint(), alice.accessKeyId(), alice.secretAccessKey());
            c.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami").instanceType("t"));
            c.createLaunchConfiguration(r -> r.launchConfigurationName("web@sierra").imageId("ami").instanceType("t"));
            c.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(3).maxSize(3)
                    .tags(tag("clouds", "hotel:2,sierra:-1"), tag("n_preserve", "3")));
            awaitSplit(c);
        }
        try (PhantomServer again = PhantomServer.start(config.withListen("127.0.0.1", 0), Clock.systemUTC())) {
            AutoScalingClient c = RunningPhantom.client(again.endpoint(), alice.accessKeyId(), alice.secretAccessKey());
            AutoScalingGroup g = awaitSplit(c);
            assertThat(g.desiredCapacity()).isEqualTo(3);
        }
    }

    private static AutoScalingGroup awaitSplit(AutoScalingClient c) {
        return Eventually.await("2 on hotel and 1 on sierra", () -> c.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web"))
                .autoScalingGroups().get(0), g -> g.instances().stream()
                .collect(Collectors.groupingBy(Instance::availabilityZone, Collectors.counting()))
                .equals(Map.of("hotel", 2L, "sierra", 1L)));
    }
}
