package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.GroupApiTest.tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.Group;
import phantom.core.model.LaunchConfiguration;
import phantom.driver.sim.SimVm;
import phantom.store.Database;
import phantom.store.DatabaseConfig;
import phantom.store.Tx;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * The embedded store keeps every acknowledged write through SIGKILL: {@code phantom serve} as a
 * separate process, many concurrent API writers (the AWS SDK for Java v2) and the engine's own
 * commits while it scales several groups up, killed at random moments again and again. After each
 * kill every write that was answered 200 is in the database, and every VM in the sim clouds has
 * its instance row (its intent was committed before the launch); at the end no VM that had a row
 * was terminated as an orphan.
 */
class StoreDurabilityTest {
    private static final int KILLS = Integer.getInteger("phantom.durability.kills", 20);
    private static final int WRITERS = 8;
    private static final String CONFIG = """
            engine:
              resync_seconds: 0.2
              launch_parallelism: 8
            sites:
              hotel:
                driver: sim
                boot_seconds: 0.05
                api_latency_ms: 40
                capacity: -1
              sierra:
                driver: sim
                boot_seconds: 0.05
                api_latency_ms: 40
                capacity: -1
            """;

    @TempDir
    Path dir;

    /** What the API acknowledged: launch configuration names, group names, and per group the last tag value set. */
    private final Set<String> launchConfigurations = ConcurrentHashMap.newKeySet();
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> tags = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedWriteAndEveryLaunchIntentSurvivesRepeatedKillDashNine() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), CONFIG);
        Path data = Files.createDirectories(dir.resolve("data"));
        Set<String> vmsWithRows = new HashSet<>();
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start();
            AutoScalingClient alice = CrashRecoveryTest.client(phantom, phantom.run("user", "add", "alice"));
            for (String site : List.of("hotel", "sierra")) {
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("vm@" + site).imageId("ami-1").instanceType("m1.small"));
            }
            for (int kill = 1; kill <= KILLS; kill++) {
                if (kill > 1) phantom.start();
                int cycle = kill;
                // a scale-up of a new group each cycle, on top of the earlier groups' still going on
                alice.createAutoScalingGroup(r -> r.autoScalingGroupName("scale-" + cycle).launchConfigurationName("vm")
                        .minSize(4).maxSize(4).tags(tag("clouds", "hotel:2,sierra:-1"), tag("n_preserve", "4")));
                groups.add("scale-" + cycle);
                writeUntilKilled(phantom, alice, cycle, ThreadLocalRandom.current().nextLong(200, 1500));

                List<SimVm> vms = CrashRecoveryTest.liveVms(data);
                try (Database db = Database.openExisting(DatabaseConfig.embedded(data))) {
                    assertEveryAcknowledgedWriteIsThere(db, cycle);
                    Set<String> rows = db.read((Tx tx) -> tx.instances().all()).stream().map(i -> i.id())
                            .collect(Collectors.toSet());
                    List<String> withoutRow = vms.stream().map(SimVm::token).filter(t -> !rows.contains(t)).toList();
                    assertThat(withoutRow).as("VMs in the sim clouds without an instance row after kill %d", cycle).isEmpty();
                    vms.forEach(v -> vmsWithRows.add(v.cloudId()));
                }
            }
            System.out.printf("%d kills: %d launch configurations, %d groups, %d tag updates acknowledged and found; %d VMs had rows%n",
                    KILLS, launchConfigurations.size(), groups.size(), tags.values().stream().mapToInt(Integer::intValue).sum(),
                    vmsWithRows.size());

            phantom.start();
            List<String> scaleUps = java.util.stream.IntStream.rangeClosed(1, KILLS).mapToObj(k -> "scale-" + k).toList();
            Eventually.await("every scale-up group at 4 InService (group: InService count)",
                    () -> alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames(scaleUps)).autoScalingGroups().stream()
                            .collect(Collectors.toMap(AutoScalingGroup::autoScalingGroupName, StoreDurabilityTest::inService)),
                    m -> m.size() == KILLS && m.values().stream().allMatch(n -> n == 4));
            Set<String> live = CrashRecoveryTest.liveVms(data).stream().map(SimVm::cloudId).collect(Collectors.toSet());
            assertThat(vmsWithRows).as("VMs that had an instance row at a kill and were terminated since").isSubsetOf(live);
            assertThat(live).hasSize(4 * KILLS);
            assertThat(phantom.output()).doesNotContain("orphan sweep: terminating VM");
        }
    }

    private static long inService(AutoScalingGroup g) {
        return g.instances().stream().map(Instance::lifecycleStateAsString).filter("InService"::equals).count();
    }

    /** Runs the writers until the server is killed {@code afterMillis} from now; records each write that returned. */
    private void writeUntilKilled(PhantomProcess phantom, AutoScalingClient alice, int cycle, long afterMillis) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                // one launch configuration and group per writer and kill (the API allows 200 of each),
                // then as many tag updates as it can make
                String name = "k" + cycle + "-w" + writer;
                try {
                    alice.createLaunchConfiguration(r -> r.launchConfigurationName(name + "@hotel").imageId("ami-1").instanceType("m1.small"));
                    launchConfigurations.add(name + "@hotel");
                    alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName(name).minSize(0).maxSize(0)
                            .availabilityZones("hotel"));
                    groups.add(name);
                    for (int n = 1; !killed.get(); n++) {
                        String value = Integer.toString(n);
                        alice.createOrUpdateTags(r -> r.tags(t -> t.resourceId(name).resourceType("auto-scaling-group").key("n")
                                .value(value).propagateAtLaunch(false)));
                        tags.put(name, n);
                    }
                } catch (RuntimeException expected) {
                    // the server died under this call: it was not acknowledged
                }
            }));
        }
        Thread.sleep(afterMillis);
        killed.set(true);
        phantom.kill();
        for (Thread t : writers) t.join();
    }

    private void assertEveryAcknowledgedWriteIsThere(Database db, int cycle) {
        Set<String> lcs = db.read((Tx tx) -> tx.launchConfigurations().list("alice")).stream().map(LaunchConfiguration::name)
                .collect(Collectors.toSet());
        List<Group> all = db.read((Tx tx) -> tx.groups().list("alice"));
        Set<String> gs = all.stream().map(Group::name).collect(Collectors.toSet());
        Map<String, Integer> ts = all.stream().flatMap(g -> g.tags().stream().filter(t -> t.key().equals("n"))
                .map(t -> Map.entry(g.name(), Integer.parseInt(t.value())))).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(launchConfigurations.stream().filter(n -> !lcs.contains(n)).toList())
                .as("acknowledged launch configurations missing after kill %d", cycle).isEmpty();
        assertThat(groups.stream().filter(n -> !gs.contains(n)).toList()).as("acknowledged groups missing after kill %d", cycle).isEmpty();
        // the call in flight at the kill may have committed too: the stored value is the last acknowledged one or later
        assertThat(tags.entrySet().stream().filter(e -> ts.getOrDefault(e.getKey(), 0) < e.getValue()).toList())
                .as("acknowledged tag updates missing after kill %d (group=last acknowledged value)", cycle).isEmpty();
    }
}
