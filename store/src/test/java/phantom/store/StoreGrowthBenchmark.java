package phantom.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.Tag;

/**
 * How large the embedded file grows over a long mixed run: launch configurations and groups made
 * and deleted, tags rewritten, instances launched, started and finished, activities written and
 * finished, reads, with the time advancing {@link #STEP} per operation and the housekeeping the
 * server runs (old finished instances reaped as the orphan sweep does, {@link Housekeeping} every
 * ten simulated minutes). Prints the size of the database and its WAL every tenth of the run.
 *
 * <p>Run: {@code java -cp <store test classpath> phantom.store.StoreGrowthBenchmark [operations] [dir]}
 * (default 150,000 operations). {@code StoreGrowthBenchmarkTest} runs it briefly as a smoke test.
 */
public final class StoreGrowthBenchmark {
    /** Simulated time per operation: 150,000 operations span 104 days, past the 42 days activities are kept. */
    static final Duration STEP = Duration.ofMinutes(1);
    private static final Duration KEEP_FINISHED = Duration.ofHours(2); // as the orphan sweep
    private static final Duration HOUSEKEEPING = Duration.ofMinutes(10);
    private static final int LIVE = 50; // groups and launch configurations alive at once
    private static final String USER_DATA = "#!/bin/sh\n" + "echo configure the VM\n".repeat(100);

    /** One measurement: after {@code operations}, the files' sizes and the live rows. */
    record Sample(int operations, long databaseBytes, long walBytes, int activities, int instances) {
        long totalBytes() {
            return databaseBytes + walBytes;
        }
    }

    private StoreGrowthBenchmark() {}

    public static void main(String[] args) throws IOException {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("phantom-growth");
        long start = System.nanoTime();
        List<Sample> samples = run(dir, operations, 10);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,d operations in %.0f s (%,.0f/s), %s%n", operations, seconds, operations / seconds, dir);
        System.out.println("operations   database      WAL   activities  instances");
        for (Sample s : samples) {
            System.out.printf("%,10d %8.1f MB %6.1f MB %10d %10d%n", s.operations(), s.databaseBytes() / 1e6, s.walBytes() / 1e6,
                    s.activities(), s.instances());
        }
    }

    /** Runs {@code operations} on a new embedded database in {@code dir}; returns {@code samples} measurements. */
    static List<Sample> run(Path dir, int operations, int samples) throws IOException {
        List<Sample> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (Database db = TestDatabases.embedded(dir)) {
            Instant nextHousekeeping = t0;
            List<Long> groups = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            List<String> running = new ArrayList<>();
            for (int i = 0; i < operations; i++) {
                Instant now = t0.plus(STEP.multipliedBy(i));
                step(db, i, now, groups, pending, running);
                if (!now.isBefore(nextHousekeeping)) {
                    db.transaction(tx -> tx.instances().deleteFinishedBefore(now.minus(KEEP_FINISHED)));
                    new Housekeeping(db, Clock.fixed(now, ZoneOffset.UTC)).once();
                    nextHousekeeping = now.plus(HOUSEKEEPING);
                }
                if ((i + 1) % Math.max(1, operations / samples) == 0 || i + 1 == operations) {
                    Sample s = sample(db, dir, i + 1);
                    out.add(s);
                    System.err.println(s); // progress of a long run
                }
            }
        }
        return out;
    }

    private static void step(Database db, int i, Instant now, List<Long> groups, List<String> pending, List<String> running) {
        switch (i % 10) {
            case 0 -> db.transaction(tx -> { // CreateLaunchConfiguration, and the one made LIVE rounds ago goes
                tx.launchConfigurations().insert(withUserData(Examples.launchConfiguration("alice", "lc-" + i + "@hotel")));
                tx.launchConfigurations().delete("alice", "lc-" + (i - 10 * LIVE) + "@hotel");
                return null;
            });
            case 1 -> { // CreateAutoScalingGroup, and the oldest group is deleted
                long id = db.transaction(tx -> tx.groups().insert(Examples.group("alice", "g-" + i)).id());
                groups.add(id);
                if (groups.size() > LIVE) {
                    long gone = groups.remove(0);
                    db.transaction(tx -> tx.groups().delete(gone));
                }
            }
            case 2, 3 -> { // a launch: intent row and its activity
                long group = groups.get(i % groups.size());
                String id = "ph-" + i;
                db.transaction(tx -> {
                    tx.instances().insert(new Instance(id, group, "hotel", null, InstanceState.REQUESTED, true, null,
                            "lc@hotel", "m1.small", "ami-1", now, now));
                    tx.activities().insert(new ScalingActivity("launch-" + id, group, "alice", "g", "Launching a new EC2 instance",
                            "At " + now + " an instance was started in response to a difference between desired and actual capacity",
                            now, null, ActivityStatus.InProgress, null, 30, "{\"Subnet ID\":\"\",\"Availability Zone\":\"hotel\"}"));
                    return null;
                });
                pending.add(id);
            }
            case 4, 5 -> { // the launch confirmed: running, activity done
                if (pending.isEmpty()) return;
                String id = pending.remove(0);
                db.transaction(tx -> {
                    Instance in = tx.instances().get(id).orElseThrow();
                    tx.instances().update(new Instance(id, in.groupId(), in.site(), "i-" + id, InstanceState.RUNNING, true, null,
                            in.launchConfigurationName(), in.instanceType(), in.imageId(), in.createdTime(), now));
                    ScalingActivity a = tx.activities().get("launch-" + id).orElseThrow();
                    tx.activities().update(new ScalingActivity(a.id(), a.groupId(), a.owner(), a.groupName(), a.description(),
                            a.cause(), a.startTime(), now, ActivityStatus.Successful, null, 100, a.details()));
                    return null;
                });
                running.add(id);
            }
            case 6, 8 -> { // a VM ends (scale-in or replacement): as many end as start, so the live VMs stay few
                if (running.isEmpty()) return;
                String id = running.remove(0);
                db.transaction(tx -> {
                    Instance in = tx.instances().get(id).orElseThrow();
                    tx.instances().update(new Instance(id, in.groupId(), in.site(), in.cloudId(), InstanceState.TERMINATED, true,
                            "terminated", in.launchConfigurationName(), in.instanceType(), in.imageId(), in.createdTime(), now));
                    return null;
                });
            }
            case 7 -> db.transaction(tx -> { // CreateOrUpdateTags: the group rewritten with a new version
                Group g = tx.groups().byId(groups.get(i % groups.size())).orElseThrow();
                List<Tag> tags = new ArrayList<>(g.tags().subList(0, 2));
                tags.add(new Tag("round", Integer.toString(i), false));
                tx.groups().update(Examples.withTags(g, tags));
                return null;
            });
            default -> db.read(tx -> tx.groups().list("alice").size() + tx.activities().list("alice", "g").size());
        }
    }

    private static phantom.core.model.LaunchConfiguration withUserData(phantom.core.model.LaunchConfiguration lc) {
        return new phantom.core.model.LaunchConfiguration(lc.owner(), lc.name(), lc.uuid(), lc.imageId(), lc.instanceType(),
                lc.keyName(), lc.securityGroups(), USER_DATA, lc.kernelId(), lc.ramdiskId(), lc.instanceId(),
                lc.instanceMonitoring(), lc.ebsOptimized(), lc.spotPrice(), lc.iamInstanceProfile(),
                lc.associatePublicIpAddress(), lc.placementTenancy(), lc.blockDeviceMappings(), lc.metadataOptions(),
                lc.createdTime());
    }

    private static Sample sample(Database db, Path dir, int operations) throws IOException {
        Path file = dir.resolve(DatabaseConfig.EMBEDDED_FILE);
        Path wal = EmbeddedFile.companion(file, "-wal");
        int activities = db.read(tx -> tx.sql().count("SELECT COUNT(*) FROM scaling_activities"));
        int instances = db.read(tx -> tx.sql().count("SELECT COUNT(*) FROM instances"));
        return new Sample(operations, Files.size(file), Files.exists(wal) ? Files.size(wal) : 0, activities, instances);
    }
}
