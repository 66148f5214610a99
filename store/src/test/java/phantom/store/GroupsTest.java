package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.T0;
import static phantom.store.Examples.TRICKY;
import static phantom.store.Examples.group;
import static phantom.store.Examples.minimalGroup;
import static phantom.store.Examples.withLaunchConfiguration;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SuspendedProcess;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;

class GroupsTest extends DatabaseTest {
    @Test
    void insertAssignsIdAndFirstVersionAndRoundTripsEveryField() {
        Group stored = db.transaction(tx -> tx.groups().insert(group("alice", "web")));

        assertThat(stored.id()).isPositive();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored).usingRecursiveComparison().ignoringFields("id", "version").isEqualTo(group("alice", "web"));
        assertThat(db.read((Tx tx) -> tx.groups().get("alice", "web"))).contains(stored);
        assertThat(db.read((Tx tx) -> tx.groups().byId(stored.id()))).contains(stored);
    }

    @Test
    void roundTripsOptionalFieldsAsNullAndEmptyLists() {
        Group stored = db.transaction(tx -> tx.groups().insert(minimalGroup("alice", "bare")));

        Group read = db.read(tx -> tx.groups().byId(stored.id())).orElseThrow();
        assertThat(read).isEqualTo(stored);
        assertThat(read.maxInstanceLifetime()).isNull();
        assertThat(read.launchConfigurationName()).isNull();
        assertThat(read.tags()).isEmpty();
        assertThat(read.clouds()).isEmpty();
    }

    @Test
    void keepsListsAndCloudsThatNeedEscaping() {
        List<String> awkward = List.of("", "a\nb", "back\\slash", "\\n", "trailing\\", TRICKY, "", "comma,colon:");
        List<SitePreference> clouds = List.of(new SitePreference("site:with:colons", 3), new SitePreference("new\nline\\", 0),
                new SitePreference("back\\slash\\n", SitePreference.UNBOUNDED), new SitePreference(TRICKY, 7));
        Group g = Group.builder().owner("alice").name("g".repeat(255)).launchConfigurationName("x".repeat(255) + "@" + "🚀".repeat(100))
                .sizes(0, 1, 1).clouds(clouds)
                .tags(List.of(new Tag("k", "v".repeat(256), true), new Tag(TRICKY, TRICKY, false),
                        new Tag("k", "duplicate keys keep their order", false)))
                .terminationPolicies(awkward).loadBalancerNames(List.of("\n")).targetGroupArns(List.of(""))
                .vpcZoneIdentifier(TRICKY).placementGroup(TRICKY).maxInstanceLifetime(0).createdTime(T0).build();
        Group stored = db.transaction(tx -> tx.groups().insert(g));

        assertThat(db.read((Tx tx) -> tx.groups().byId(stored.id()))).contains(stored);
        assertThat(stored.terminationPolicies()).isEqualTo(awkward);
        assertThat(stored.clouds()).isEqualTo(clouds);
        assertThat(stored.availabilityZones()).containsExactly("site:with:colons", "new\nline\\", "back\\slash\\n", TRICKY);
    }

    @Test
    void aCloudListThatWouldNotReadBackTheSameIsRefusedAndNothingIsWritten() {
        // the cloud list is stored as the clouds tag writes it, site:max,...; no configured site has a comma in its name
        Group g = withLaunchConfiguration(minimalGroup("alice", "g"), "web", List.of(new SitePreference("comma,site", 1)));
        assertThatThrownBy(() -> db.transaction(tx -> tx.groups().insert(g))).isInstanceOf(StoreException.class)
                .hasMessageContaining("comma,site");
        assertThat(db.read((Tx tx) -> tx.groups().count("alice"))).isZero();
    }

    @Test
    void theTagsThatShowAFieldOfTheGroupShowItWhateverValueTheyWereGiven() {
        Group given = Examples.withTags(group("alice", "web"), List.of(new Tag("n_preserve", "not a count", true),
                new Tag("minimum_vms", "", false), new Tag("clouds", "hotel:2, sierra:-1", false), new Tag("team", "red", true)));
        Group stored = db.transaction(tx -> tx.groups().insert(given));
        Group read = db.read(tx -> tx.groups().byId(stored.id())).orElseThrow();

        List<Tag> shown = List.of(new Tag("n_preserve", "4", true), new Tag("minimum_vms", "4", false),
                new Tag("clouds", "hotel:2,sierra:-1", false), new Tag("team", "red", true));
        assertThat(stored.tags()).isEqualTo(shown);
        assertThat(read.tags()).isEqualTo(shown);
        // DescribeTags reads the tag rows alone: the database derives the same values
        assertThat(db.read((Tx tx) -> tx.groups().tagPage("alice", List.of(), null, null, 10))).extracting(t -> t.tag())
                .containsExactlyElementsOf(shown.stream().sorted(java.util.Comparator.comparing(Tag::key)).toList());

        write(tx -> tx.groups().update(read.toBuilder().sizes(1, 10, 7).clouds(List.of(new SitePreference("foxtrot", 3))).build()));
        assertThat(db.read(tx -> tx.groups().byId(stored.id())).orElseThrow().tags()).containsExactly(
                new Tag("n_preserve", "7", true), new Tag("minimum_vms", "7", false), new Tag("clouds", "foxtrot:3", false),
                new Tag("team", "red", true));
    }

    @Test
    void theIdOfADeletedGroupIsNeverGivenToANewOne() {
        // instance and activity rows outlive their group by its id: a reused id would hand them to a stranger
        long first = db.transaction(tx -> tx.groups().insert(group("alice", "web")).id());
        long second = db.transaction(tx -> tx.groups().insert(group("alice", "db")).id());
        write(tx -> tx.groups().delete(second));
        write(tx -> tx.groups().delete(first));

        long third = db.transaction(tx -> tx.groups().insert(group("alice", "web")).id());

        assertThat(third).isGreaterThan(second).isGreaterThan(first);
    }

    @Test
    void duplicateOwnerAndNameIsAlreadyExistsAndChangesNothing() {
        Group first = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        db.transaction(tx -> tx.groups().insert(group("bob", "web")));

        assertThatThrownBy(() -> db.transaction(tx -> tx.groups().insert(minimalGroup("alice", "web"))))
                .isInstanceOf(AlreadyExists.class).hasMessageContaining("web");
        assertThat(db.read((Tx tx) -> tx.groups().get("alice", "web"))).contains(first);
        assertThat(db.read((Tx tx) -> tx.groups().count("alice"))).isEqualTo(1);
    }

    @Test
    void updateReplacesTheWholeGroupAndBumpsTheVersion() {
        Group v1 = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        List<Tag> newTags = List.of(new Tag("n_preserve", "9", true), new Tag("owner-note", "changed", false));
        Group changed = v1.toBuilder().sizes(0, 12, 9).clouds(List.of(new SitePreference("foxtrot", 9))).tags(newTags).build()
                .markDeleting();
        write(tx -> tx.groups().update(changed));

        Group v2 = db.read(tx -> tx.groups().byId(v1.id())).orElseThrow();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2).usingRecursiveComparison().ignoringFields("version").isEqualTo(changed);
        // a group being deleted wants no VM, and its n_preserve says so
        assertThat(v2.tags()).containsExactly(new Tag("n_preserve", "0", true), new Tag("owner-note", "changed", false));
        assertThat(v2.deleting()).isTrue();
    }

    @Test
    void updateFromAStaleVersionIsConcurrentUpdateAndChangesNothing() {
        Group v1 = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        Group first = v1.toBuilder().sizes(1, 10, 5).build();
        write(tx -> tx.groups().update(first));

        assertThatThrownBy(() -> write(tx -> tx.groups().update(v1.toBuilder().sizes(1, 10, 7).tags(List.of()).build())))
                .isInstanceOf(ConcurrentUpdate.class).hasMessageContaining("web");
        Group now = db.read(tx -> tx.groups().byId(v1.id())).orElseThrow();
        assertThat(now.desiredCapacity()).isEqualTo(5);
        assertThat(now.tags()).isEqualTo(first.tags()).extracting(Tag::key).isEqualTo(v1.tags().stream().map(Tag::key).toList());
        assertThat(now.version()).isEqualTo(2);
    }

    @Test
    void updateOfADeletedGroupIsConcurrentUpdate() {
        Group v1 = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        write(tx -> tx.groups().delete(v1.id()));

        assertThatThrownBy(() -> write(tx -> tx.groups().update(v1))).isInstanceOf(ConcurrentUpdate.class);
    }

    @Test
    void ofTwoConcurrentUpdatesFromOneVersionOnlyTheFirstToCommitWins() throws Exception {
        Group v1 = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        CountDownLatch firstUpdated = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> write(tx -> {
                tx.groups().update(v1.toBuilder().sizes(1, 10, 5).build());
                firstUpdated.countDown();
                await(secondStarted);
            }));
            await(firstUpdated);
            Future<?> second = threads.submit(() -> {
                secondStarted.countDown();
                write(tx -> tx.groups().update(v1.toBuilder().sizes(1, 10, 7).build()));
            });
            first.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ConcurrentUpdate.class);
        } finally {
            threads.shutdownNow();
        }
        Group now = db.read(tx -> tx.groups().byId(v1.id())).orElseThrow();
        assertThat(now.desiredCapacity()).isEqualTo(5);
        assertThat(now.version()).isEqualTo(2);
    }

    @Test
    void listIsTheOwnersGroupsByNameWithTheirTags() {
        write(tx -> {
            for (String n : List.of("b", "a", "C")) tx.groups().insert(group("alice", n));
            tx.groups().insert(minimalGroup("alice", "empty"));
            tx.groups().insert(group("bob", "a"));
        });

        List<Group> list = db.read(tx -> tx.groups().list("alice"));
        assertThat(list).extracting(Group::name).containsExactly("C", "a", "b", "empty");
        assertThat(list.get(0).tags()).isEqualTo(group("alice", "C").tags());
        assertThat(list.get(3).tags()).isEmpty();
        assertThat(db.read((Tx tx) -> tx.groups().count("alice"))).isEqualTo(4);
        assertThat(db.read((Tx tx) -> tx.groups().all())).extracting(g -> g.owner() + "/" + g.name())
                .containsExactly("alice/C", "alice/a", "alice/b", "alice/empty", "bob/a");
        assertThat(db.read((Tx tx) -> tx.groups().all()).get(4).tags()).isEqualTo(group("bob", "a").tags());
        assertThat(db.read((Tx tx) -> tx.groups().uuids())).as("the orphan sweep's narrow read")
                .isEqualTo(db.read((Tx tx) -> tx.groups().all()).stream().map(Group::uuid).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void deleteTakesTagsAndSiteHealthButKeepsActivitiesAndInstances() {
        Group doomed = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        Group other = db.transaction(tx -> tx.groups().insert(group("alice", "other")));
        write(tx -> {
            tx.siteHealth().put(Examples.siteHealth(doomed.id(), "hotel"));
            tx.siteHealth().put(Examples.siteHealth(other.id(), "hotel"));
            tx.activities().insert(Examples.activity("act-1", doomed.id(), "alice", "web", T0));
            tx.instances().insert(Examples.instance("inst-1", doomed.id(), T0));
        });

        assertThat(db.transaction((Tx tx) -> tx.groups().delete(doomed.id()))).isTrue();
        assertThat(db.transaction((Tx tx) -> tx.groups().delete(doomed.id()))).isFalse();

        assertThat(db.read((Tx tx) -> tx.groups().byId(doomed.id()))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.siteHealth().forGroup(doomed.id()))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.siteHealth().forGroup(other.id()))).containsOnlyKeys("hotel");
        assertThat(db.read((Tx tx) -> tx.groups().byId(other.id()))).contains(other);
        assertThat(db.read((Tx tx) -> tx.activities().list("alice", "web"))).extracting(a -> a.id()).containsExactly("act-1");
        assertThat(db.read((Tx tx) -> tx.instances().get("inst-1"))).isPresent();
        // a new group may take the name, with its own tags only
        Group again = db.transaction(tx -> tx.groups().insert(minimalGroup("alice", "web")));
        assertThat(again.id()).isNotEqualTo(doomed.id());
        assertThat(db.read(tx -> tx.groups().byId(again.id())).orElseThrow().tags()).isEmpty();
    }

    @Test
    void suspendedProcessesAndEnabledMetricsAreStoredOnceReadWithTheGroupOnEveryPathAndDeletedWithIt() {
        Group web = db.transaction(tx -> tx.groups().insert(group("alice", "web")));
        Group other = db.transaction(tx -> tx.groups().insert(group("alice", "other")));
        Group changed = web.toBuilder()
                .suspendedProcesses(List.of(new SuspendedProcess(ScalingProcess.LAUNCH, "User suspended at 2026-12-02T15:44:32Z"),
                        new SuspendedProcess(ScalingProcess.SCHEDULED_ACTIONS, "User suspended at 2026-12-02T15:45:00Z")))
                .enabledMetrics(List.of(GroupMetric.GROUP_MIN_SIZE, GroupMetric.GROUP_TOTAL_INSTANCES))
                .build();
        write(tx -> tx.groups().update(changed));
        Group stored = db.read((Tx tx) -> tx.groups().byId(web.id())).orElseThrow();
        assertThat(stored.suspendedProcesses()).isEqualTo(changed.suspendedProcesses());
        assertThat(stored.enabledMetrics()).isEqualTo(changed.enabledMetrics());
        assertThat(db.read((Tx tx) -> tx.groups().get("alice", "web"))).contains(stored);
        assertThat(db.read((Tx tx) -> tx.groups().list("alice"))).contains(stored, other);
        assertThat(db.read((Tx tx) -> tx.groups().all())).contains(stored, other);
        assertThat(db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), null, 10))).containsExactly(other, stored);
        // an update that changes something else keeps them; one that empties them empties them
        write(tx -> tx.groups().update(stored.toBuilder().maxSize(stored.maxSize() + 1).build()));
        Group bigger = db.read((Tx tx) -> tx.groups().byId(web.id())).orElseThrow();
        assertThat(bigger.suspendedProcesses()).hasSize(2);
        write(tx -> tx.groups().update(bigger.toBuilder().suspendedProcesses(List.of()).build()));
        assertThat(db.read((Tx tx) -> tx.groups().byId(web.id())).orElseThrow().suspendedProcesses()).isEmpty();
        assertThat(db.read((Tx tx) -> tx.groups().byId(web.id())).orElseThrow().enabledMetrics()).hasSize(2);
        write(tx -> tx.groups().delete(web.id()));
        write(tx -> {
            assertThat(tx.groups().byId(web.id())).isEmpty();
        });
        assertThat(db.read((Tx tx) -> tx.groups().byId(other.id()))).contains(other);
        // no rows are left behind for the deleted group: a group inserted with processes reads only its own
        Group again = db.transaction(tx -> tx.groups().insert(minimalGroup("alice", "web").toBuilder()
                .suspendedProcesses(List.of(new SuspendedProcess(ScalingProcess.TERMINATE, "User suspended at 2026-12-02T16:00:00Z")))
                .build()));
        assertThat(db.read((Tx tx) -> tx.groups().byId(again.id())).orElseThrow().suspendedProcesses())
                .extracting(SuspendedProcess::process).containsExactly(ScalingProcess.TERMINATE);
        assertThat(db.read((Tx tx) -> tx.groups().byId(again.id())).orElseThrow().enabledMetrics()).isEmpty();
    }

    @Test
    void usingLaunchConfigurationFollowsFamilyAndClouds() {
        List<SitePreference> hotel = List.of(new SitePreference("hotel", 2));
        List<SitePreference> sierraFirst = List.of(new SitePreference("sierra", 1), new SitePreference("hotel", -1));
        List<SitePreference> foxtrot = List.of(new SitePreference("foxtrot", 1));
        write(tx -> {
            tx.groups().insert(withLaunchConfiguration(minimalGroup("alice", "g1"), "web@hotel", hotel));
            tx.groups().insert(withLaunchConfiguration(minimalGroup("alice", "g2"), "web", sierraFirst));
            tx.groups().insert(withLaunchConfiguration(minimalGroup("alice", "g3"), "web@sierra", foxtrot));
            tx.groups().insert(withLaunchConfiguration(minimalGroup("alice", "g4"), "webby@hotel", hotel));
            tx.groups().insert(withLaunchConfiguration(minimalGroup("alice", "g5"), "web@hotel@x", hotel));
            tx.groups().insert(withLaunchConfiguration(minimalGroup("bob", "g1"), "web@hotel", hotel));
            tx.groups().insert(minimalGroup("alice", "no-lc"));
        });

        assertThat(using("web@hotel")).containsExactly("g1", "g2");
        assertThat(using("web@sierra")).containsExactly("g2");
        assertThat(using("web@foxtrot")).containsExactly("g3");
        assertThat(using("web@alamo")).isEmpty();
        assertThat(using("web")).containsExactly("g1", "g2", "g3");
        assertThat(using("webby")).containsExactly("g4");
        assertThat(using("web@hotel@hotel")).containsExactly("g5");
    }

    @Test
    void usingLaunchConfigurationFollowsAnUpdatedLaunchConfigurationName() {
        Group g = db.transaction(tx -> tx.groups().insert(withLaunchConfiguration(minimalGroup("alice", "g"), "web@hotel",
                List.of(new SitePreference("hotel", 1)))));
        write(tx -> tx.groups().update(withLaunchConfiguration(g, "db@hotel", g.clouds())));

        assertThat(using("web@hotel")).isEmpty();
        assertThat(using("db@hotel")).containsExactly("g");
    }

    private List<String> using(String lcName) {
        return db.read(tx -> tx.groups().usingLaunchConfiguration("alice", lcName)).stream().map(Group::name).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("timed out waiting for the other transaction");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
