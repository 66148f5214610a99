package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;
import phantom.store.DatabaseConfig;
import phantom.store.TestDatabases;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/**
 * Twenty parallel calls of each action that writes a group, at one group, over HTTP with the SDK:
 * no call is answered 5xx, every call either took effect or was refused with an AWS 4xx, and the
 * end state is exactly what the calls that succeeded add up to. On the embedded database and on
 * PostgreSQL.
 */
class ConcurrentGroupWritesTest {
    static final int PARALLEL = 20;

    @TempDir
    Path dir;

    @Test
    void parallel_writes_to_one_group_on_the_embedded_database() throws Exception {
        try (RunningPhantom phantom = RunningPhantom.start(sites())) {
            run(phantom.endpoint(), phantom.user("racer"));
        }
    }

    @Test
    void parallel_writes_to_one_group_on_postgresql() throws Exception {
        DatabaseConfig db = TestDatabases.postgresConfig();
        Map<String, Object> database = new java.util.LinkedHashMap<>();
        database.put("url", db.url());
        if (db.user() != null) database.put("user", db.user());
        if (db.password() != null) database.put("password", db.password());
        Path config = Files.writeString(dir.resolve("phantom.yaml"), RunningPhantom.yaml(sites(), RunningPhantom.TEST_ENGINE)
                + new org.yaml.snakeyaml.Yaml().dump(Map.of("database", database)));
        try (PhantomProcess phantom = new PhantomProcess(config, Files.createDirectories(dir.resolve("data")))) {
            phantom.start();
            String name = "racer-" + System.nanoTime();
            String keys = phantom.run("user", "add", name);
            run(phantom.endpoint(), new User(name, RunningPhantom.value(keys, "aws_access_key_id"),
                    RunningPhantom.value(keys, "aws_secret_access_key"), null));
        }
    }

    /** One sim site with room for every instance the test starts. */
    static Map<String, SiteConfig> sites() {
        return Map.of("hotel", RunningPhantom.sim("hotel", Map.of("capacity", 100)));
    }

    /** What one call did: "ok", or the AWS error code it was answered with. */
    record Outcome(int index, int status, String code) {
        boolean ok() {
            return code.equals("ok");
        }
    }

    static void run(java.net.URI endpoint, User user) throws Exception {
        AutoScalingClient c = RunningPhantom.client(endpoint, user.accessKeyId(), user.secretAccessKey());
        c.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami").instanceType("t"));
        c.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web@hotel")
                .minSize(0).maxSize(40).desiredCapacity(PARALLEL));
        List<String> ids = inService(c);

        List<Outcome> terminated = parallel("TerminateInstanceInAutoScalingGroup", i -> () -> c.terminateInstanceInAutoScalingGroup(
                r -> r.instanceId(ids.get(i)).shouldDecrementDesiredCapacity(true)));
        long ok = terminated.stream().filter(Outcome::ok).count();
        assertThat(group(c).desiredCapacity()).isEqualTo(PARALLEL - (int) ok);

        c.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(PARALLEL));
        List<String> fresh = inService(c);
        List<Outcome> health = parallel("SetInstanceHealth", i -> () -> c.setInstanceHealth(r -> r.instanceId(fresh.get(i))
                .healthStatus("Unhealthy").shouldRespectGracePeriod(false)));
        assertThat(health).allMatch(Outcome::ok);

        List<Outcome> sized = parallel("SetDesiredCapacity", i -> () -> c.setDesiredCapacity(r -> r.autoScalingGroupName("web")
                .desiredCapacity(i)));
        assertThat(sized.stream().filter(Outcome::ok).map(Outcome::index)).contains(group(c).desiredCapacity());

        List<Outcome> updated = parallel("UpdateAutoScalingGroup", i -> () -> c.updateAutoScalingGroup(r -> r
                .autoScalingGroupName("web").maxSize(41 + i)));
        assertThat(updated.stream().filter(Outcome::ok).map(o -> 41 + o.index())).contains(group(c).maxSize());

        List<Outcome> tagged = parallel("CreateOrUpdateTags", i -> () -> c.createOrUpdateTags(r -> r.tags(Tag.builder()
                .resourceId("web").resourceType("auto-scaling-group").key("k" + i).value("v" + i).propagateAtLaunch(false).build())));
        assertThat(group(c).tags().stream().map(TagDescription::key).filter(k -> k.matches("k\\d+")).toList())
                .containsExactlyInAnyOrderElementsOf(tagged.stream().filter(Outcome::ok).map(o -> "k" + o.index()).toList());

        List<Outcome> untagged = parallel("DeleteTags", i -> () -> c.deleteTags(r -> r.tags(Tag.builder()
                .resourceId("web").resourceType("auto-scaling-group").key("k" + i).build())));
        List<String> left = group(c).tags().stream().map(TagDescription::key).filter(k -> k.matches("k\\d+")).toList();
        for (Outcome o : untagged) assertThat(left.contains("k" + o.index())).as("k" + o.index()).isEqualTo(!o.ok()
                && tagged.get(o.index()).ok());

        List<Outcome> created = parallel("CreateAutoScalingGroup", i -> () -> c.createAutoScalingGroup(r -> r
                .autoScalingGroupName("twin").launchConfigurationName("web@hotel").minSize(0).maxSize(1)));
        assertThat(created.stream().filter(Outcome::ok)).hasSize(1);
        assertThat(created).filteredOn(o -> !o.ok()).allMatch(o -> o.code().equals("AlreadyExists"));

        List<Outcome> deleted = parallel("DeleteAutoScalingGroup", i -> () -> c.deleteAutoScalingGroup(r -> r
                .autoScalingGroupName("web").forceDelete(true)));
        assertThat(deleted).anyMatch(Outcome::ok);
        assertThat(deleted).filteredOn(o -> !o.ok()).allMatch(o -> o.code().equals("ValidationError"));
        Eventually.await("web deleted", () -> c.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups(),
                List::isEmpty);
    }

    /** Waits for exactly PARALLEL instances in service and returns their ids. */
    static List<String> inService(AutoScalingClient c) {
        return Eventually.await(PARALLEL + " instances in service", () -> group(c).instances().stream()
                .filter(i -> i.lifecycleStateAsString().equals("InService")).map(Instance::instanceId).toList(),
                l -> l.size() == PARALLEL);
    }

    static AutoScalingGroup group(AutoScalingClient c) {
        return c.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups().get(0);
    }

    /** Fires the calls together; asserts none was answered 5xx or failed outside the API. */
    static List<Outcome> parallel(String action, IntFunction<Runnable> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        call.apply(index).run();
                        return new Outcome(index, 200, "ok");
                    } catch (AwsServiceException e) {
                        return new Outcome(index, e.statusCode(), e.awsErrorDetails().errorCode());
                    }
                }));
            }
            go.countDown();
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) out.add(f.get());
            Map<String, Integer> counts = new TreeMap<>();
            out.forEach(o -> counts.merge(o.code(), 1, Integer::sum));
            System.out.println(action + " x" + PARALLEL + ": " + counts);
            assertThat(out).as(action + " " + counts).allMatch(o -> o.status() < 500);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
