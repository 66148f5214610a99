package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.store.Examples.T0;
import static phantom.store.Examples.activity;
import static phantom.store.Examples.group;
import static phantom.store.Examples.instance;
import static phantom.store.Examples.launchConfiguration;
import static phantom.store.Examples.requested;
import static phantom.store.Examples.withTags;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.Tag;

/** The Describe actions' queries: filters, keyset pages and their edges, and statements per request. */
class DescribeQueriesTest extends DatabaseTest {
    /** Names whose code point order differs from case-insensitive, accent-aware or UTF-16 order. */
    private static final List<String> ODD = List.of("B", "a", "a-b", "a.b", "aB", "ab", "a_b", "é", "e", "Z9", "z10", "z9",
            "\uD83D\uDE80rocket", "\uFF5Ewide", "日本");

    private static List<String> codePointOrder(List<String> names) {
        return names.stream().sorted(Comparator.comparing((String s) -> s.codePoints().toArray(), java.util.Arrays::compare)).toList();
    }

    private Group insert(String owner, String name, Tag... tags) {
        return db.transaction(tx -> tx.groups().insert(withTags(group(owner, name), List.of(tags))));
    }

    @Test
    void groupPagesFollowCodePointOrderAcrossEveryPageSize() {
        for (String n : ODD) insert("alice", n, new Tag("k", n, false));
        insert("bob", "a", new Tag("k", "other owner", false));
        List<String> expected = codePointOrder(ODD);
        for (int size = 1; size <= ODD.size() + 1; size++) {
            List<String> seen = new ArrayList<>();
            String after = null;
            while (true) {
                String from = after;
                int limit = size;
                List<Group> page = db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), from, limit + 1));
                List<Group> shown = page.subList(0, Math.min(size, page.size()));
                shown.forEach(g -> {
                    assertThat(g.owner()).isEqualTo("alice");
                    assertThat(g.tags()).containsExactly(new Tag("k", g.name(), false));
                });
                shown.stream().map(Group::name).forEach(seen::add);
                if (page.size() <= size) break;
                after = shown.get(shown.size() - 1).name();
            }
            assertThat(seen).as("page size %d", size).isEqualTo(expected);
        }
    }

    @Test
    void anExactPageBoundaryLeavesNoEmptyNextPage() {
        for (String n : List.of("a", "b", "c", "d")) insert("alice", n);
        List<Group> first = db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), null, 3));
        assertThat(first).extracting(Group::name).containsExactly("a", "b", "c");
        List<Group> all = db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), null, 5));
        assertThat(all).hasSize(4); // four of at most 4 + 1: no next page
        assertThat(db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), "d", 3))).isEmpty();
    }

    @Test
    void aPageAfterAGroupDeletedMeanwhileStartsAfterItsName() {
        for (String n : List.of("a", "b", "c", "d")) insert("alice", n);
        Group b = db.read((Tx tx) -> tx.groups().get("alice", "b")).orElseThrow();
        write(tx -> tx.groups().delete(b.id()));
        assertThat(db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), "b", 10))).extracting(Group::name).containsExactly("c", "d");
    }

    @Test
    void namedGroupsAndTagFiltersAreConditions() {
        insert("alice", "web", new Tag("team", "red", true), new Tag("env", "prod", false));
        insert("alice", "api", new Tag("team", "blue", false));
        insert("alice", "db", new Tag("env", "red", false));
        insert("bob", "web", new Tag("team", "red", true));
        var key = TagCondition.Column.KEY;
        var value = TagCondition.Column.VALUE;
        assertThat(names(Set.of("web", "nope", "db"), List.of())).containsExactly("db", "web");
        assertThat(names(Set.of(), List.of())).isEmpty();
        assertThat(names(null, List.of(List.of(new TagCondition(key, List.of("team")))))).containsExactly("api", "web");
        assertThat(names(null, List.of(List.of(new TagCondition(value, List.of("red", "blue")))))).containsExactly("api", "db", "web");
        // tag:team=red: the key and the value on the same tag (db's "red" is an env)
        assertThat(names(null, List.of(List.of(new TagCondition(key, List.of("team")), new TagCondition(value, List.of("red"))))))
                .containsExactly("web");
        // two filters: both hold, each on some tag
        assertThat(names(null, List.of(List.of(new TagCondition(key, List.of("env"))), List.of(new TagCondition(value, List.of("red"))))))
                .containsExactly("db", "web");
        assertThat(names(null, List.of(List.of(new TagCondition(value, List.of()))))).isEmpty();
    }

    private List<String> names(Set<String> names, List<List<TagCondition>> filters) {
        return db.read((Tx tx) -> tx.groups().page("alice", names, filters, null, 100)).stream().map(Group::name).toList();
    }

    @Test
    void tagPagesGoByGroupThenKeyAndResumeInsideAGroup() {
        insert("alice", "web", new Tag("b", "1", true), new Tag("a", "2", false), new Tag("é", "3", true));
        insert("alice", "Web", new Tag("z", "4", false));
        insert("alice", "api");
        List<String> seen = new ArrayList<>();
        String group = null;
        String key = null;
        while (true) {
            String g = group;
            String k = key;
            List<Groups.GroupTag> page = db.read((Tx tx) -> tx.groups().tagPage("alice", List.of(), g, k, 3));
            page.stream().limit(2).forEach(t -> seen.add(t.group() + "/" + t.tag().key()));
            if (page.size() <= 2) break;
            group = page.get(1).group();
            key = page.get(1).tag().key();
        }
        assertThat(seen).containsExactly("Web/z", "web/a", "web/b", "web/é");
        // a token that names only a group starts at its first tag
        assertThat(db.read((Tx tx) -> tx.groups().tagPage("alice", List.of(), "web", null, 10))).hasSize(3);
        var conditions = List.of(new TagCondition(TagCondition.Column.GROUP_NAME, List.of("web")),
                new TagCondition(TagCondition.Column.PROPAGATE_AT_LAUNCH, List.of(true)));
        assertThat(db.read((Tx tx) -> tx.groups().tagPage("alice", conditions, null, null, 10)))
                .extracting(t -> t.tag().key()).containsExactly("b", "é");
    }

    @Test
    void aPagesInstancesAreTheShownOnesOldestFirst() {
        Group web = insert("alice", "web");
        Group api = insert("alice", "api");
        write(tx -> {
            tx.instances().insert(instance("w2", web.id(), T0.plusSeconds(2)));
            tx.instances().insert(instance("w1", web.id(), T0.plusSeconds(1)));
            tx.instances().insert(requested("w3", web.id(), T0));
            Instance gone = instance("w4", web.id(), T0);
            tx.instances().insert(gone.with(InstanceState.TERMINATED, "gone", T0.plusSeconds(5)));
            tx.instances().insert(instance("a1", api.id(), T0));
        });
        var shown = db.read((Tx tx) -> tx.instances().shownOfGroups(List.of(web.id(), api.id())));
        assertThat(shown.get(web.id())).extracting(Instance::id).containsExactly("w1", "w2");
        assertThat(shown.get(api.id())).extracting(Instance::id).containsExactly("a1");
        assertThat(db.read((Tx tx) -> tx.instances().shownOfGroups(List.of()))).isEmpty();
    }

    @Test
    void instancePagesGoByCloudIdAndMatchEitherId() {
        Group web = insert("alice", "web");
        Group other = insert("bob", "web");
        write(tx -> {
            for (String id : List.of("c", "a", "B", "é", "b")) tx.instances().insert(instance(id, web.id(), T0));
            tx.instances().insert(requested("r", web.id(), T0));
            tx.instances().insert(instance("x", other.id(), T0));
        });
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            String from = after;
            List<Instances.Shown> page = db.read((Tx tx) -> tx.instances().shownPage("alice", null, from, 3));
            page.stream().limit(2).forEach(s -> {
                assertThat(s.group()).isEqualTo("web");
                seen.add(s.instance().cloudId());
            });
            if (page.size() <= 2) break;
            after = page.get(1).instance().cloudId();
        }
        assertThat(seen).containsExactly("i-B", "i-a", "i-b", "i-c", "i-é");
        assertThat(db.read((Tx tx) -> tx.instances().shownPage("alice", Set.of("i-a", "b", "r", "i-x"), null, 10)))
                .extracting(s -> s.instance().id()).containsExactly("a", "b");
    }

    @Test
    void launchConfigurationPagesGoByName() {
        for (String n : ODD) write(tx -> tx.launchConfigurations().insert(launchConfiguration("alice", n)));
        write(tx -> tx.launchConfigurations().insert(launchConfiguration("bob", "a")));
        List<String> expected = codePointOrder(ODD);
        List<LaunchConfiguration> first = db.read((Tx tx) -> tx.launchConfigurations().page("alice", null, null, 6));
        assertThat(first).extracting(LaunchConfiguration::name).containsExactlyElementsOf(expected.subList(0, 6));
        String after = expected.get(4);
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().page("alice", null, after, 100)))
                .extracting(LaunchConfiguration::name).containsExactlyElementsOf(expected.subList(5, expected.size()));
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().page("alice", Set.of("a", "nope"), null, 100)))
                .extracting(LaunchConfiguration::owner, LaunchConfiguration::name).containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "a"));
    }

    @Test
    void activityPagesGoNewestFirstThenByIdWithTheirLiveGroup() {
        Group web = insert("alice", "web");
        Group old = insert("alice", "old");
        write(tx -> {
            tx.activities().insert(activity("b", web.id(), "alice", "web", T0));
            tx.activities().insert(activity("a", web.id(), "alice", "web", T0));
            tx.activities().insert(activity("c", web.id(), "alice", "web", T0.plusSeconds(1)));
            tx.activities().insert(activity("d", old.id(), "alice", "old", T0.minusSeconds(1)));
            tx.activities().insert(activity("e", 999, "bob", "web", T0));
            tx.groups().delete(old.id());
        });
        Function<Activities.Listed, String> id = l -> l.activity().id();
        assertThat(db.read((Tx tx) -> tx.activities().page("alice", null, null, true, null, null, 10)))
                .extracting(id).containsExactly("c", "a", "b", "d");
        List<Activities.Listed> live = db.read((Tx tx) -> tx.activities().page("alice", null, null, false, null, null, 10));
        assertThat(live).extracting(id).containsExactly("c", "a", "b");
        assertThat(live.get(0).groupUuid()).isEqualTo(web.uuid());
        assertThat(live.get(0).groupName()).isEqualTo("web");
        assertThat(db.read((Tx tx) -> tx.activities().page("alice", null, null, true, T0, "a", 10)))
                .extracting(id).containsExactly("b", "d");
        assertThat(db.read((Tx tx) -> tx.activities().page("alice", null, null, true, T0, "b", 10)).get(0).groupName()).isNull();
        assertThat(db.read((Tx tx) -> tx.activities().page("alice", "web", Set.of("a", "c", "d"), true, null, null, 10)))
                .extracting(id).containsExactly("c", "a");
    }

    @Test
    void aDescribePageTakesTheSameStatementsHoweverManyGroupsTheUserHas() {
        long few = statementsOfAPage(2);
        long many = statementsOfAPage(60);
        assertThat(few).isEqualTo(4); // the groups, their tags, their suspended processes and metrics (one statement), their instances
        assertThat(many).isEqualTo(few);
    }

    /** Statements to read a page of (up to 50) groups with their tags and instances, for a user who has {@code groups}. */
    private long statementsOfAPage(int groups) {
        String owner = "user" + groups;
        for (int g = 0; g < groups; g++) {
            Group stored = insert(owner, "g" + g, new Tag("k", "v", false), new Tag("k2", "v2", true));
            write(tx -> {
                for (int i = 0; i < 3; i++) tx.instances().insert(instance(stored.name() + "-" + i + "-" + stored.id(), stored.id(), T0));
            });
        }
        long before = db.statements();
        db.read((Tx tx) -> {
            List<Group> page = tx.groups().page(owner, null, List.of(List.of(new TagCondition(TagCondition.Column.KEY, List.of("k")))), null, 51);
            assertThat(page).hasSize(Math.min(groups, 51));
            assertThat(tx.instances().shownOfGroups(page.stream().map(Group::id).toList())).hasSize(page.size());
            return null;
        });
        return db.statements() - before;
    }
}
