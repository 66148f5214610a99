package phantom.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.ManualClock;
import phantom.core.group.GroupSettings;
import phantom.core.group.NewGroup;
import phantom.core.group.Refusal;
import phantom.core.group.ScheduleRules;
import phantom.core.group.ScheduledActionRequest;
import phantom.core.group.SiteCatalog;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScheduledAction;
import phantom.store.Database;
import phantom.store.LeaseLost;
import phantom.store.TestDatabases;
import phantom.store.Tx;

/**
 * The schedule service on a real embedded database, on a clock the test moves: each change is one
 * transaction or nothing, a run applies the sizes as an update with its activity and moves the
 * action on (or deletes a one-time one), a fenced run that lost its lease writes nothing.
 */
class ScheduleServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final SiteCatalog SITES = new SiteCatalog() {
        @Override
        public List<String> names() {
            return List.of("hotel");
        }

        @Override
        public List<String> missingCredentials(String owner, String site) {
            return List.of();
        }
    };

    @TempDir
    Path dir;

    private Database db;
    private final ManualClock clock = new ManualClock(NOW);
    private final List<Long> rung = new ArrayList<>();
    private ScheduleService schedules;
    private Group web;

    @BeforeEach
    void open() {
        db = TestDatabases.embedded(dir);
        Limits limits = new Limits(5, 10, 100);
        schedules = new ScheduleService(db, clock, limits, rung::add);
        db.transaction(tx -> {
            tx.launchConfigurations().insert(new LaunchConfiguration("alice", "web@hotel", "uuid-lc", "ami-1", "m1.small", null,
                    List.of(), null, null, null, null, false, null, null, null, null, null, null, null, NOW));
            return null;
        });
        web = new GroupService(db, SITES, clock, limits, id -> { }, "0000abcd").create("alice",
                new NewGroup("web", "web@hotel", 1, 4, 2, null, List.of(), null, null, GroupSettings.NONE));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static ScheduledActionRequest once(String name, Instant at, Integer min, Integer max, Integer desired) {
        return new ScheduledActionRequest(name, at, null, null, null, min, max, desired);
    }

    private List<ScheduledAction> all() {
        return schedules.describe("alice", null, null, null, null, null, null, 1000);
    }

    private Group group() {
        return db.read((Tx tx) -> tx.groups().get("alice", "web")).orElseThrow();
    }

    private List<ScalingActivity> activities() {
        return db.read((Tx tx) -> tx.activities().list("alice", "web"));
    }

    @Test
    void aDueOneTimeActionAppliesItsSizesRecordsItsActivityAndGoes() {
        schedules.put("alice", "web", once("up", NOW.plusSeconds(60), null, null, 3));
        assertThat(schedules.run(web.id(), "up", tx -> { })).as("not yet due").isEqualTo(ScheduleService.Ran.NOTHING);
        assertThat(group().desiredCapacity()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(61));
        assertThat(schedules.due()).extracting(ScheduledAction::name).containsExactly("up");
        assertThat(schedules.run(web.id(), "up", tx -> { })).isEqualTo(ScheduleService.Ran.APPLIED);

        assertThat(group().desiredCapacity()).isEqualTo(3);
        assertThat(rung).containsExactly(web.id());
        assertThat(all()).as("a one-time action is deleted after it runs").isEmpty();
        assertThat(activities()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActivityStatus.Successful);
            assertThat(a.cause()).isEqualTo("At 2026-11-24T10:16:31Z a scheduled action update of AutoScalingGroup"
                    + " constraints to min: 1, max: 4, desired: 3 changing the desired capacity from 2 to 3.");
        });
        assertThat(schedules.run(web.id(), "up", tx -> { })).as("runs once").isEqualTo(ScheduleService.Ran.NOTHING);
    }

    @Test
    void aRecurringActionMovesToItsNextTimeAndAMissedRunIsSkipped() {
        schedules.put("alice", "web", new ScheduledActionRequest("hourly", null, null, "0 * * * *", null, null, 5, null));
        Instant eleven = Instant.parse("2026-11-24T11:00:00Z");
        assertThat(all()).singleElement().extracting(ScheduledAction::nextRun).isEqualTo(eleven);

        clock.set(eleven.plusSeconds(2));
        assertThat(schedules.run(web.id(), "hourly", tx -> { })).isEqualTo(ScheduleService.Ran.APPLIED);
        assertThat(group().maxSize()).isEqualTo(5);
        assertThat(all()).singleElement().extracting(ScheduledAction::nextRun).isEqualTo(eleven.plus(Duration.ofHours(1)));

        // down from before 12:00 to 12:30: the 12:00 run is missed by more than the window, so it is skipped
        Group reset = group().toBuilder().sizes(1, 4, 2).build();
        db.transaction(tx -> {
            tx.groups().update(reset);
            return null;
        });
        clock.set(eleven.plus(Duration.ofMinutes(90)));
        assertThat(schedules.run(web.id(), "hourly", tx -> { })).isEqualTo(ScheduleService.Ran.SKIPPED);
        assertThat(group().maxSize()).as("a skipped run changes nothing").isEqualTo(4);
        assertThat(all()).singleElement().extracting(ScheduledAction::nextRun).isEqualTo(eleven.plus(Duration.ofHours(2)));
    }

    @Test
    void anActionDueWhileScheduledActionsIsSuspendedIsNotAppliedAndMovesOn() {
        schedules.put("alice", "web", once("up", NOW.plusSeconds(60), null, null, 3));
        Group suspended = phantom.core.group.Processes.suspend(group(),
                java.util.Set.of(phantom.core.model.ScalingProcess.SCHEDULED_ACTIONS), NOW);
        db.transaction(tx -> {
            tx.groups().update(suspended);
            return null;
        });
        clock.advance(Duration.ofSeconds(61));
        assertThat(schedules.run(web.id(), "up", tx -> { })).isEqualTo(ScheduleService.Ran.SUSPENDED);
        assertThat(group().desiredCapacity()).as("not applied").isEqualTo(2);
        assertThat(activities()).isEmpty();
        assertThat(all()).as("a one-time action due while suspended is gone, as on AWS").isEmpty();
    }

    @Test
    void aRunTheGroupRulesRefuseIsAFailedActivityAndTheGroupStays() {
        schedules.put("alice", "web", once("min", NOW.plusSeconds(10), 6, null, null));
        clock.advance(Duration.ofSeconds(10));
        assertThat(schedules.run(web.id(), "min", tx -> { })).isEqualTo(ScheduleService.Ran.APPLIED);
        assertThat(group().minSize()).isEqualTo(1);
        assertThat(rung).isEmpty();
        assertThat(activities()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActivityStatus.Failed);
            assertThat(a.statusMessage()).isEqualTo("Max bound, 4, must be greater than or equal to min bound, 6");
        });
    }

    @Test
    void aRunWhoseLeaseIsLostWritesNothing() {
        schedules.put("alice", "web", once("up", NOW.plusSeconds(10), null, null, 3));
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> schedules.run(web.id(), "up", tx -> {
            throw new LeaseLost("another node holds the shard");
        })).isInstanceOf(LeaseLost.class);
        assertThat(group().desiredCapacity()).isEqualTo(2);
        assertThat(all()).hasSize(1);
        assertThat(activities()).isEmpty();
    }

    @Test
    void batchesAnswerEachRefusedEntryAndStoreTheRest() {
        List<ScheduleService.Failed> failed = schedules.batchPut("alice", "web", List.of(
                once("a", NOW.plusSeconds(60), null, null, 3),
                once("b", NOW.minusSeconds(60), null, null, 3),
                once("c", NOW.plusSeconds(60), null, null, null)));
        assertThat(failed).containsExactly(
                new ScheduleService.Failed("b", "ValidationError", "Given start time is in the past"),
                new ScheduleService.Failed("c", "ValidationError",
                        "At least one of MinSize, MaxSize or DesiredCapacity must be specified."));
        assertThat(all()).extracting(ScheduledAction::name).containsExactly("a");

        assertThat(schedules.batchDelete("alice", "web", List.of("a", "zz"))).containsExactly(
                new ScheduleService.Failed("zz", "ValidationError", "Scheduled action name not found"));
        assertThat(all()).isEmpty();
        assertThatThrownBy(() -> schedules.delete("alice", "web", "a")).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.getMessage()).isEqualTo("Scheduled action name not found"));
        assertThatThrownBy(() -> schedules.put("alice", "nope", once("a", NOW.plusSeconds(60), 1, null, null)))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.getMessage())
                        .isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'nope' not found"));
    }

    @Test
    void aGroupHoldsAtMostTheLimitAndItsActionsGoWithIt() {
        for (int i = 0; i < ScheduleRules.MAX_PER_GROUP; i++) {
            schedules.put("alice", "web", once("a" + i, NOW.plusSeconds(60 + i), null, null, 3));
        }
        assertThatThrownBy(() -> schedules.put("alice", "web", once("one-more", NOW.plusSeconds(60), null, null, 3)))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(Refusal.Code.LIMIT_EXCEEDED));
        schedules.put("alice", "web", once("a0", NOW.plusSeconds(600), null, null, 4)); // an update is not one more
        assertThat(all()).hasSize(ScheduleRules.MAX_PER_GROUP);

        db.transaction(tx -> tx.groups().delete(web.id()));
        assertThat(all()).isEmpty();
        assertThat(db.read((Tx tx) -> tx.scheduledActions().count(web.id()))).isZero();
    }

    @Test
    void describeFiltersByNamesOrNextRunAndPages() {
        schedules.put("alice", "web", once("b", NOW.plusSeconds(100), null, null, 3));
        schedules.put("alice", "web", once("a", NOW.plusSeconds(200), null, null, 3));
        schedules.put("alice", "web", once("c", NOW.plusSeconds(300), null, null, 3));
        assertThat(schedules.describe("alice", "web", List.of("c", "x"), null, null, null, null, 10))
                .extracting(ScheduledAction::name).containsExactly("c");
        assertThat(schedules.describe("alice", null, null, NOW.plusSeconds(150), NOW.plusSeconds(300), null, null, 10))
                .extracting(ScheduledAction::name).containsExactly("a", "c");
        assertThat(schedules.describe("alice", null, null, null, null, "web", "a", 10))
                .extracting(ScheduledAction::name).containsExactly("b", "c");
        assertThat(schedules.describe("bob", null, null, null, null, null, null, 10)).isEmpty();
    }
}
