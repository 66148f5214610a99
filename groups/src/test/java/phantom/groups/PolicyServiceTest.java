package phantom.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.group.GroupSettings;
import phantom.core.group.NewGroup;
import phantom.core.group.NewPolicy;
import phantom.core.group.Refusal;
import phantom.core.group.SiteCatalog;
import phantom.core.model.Group;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScalingPolicy;
import phantom.groups.PolicyService.PolicyRef;
import phantom.store.Database;
import phantom.store.TestDatabases;

/**
 * The policy service on a real embedded database, on a clock the test moves: an execution writes the
 * group and its activity in one transaction and rings the doorbell; a refusal writes nothing; the
 * cooldown runs from the end of the latest activity; deleting the group deletes its policies.
 */
class PolicyServiceTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
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

    /** A clock the test sets. */
    static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;

    private Database db;
    private final MovingClock clock = new MovingClock();
    private final List<Long> rung = new ArrayList<>();
    private GroupService groups;
    private PolicyService policies;

    @BeforeEach
    void open() {
        db = TestDatabases.embedded(dir);
        Limits limits = new Limits(3, 10, 100);
        groups = new GroupService(db, SITES, clock, limits, rung::add, "0000abcd");
        policies = new PolicyService(db, clock, limits, rung::add);
        db.transaction(tx -> {
            tx.launchConfigurations().insert(new LaunchConfiguration("alice", "web@hotel", "uuid-lc", "ami-1", "m1.small", null,
                    List.of(), null, null, null, null, false, null, null, null, null, null, null, null, T0));
            return null;
        });
        groups.create("alice", new NewGroup("web", "web@hotel", 0, 5, 1, null, List.of(), null, null, GroupSettings.NONE));
        rung.clear();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static NewPolicy simple(String name, String adjustmentType, int adjustment, Integer cooldown) {
        return new NewPolicy("web", name, null, adjustmentType, null, null, adjustment, cooldown, null, null, null, null, false,
                false);
    }

    private Group web() {
        return db.read(tx -> tx.groups().get("alice", "web")).orElseThrow();
    }

    private List<ScalingActivity> activities() {
        return db.read(tx -> tx.activities().list("alice", "web"));
    }

    private static void refused(Runnable call, Refusal.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void anExecutionWritesTheGroupAndItsActivityAndRings() {
        ScalingPolicy up = policies.put("alice", simple("up", "ChangeInCapacity", 2, null));
        long version = web().version();
        policies.execute("alice", PolicyRef.byName("web", "up"), false, null, null);
        assertThat(web().desiredCapacity()).isEqualTo(3);
        assertThat(web().version()).isEqualTo(version + 1);
        assertThat(activities()).singleElement().satisfies(a -> {
            assertThat(a.groupId()).isEqualTo(web().id());
            assertThat(a.cause()).isEqualTo("At 2026-12-02T10:00:00.000Z a user request executed policy up changing the desired"
                    + " capacity from 1 to 3.");
        });
        assertThat(rung).containsExactly(web().id());

        // by its ARN's uuid, only the owner's
        policies.execute("alice", PolicyRef.byArn(up.uuid(), "arn-of-up"), false, null, null);
        assertThat(web().desiredCapacity()).isEqualTo(5);
        refused(() -> policies.execute("bob", PolicyRef.byArn(up.uuid(), "arn-of-up"), false, null, null),
                Refusal.Code.VALIDATION_ERROR, "No scaling policy found with ARN arn-of-up");
    }

    @Test
    void aRefusalWritesNothingAndRingsNothing() {
        policies.put("alice", simple("up", "ChangeInCapacity", 2, null));
        long version = web().version();
        refused(() -> policies.execute("alice", PolicyRef.byName("web", "up"), false, 3.0, null), Refusal.Code.VALIDATION_ERROR,
                "MetricValue is not supported for policy type SimpleScaling.");
        refused(() -> policies.put("alice", simple("up", "ExactCapacity", -1, null)), Refusal.Code.VALIDATION_ERROR,
                "ScalingAdjustment -1 is negative: the adjustment type ExactCapacity needs a non-negative value.");
        refused(() -> policies.execute("alice", PolicyRef.byName(null, "up"), false, null, null), Refusal.Code.VALIDATION_ERROR,
                "PolicyName up is not an ARN: give its AutoScalingGroupName too.");
        assertThat(policies.list("alice", "web")).singleElement().satisfies(p -> assertThat(p.scalingAdjustment()).isEqualTo(2));
        assertThat(web().desiredCapacity()).isEqualTo(1);
        assertThat(web().version()).isEqualTo(version);
        assertThat(activities()).isEmpty();
        assertThat(rung).isEmpty();
    }

    @Test
    void aPutTakesTheGroupsNextVersionSoRacingWritesRunAgain() {
        Group before = web();
        policies.put("alice", simple("up", "ChangeInCapacity", 2, null));
        Group after = web();
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.toBuilder().version(before.version()).build()).as("nothing else of the group changed").isEqualTo(before);
        assertThat(rung).as("no wanted state changed").isEmpty();
    }

    @Test
    void theCooldownRunsFromTheLatestActivitysEnd() {
        policies.put("alice", simple("up", "ChangeInCapacity", 1, null)); // the group's DefaultCooldown, 300 s
        policies.put("alice", simple("quick", "ChangeInCapacity", 1, 10));
        policies.execute("alice", PolicyRef.byName("web", "up"), true, null, null); // no activity yet
        clock.now = T0.plusSeconds(299);
        refused(() -> policies.execute("alice", PolicyRef.byName("web", "up"), true, null, null),
                Refusal.Code.SCALING_ACTIVITY_IN_PROGRESS, "AutoScalingGroup 'web' is in its cooldown of 300 seconds, which ends"
                        + " at 2026-12-02T10:05:00.000Z: try again then, or without HonorCooldown.");
        refused(() -> groups.setDesiredCapacity("alice", "web", 4, true), Refusal.Code.SCALING_ACTIVITY_IN_PROGRESS,
                "AutoScalingGroup 'web' is in its cooldown of 300 seconds, which ends at 2026-12-02T10:05:00.000Z: try again then,"
                        + " or without HonorCooldown.");
        assertThat(web().desiredCapacity()).isEqualTo(2);
        policies.execute("alice", PolicyRef.byName("web", "quick"), true, null, null); // its own 10 s have passed
        assertThat(web().desiredCapacity()).isEqualTo(3);
        groups.setDesiredCapacity("alice", "web", 1, false); // not honoured: nothing waits
        clock.now = T0.plusSeconds(299 + 300);
        groups.setDesiredCapacity("alice", "web", 2, true);
        assertThat(web().desiredCapacity()).isEqualTo(2);
    }

    @Test
    void replacingKeepsTheArnAndDeletingTheGroupDeletesThePolicies() {
        ScalingPolicy first = policies.put("alice", simple("up", "ChangeInCapacity", 1, null));
        ScalingPolicy second = policies.put("alice", simple("up", "ExactCapacity", 4, null));
        assertThat(second.uuid()).isEqualTo(first.uuid());
        assertThat(policies.list("alice", null)).containsExactly(second);
        groups.delete("alice", "web");
        assertThat(policies.list("alice", null)).isEmpty();
        refused(() -> policies.delete("alice", PolicyRef.byName("web", "up")), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup name not found - AutoScalingGroup 'web' not found");
    }
}
