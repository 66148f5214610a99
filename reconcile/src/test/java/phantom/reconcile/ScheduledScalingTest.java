package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.ManualClock;
import phantom.core.group.GroupSettings;
import phantom.core.group.NewGroup;
import phantom.core.group.ScheduledActionRequest;
import phantom.core.group.SiteCatalog;
import phantom.core.model.Group;
import phantom.core.model.LaunchConfiguration;
import phantom.groups.GroupService;
import phantom.groups.Limits;
import phantom.groups.ScheduleService;
import phantom.store.Database;
import phantom.store.LeaseLost;
import phantom.store.TestDatabases;
import phantom.store.Tx;

/**
 * The scheduler's rounds on a clock the test moves (no sleeping): an action runs once its time
 * comes, only on the node that owns its group's shard, and not when the lease is lost at the fence.
 */
class ScheduledScalingTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");

    @TempDir
    Path dir;

    private Database db;
    private final ManualClock clock = new ManualClock(NOW);
    private final List<Long> rung = new ArrayList<>();
    private ScheduleService schedules;
    private Group web;
    private Group db2;

    @BeforeEach
    void open() {
        db = TestDatabases.embedded(dir);
        Limits limits = Limits.DEFAULT;
        schedules = new ScheduleService(db, clock, limits, rung::add);
        db.transaction(tx -> {
            tx.launchConfigurations().insert(new LaunchConfiguration("alice", "web@hotel", "uuid-lc", "ami-1", "m1.small", null,
                    List.of(), null, null, null, null, false, null, null, null, null, null, null, null, NOW));
            return null;
        });
        SiteCatalog sites = new SiteCatalog() {
            @Override
            public List<String> names() {
                return List.of("hotel");
            }

            @Override
            public List<String> missingCredentials(String owner, String site) {
                return List.of();
            }
        };
        GroupService groups = new GroupService(db, sites, clock, limits, id -> { }, "0000abcd");
        web = groups.create("alice", new NewGroup("web", "web@hotel", 1, 4, 1, null, List.of(), null, null, GroupSettings.NONE));
        db2 = groups.create("alice", new NewGroup("db", "web@hotel", 1, 4, 1, null, List.of(), null, null, GroupSettings.NONE));
        for (String g : List.of("web", "db")) {
            schedules.put("alice", g, new ScheduledActionRequest("up", NOW.plusSeconds(30), null, null, null, null, null, 3));
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    private int desired(String name) {
        return db.read((Tx tx) -> tx.groups().get("alice", name)).orElseThrow().desiredCapacity();
    }

    /** A node that owns the groups with these uuids; its lease's fence throws once {@code lost}. */
    private static Ownership owning(Set<String> uuids, boolean lost) {
        return new Ownership() {
            @Override
            public boolean owns(String groupUuid) {
                return uuids.contains(groupUuid);
            }

            @Override
            public Optional<Lease> enter(String groupUuid) {
                if (!owns(groupUuid)) return Optional.empty();
                return Optional.of(new Lease() {
                    @Override
                    public void fence(Tx tx) {
                        if (lost) throw new LeaseLost("the shard moved to another node");
                    }

                    @Override
                    public boolean valid() {
                        return !lost;
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        };
    }

    @Test
    void anActionRunsWhenItsTimeComesAndOnce() {
        ScheduledScaling scaling = new ScheduledScaling(schedules, Ownership.SOLE, Duration.ofSeconds(1), new SimpleMeterRegistry());
        assertThat(scaling.runDue()).isZero();
        clock.advance(Duration.ofSeconds(29));
        assertThat(scaling.runDue()).isZero();
        assertThat(desired("web")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(scaling.runDue()).isEqualTo(2);
        assertThat(desired("web")).isEqualTo(3);
        assertThat(desired("db")).isEqualTo(3);
        assertThat(rung).containsExactlyInAnyOrder(web.id(), db2.id());
        assertThat(scaling.runDue()).isZero();
    }

    @Test
    void onlyTheNodeThatOwnsTheGroupRunsItsActions() {
        ScheduledScaling scaling = new ScheduledScaling(schedules, owning(Set.of(web.uuid()), false), Duration.ofSeconds(1),
                new SimpleMeterRegistry());
        clock.advance(Duration.ofSeconds(30));
        assertThat(scaling.runDue()).isEqualTo(1);
        assertThat(desired("web")).isEqualTo(3);
        assertThat(desired("db")).as("another node's group").isEqualTo(1);
    }

    @Test
    void aLostLeaseAtTheFenceRunsNothing() {
        ScheduledScaling scaling = new ScheduledScaling(schedules, owning(Set.of(web.uuid(), db2.uuid()), true),
                Duration.ofSeconds(1), new SimpleMeterRegistry());
        clock.advance(Duration.ofSeconds(30));
        assertThat(scaling.runDue()).isZero();
        assertThat(desired("web")).isEqualTo(1);
        assertThat(schedules.due()).as("still due, for the node that holds the shard").hasSize(2);
    }
}
