package phantom.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.group.GroupSettings;
import phantom.core.group.GroupUpdate;
import phantom.core.group.NewGroup;
import phantom.core.group.Refusal;
import phantom.core.group.SiteCatalog;
import phantom.core.model.ActivityStatus;
import phantom.core.group.Processes;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SuspendedProcess;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;
import phantom.core.model.ScalingActivity;
import phantom.core.model.Tag;
import phantom.store.Database;
import phantom.store.TestDatabases;
import phantom.store.Tx;

/**
 * The group service on a real embedded database: each change is one transaction that writes what
 * the rules decided, or nothing when they refuse; the reconciler's doorbell rings after the commit,
 * for the groups whose wanted state changed.
 */
class GroupServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final SiteCatalog SITES = new SiteCatalog() {
        @Override
        public List<String> names() {
            return List.of("hotel", "sierra");
        }

        @Override
        public List<String> missingCredentials(String owner, String site) {
            return List.of();
        }
    };

    @TempDir
    Path dir;

    private Database db;
    private final List<Long> rung = new ArrayList<>();
    private GroupService groups;

    @BeforeEach
    void open() {
        db = TestDatabases.embedded(dir);
        groups = new GroupService(db, SITES, Clock.fixed(NOW, ZoneOffset.UTC), new Limits(3, 10, 100), rung::add, "0000abcd");
        write(tx -> {
            tx.launchConfigurations().insert(lc("web@hotel"));
            tx.launchConfigurations().insert(lc("web@sierra"));
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static LaunchConfiguration lc(String name) {
        return new LaunchConfiguration("alice", name, "uuid-" + name, "ami-1", "m1.small", null, List.of(), null, null, null, null,
                false, null, null, null, null, null, null, null, NOW);
    }

    private void write(Consumer<Tx> work) {
        db.transaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private Group read(String name) {
        return db.read((Tx tx) -> tx.groups().get("alice", name)).orElseThrow();
    }

    private static NewGroup phantom(String name, String clouds, int n) {
        return new NewGroup(name, "web", n, n, null, null, List.of(new Tag("clouds", clouds, false),
                new Tag("n_preserve", Integer.toString(n), true)), null, null, GroupSettings.NONE);
    }

    private static void refused(Runnable change, Refusal.Code code, String messageStart) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.getMessage()).startsWith(messageStart);
        });
    }

    private void vm(Group g, String id, String site, InstanceState state, Instant created) {
        write(tx -> tx.instances().insert(new Instance("ph-" + id, g.id(), site, id, state, true, null, "web@" + site, "m1.small",
                "ami-1", created, created)));
    }

    @Test
    void aCreatedGroupIsStoredOnceAndRingsTheDoorbell() {
        Group created = groups.create("alice", phantom("web", "hotel:2, sierra:-1", 3));

        assertThat(read("web")).isEqualTo(created);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.uuid()).startsWith("0000abcd-");
        assertThat(created.createdTime()).isEqualTo(NOW);
        assertThat(created.tags()).containsExactly(new Tag("clouds", "hotel:2,sierra:-1", false), new Tag("n_preserve", "3", true));
        assertThat(rung).containsExactly(created.id());
    }

    @Test
    void aCreateThatBreaksARuleOrALimitWritesNothing() {
        groups.create("alice", phantom("web", "hotel:1", 1));
        rung.clear();
        refused(() -> groups.create("alice", phantom("web", "sierra:1", 1)), Refusal.Code.ALREADY_EXISTS,
                "AutoScalingGroup by this name already exists - A group with the name web already exists");
        refused(() -> groups.create("alice", phantom("db", "alamo:1", 1)), Refusal.Code.VALIDATION_ERROR,
                "Site 'alamo' is not configured");
        refused(() -> groups.create("bob", phantom("web", "hotel:1", 1)), Refusal.Code.VALIDATION_ERROR,
                "Launch configuration name not found - no launch configuration named web");
        groups.create("alice", phantom("g2", "hotel:1", 1));
        groups.create("alice", phantom("g3", "hotel:1", 1));
        refused(() -> groups.create("alice", phantom("g4", "hotel:1", 1)), Refusal.Code.LIMIT_EXCEEDED,
                "Max number of auto scaling groups reached (3)");
        assertThat(db.read((Tx tx) -> tx.groups().all())).extracting(g -> g.owner() + "/" + g.name())
                .containsExactly("alice/g2", "alice/g3", "alice/web");
        assertThat(rung).hasSize(2);
    }

    @Test
    void anUpdateIsCheckedOnEverySiteWhenItMovesTheGroup() {
        groups.create("alice", new NewGroup("plain", "web@hotel", 1, 4, 2, null, List.of(), null, null, GroupSettings.NONE));
        Group before = read("plain");
        refused(() -> groups.update("alice", new GroupUpdate("plain", null, null, null, null, List.of("sierra", "alamo"),
                GroupSettings.NONE)), Refusal.Code.VALIDATION_ERROR, "Site 'alamo' is not configured");
        refused(() -> groups.update("alice", new GroupUpdate("nope", null, 1, null, null, null, GroupSettings.NONE)),
                Refusal.Code.VALIDATION_ERROR, "AutoScalingGroup name not found - null");
        refused(() -> groups.update("alice", new GroupUpdate("nope", "@x", null, null, null, null, GroupSettings.NONE)),
                Refusal.Code.VALIDATION_ERROR, "LaunchConfigurationName '@x' has no family");
        assertThat(read("plain")).isEqualTo(before);

        groups.update("alice", new GroupUpdate("plain", null, 3, null, null, List.of("sierra", "hotel"), GroupSettings.NONE));
        Group after = read("plain");
        assertThat(after.desiredCapacity()).isEqualTo(3);
        assertThat(after.clouds()).containsExactly(new SitePreference("sierra", -1), new SitePreference("hotel", -1));
        assertThat(after.version()).isEqualTo(2);
        assertThat(rung).containsExactly(before.id(), before.id());
    }

    @Test
    void suspensionsAreStoredWithTheGroupAndRingTheDoorbellOnlyForTheEnginesProcesses() {
        Group web = groups.create("alice", phantom("web", "hotel:2,sierra:-1", 3));
        rung.clear();
        groups.suspendProcesses("alice", "web", Set.of(ScalingProcess.SCHEDULED_ACTIONS, ScalingProcess.AZ_REBALANCE));
        assertThat(rung).as("the engine does not have these processes").isEmpty();
        assertThat(Processes.suspended(read("web"), ScalingProcess.SCHEDULED_ACTIONS)).isTrue();
        groups.suspendProcesses("alice", "web", Set.of(ScalingProcess.LAUNCH));
        assertThat(rung).containsExactly(web.id());
        assertThat(read("web").suspendedProcesses()).extracting(SuspendedProcess::suspensionReason)
                .containsOnly(Processes.userReason(NOW));
        rung.clear();
        long version = read("web").version();
        groups.suspendProcesses("alice", "web", Set.of(ScalingProcess.LAUNCH));
        groups.resumeProcesses("alice", "web", Set.of(ScalingProcess.TERMINATE));
        assertThat(read("web").version()).as("no change, no write").isEqualTo(version);
        assertThat(rung).isEmpty();
        groups.resumeProcesses("alice", "web", EnumSet.allOf(ScalingProcess.class));
        assertThat(read("web").suspendedProcesses()).isEmpty();
        assertThat(rung).containsExactly(web.id());
        refused(() -> groups.suspendProcesses("alice", "nosuch", Set.of(ScalingProcess.LAUNCH)), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup name not found - AutoScalingGroup 'nosuch' not found");
        refused(() -> groups.disableMetrics("bob", "web", Set.of(GroupMetric.GROUP_MIN_SIZE)), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup name not found - AutoScalingGroup 'web' not found");
    }

    @Test
    void metricsAreEnabledAndDisabledWithoutAPass() {
        groups.create("alice", phantom("web", "hotel:2,sierra:-1", 3));
        rung.clear();
        groups.disableMetrics("alice", "web", EnumSet.allOf(GroupMetric.class));
        groups.enableMetrics("alice", "web", Set.of(GroupMetric.GROUP_TOTAL_INSTANCES, GroupMetric.GROUP_MIN_SIZE));
        assertThat(read("web").enabledMetrics()).containsExactly(GroupMetric.GROUP_MIN_SIZE, GroupMetric.GROUP_TOTAL_INSTANCES);
        groups.disableMetrics("alice", "web", Set.of(GroupMetric.GROUP_MIN_SIZE));
        assertThat(read("web").enabledMetrics()).containsExactly(GroupMetric.GROUP_TOTAL_INSTANCES);
        assertThat(rung).as("metrics change no wanted state").isEmpty();
    }

    @Test
    void theTagsOfOneRequestApplyTogetherOrNotAtAll() {
        Group web = groups.create("alice", phantom("web", "hotel:2,sierra:-1", 3));
        Group db2 = groups.create("alice", phantom("db", "hotel:1", 1));
        rung.clear();
        Map<String, List<Tag>> request = new LinkedHashMap<>();
        request.put("web", List.of(new Tag("n_preserve", "5", true), new Tag("team", "red", false)));
        request.put("db", List.of(new Tag("clouds", "alamo:1", false)));
        refused(() -> groups.putTags("alice", request), Refusal.Code.VALIDATION_ERROR, "Site 'alamo' is not configured");
        assertThat(read("web")).isEqualTo(web);
        assertThat(rung).isEmpty();

        request.put("db", List.of(new Tag("clouds", "sierra:1", false)));
        groups.putTags("alice", request);
        assertThat(read("web").desiredCapacity()).isEqualTo(5);
        assertThat(read("web").tags()).extracting(Tag::key).containsExactly("clouds", "n_preserve", "team");
        assertThat(read("db").clouds()).containsExactly(new SitePreference("sierra", 1));
        assertThat(rung).containsExactly(web.id(), db2.id());

        rung.clear();
        refused(() -> groups.deleteTags("alice", Map.of("web", List.of("team", "clouds"))), Refusal.Code.VALIDATION_ERROR,
                "Tag clouds drives the placement of group web");
        groups.deleteTags("alice", Map.of("web", List.of("team", "n_preserve")));
        assertThat(read("web").tags()).extracting(Tag::key).containsExactly("clouds");
        assertThat(read("web").desiredCapacity()).isEqualTo(5);
        long version = read("web").version();
        groups.deleteTags("alice", Map.of("web", List.of("absent")));
        assertThat(read("web").version()).as("nothing deleted, nothing written").isEqualTo(version);
        assertThat(rung).as("deleting tags changes no wanted state").isEmpty();
    }

    @Test
    void aGroupWithVmsIsMarkedAndTakesNoFurtherChangeAGroupWithoutGoesAtOnce() {
        Group empty = groups.create("alice", phantom("empty", "hotel:1", 0));
        Group web = groups.create("alice", phantom("web", "hotel:2", 2));
        vm(web, "i-1", "hotel", InstanceState.RUNNING, NOW);
        vm(empty, "i-0", "hotel", InstanceState.TERMINATED, NOW);
        rung.clear();

        groups.delete("alice", "empty");
        assertThat(db.read((Tx tx) -> tx.groups().get("alice", "empty"))).isEmpty();
        groups.delete("alice", "web");
        Group going = read("web");
        assertThat(going.deleting()).isTrue();
        assertThat(going.desiredCapacity()).isZero();
        assertThat(rung).containsExactly(web.id());
        groups.delete("alice", "web");
        assertThat(read("web").version()).as("a second delete writes nothing").isEqualTo(going.version());
        refused(() -> groups.setDesiredCapacity("alice", "web", 3, false), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup 'web' is being deleted.");
        refused(() -> groups.delete("alice", "empty"), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup name not found - AutoScalingGroup 'empty' not found");
    }

    @Test
    void aTerminatedVmIsMarkedWithItsActivityAndTheDecrementLowersTheCount() {
        Group web = groups.create("alice", phantom("web", "hotel:2", 2));
        vm(web, "i-1", "hotel", InstanceState.RUNNING, NOW.minusSeconds(60));
        vm(web, "i-2", "hotel", InstanceState.RUNNING, NOW.minusSeconds(60));
        rung.clear();

        GroupService.Termination t = groups.terminateInstance("alice", "i-1", true);
        assertThat(t.group().id()).isEqualTo(web.id());
        assertThat(t.activity().status()).isEqualTo(ActivityStatus.InProgress);
        assertThat(t.activity().cause()).endsWith("shrinking the capacity from 2 to 1.");
        assertThat(read("web").desiredCapacity()).isEqualTo(1);
        assertThat(read("web").tag("n_preserve")).contains(new Tag("n_preserve", "1", true));
        Instance marked = db.read((Tx tx) -> tx.instances().get("ph-i-1")).orElseThrow();
        assertThat(marked.state()).isEqualTo(InstanceState.TERMINATING);
        assertThat(db.read((Tx tx) -> tx.activities().list("alice", "web"))).containsExactly(t.activity());

        groups.terminateInstance("alice", "i-2", false);
        assertThat(read("web").desiredCapacity()).as("replaced: the count stays").isEqualTo(1);
        refused(() -> groups.terminateInstance("alice", "i-1", false), Refusal.Code.VALIDATION_ERROR,
                "Instance Id not found - No managed instance found for instance ID: i-1");
        refused(() -> groups.terminateInstance("bob", "i-2", false), Refusal.Code.VALIDATION_ERROR, "Instance Id not found");
        assertThat(rung).containsExactly(web.id(), web.id());
    }

    @Test
    void anUnhealthyReportMarksTheVmUnlessTheGracePeriodHoldsIt() {
        groups.create("alice", new NewGroup("web", "web@hotel", 0, 2, 2, null, List.of(), null, null,
                new GroupSettings(null, 300, null, null, null, null, null, null, null)));
        Group web = read("web");
        vm(web, "i-young", "hotel", InstanceState.RUNNING, NOW.minusSeconds(10));
        vm(web, "i-old", "hotel", InstanceState.RUNNING, NOW.minusSeconds(3600));
        rung.clear();

        groups.setInstanceHealth("alice", "i-young", false, true);
        groups.setInstanceHealth("alice", "i-old", true, true);
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id()))).allMatch(Instance::healthy);
        assertThat(rung).isEmpty();

        groups.setInstanceHealth("alice", "i-young", false, false);
        groups.setInstanceHealth("alice", "i-old", false, true);
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id()))).noneMatch(Instance::healthy);
        assertThat(rung).containsExactly(web.id(), web.id());
        refused(() -> groups.setInstanceHealth("alice", "i-none", false, true), Refusal.Code.VALIDATION_ERROR,
                "Instance Id not found");
    }

    @Test
    void protectionIsSetOnAllTheNamedVmsOfTheGroupOrOnNone() {
        groups.create("alice", phantom("web", "hotel:-1", 2));
        groups.create("alice", phantom("db", "sierra:-1", 1));
        Group web = read("web");
        vm(web, "i-1", "hotel", InstanceState.RUNNING, NOW.minusSeconds(60));
        vm(web, "i-2", "hotel", InstanceState.PENDING, NOW.minusSeconds(10));
        vm(read("db"), "i-3", "sierra", InstanceState.RUNNING, NOW.minusSeconds(60));
        rung.clear();

        refused(() -> groups.setInstanceProtection("alice", "web", List.of("i-1", "i-3"), true), Refusal.Code.VALIDATION_ERROR,
                "The instance i-3 is not part of Auto Scaling group web.");
        refused(() -> groups.setInstanceProtection("alice", "nosuch", List.of("i-1"), true), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup name not found");
        refused(() -> groups.setInstanceProtection("bob", "web", List.of("i-1"), true), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup name not found");
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id()))).noneMatch(Instance::protectedFromScaleIn);
        assertThat(rung).isEmpty();

        groups.setInstanceProtection("alice", "web", List.of("i-1", "i-2"), true);
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id()))).allMatch(Instance::protectedFromScaleIn);
        groups.setInstanceProtection("alice", "web", List.of("i-2"), false);
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id())))
                .extracting(Instance::visibleId, Instance::protectedFromScaleIn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("i-1", true), org.assertj.core.groups.Tuple.tuple("i-2", false));
        assertThat(rung).containsExactly(web.id(), web.id());
    }

    @Test
    void standbyMovesAllTheNamedVmsWithTheirActivitiesAndTheCountOrNone() {
        groups.create("alice", new NewGroup("web", "web@hotel", 1, 3, 2, null, List.of(), null, null, GroupSettings.NONE));
        Group web = read("web");
        vm(web, "i-1", "hotel", InstanceState.RUNNING, NOW.minusSeconds(60));
        vm(web, "i-2", "hotel", InstanceState.RUNNING, NOW.minusSeconds(60));
        vm(web, "i-3", "hotel", InstanceState.PENDING, NOW.minusSeconds(5));
        rung.clear();

        refused(() -> groups.enterStandby("alice", "web", List.of("i-1", "i-3"), false), Refusal.Code.VALIDATION_ERROR,
                "The instance i-3 is not in InService.");
        refused(() -> groups.enterStandby("alice", "web", List.of("i-1", "i-2"), true), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup web has min-size=1, max-size=3, and desired-size=2. To place into standby 2 instances");
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id()))).noneMatch(Instance::standby);
        assertThat(read("web").version()).as("unchanged").isEqualTo(web.version());
        assertThat(rung).isEmpty();

        List<ScalingActivity> in = groups.enterStandby("alice", "web", List.of("i-1"), true);
        assertThat(in).singleElement().satisfies(a -> assertThat(a.description()).isEqualTo("Moving EC2 instance to Standby: i-1"));
        assertThat(read("web").desiredCapacity()).isEqualTo(1);
        assertThat(db.read((Tx tx) -> tx.instances().get("ph-i-1")).orElseThrow().standby()).isTrue();
        groups.enterStandby("alice", "web", List.of("i-2"), false);
        assertThat(read("web").desiredCapacity()).as("without the decrement").isEqualTo(1);

        refused(() -> groups.exitStandby("alice", "web", List.of("i-1", "i-3")), Refusal.Code.VALIDATION_ERROR,
                "The instance i-3 is not in Standby.");
        List<ScalingActivity> out = groups.exitStandby("alice", "web", List.of("i-1", "i-2"));
        assertThat(out).extracting(ScalingActivity::description)
                .containsExactly("Moving EC2 instance out of Standby: i-1", "Moving EC2 instance out of Standby: i-2");
        assertThat(read("web").desiredCapacity()).isEqualTo(3);
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web.id()))).noneMatch(Instance::standby);
        assertThat(db.read((Tx tx) -> tx.activities().list("alice", "web"))).containsAll(in).containsAll(out);
        assertThat(rung).containsExactly(web.id(), web.id(), web.id());
    }
}
