package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import phantom.store.DatabaseConfig;
import phantom.store.TestDatabases;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * The packaged service on PostgreSQL (started from Maven artifacts in the test JVM) instead of the
 * embedded database: a group runs, the server stops (SIGTERM) and starts again, the group is still there.
 */
class PostgresServerTest {
    @TempDir
    Path dir;

    @Test
    void groups_run_and_survive_a_restart_on_postgresql() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of()));
        DatabaseConfig db = TestDatabases.postgresConfig();
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("url", db.url());
        if (db.user() != null) database.put("user", db.user());
        if (db.password() != null) database.put("password", db.password());
        Path config = Files.writeString(dir.resolve("phantom.yaml"), RunningPhantom.yaml(sites, RunningPhantom.TEST_ENGINE)
                + new Yaml().dump(Map.of("database", database)));
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start(); // makes the schema; the other commands only open one
            String keys = phantom.run("user", "add", "alice");
            AutoScalingClient c = RunningPhantom.client(phantom.endpoint(), keys);
            c.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami").instanceType("t"));
            c.createLaunchConfiguration(r -> r.launchConfigurationName("web@sierra").imageId("ami").instanceType("t"));
            c.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(3).maxSize(3)
                    .tags(tag("clouds", "hotel:2,sierra:-1"), tag("n_preserve", "3")));
            awaitSplit(c);
            // phantom status reads PostgreSQL as it reads the embedded database
            String status = Eventually.await("status to show web in service", () -> {
                try {
                    return phantom.run("status").replaceAll(" +", " ");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, t -> t.contains("alice/web 3 3 0 2/2 1/-\n"));
            assertThat(status).startsWith("GROUP DESIRED IN SERVICE PENDING hotel sierra\n");
            phantom.stop();
            phantom.start();
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
