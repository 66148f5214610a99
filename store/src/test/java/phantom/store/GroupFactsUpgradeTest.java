package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.store.Examples.T0;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import phantom.core.model.Group;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;

/**
 * A database that schema V5 wrote (AvailabilityZones in a column, the cloud list line-encoded, the
 * values of n_preserve and clouds stored beside the columns they repeat) upgrades to V6 with every
 * group's tags intact as the API reads them: DescribeAutoScalingGroups' page, DescribeTags' tag
 * page and their value filters, on both databases.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class GroupFactsUpgradeTest {
    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    private static final Tag DEFINITION = new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false);

    /** A Phantom group whose clouds tag was written with spaces, as a client may send it. */
    private static final Group WEB = Group.builder().owner("alice").name("web").uuid("0000beef-0000-4000-8000-000000000001")
            .launchConfigurationName("web@hotel").sizes(4, 4, 4).defaultCooldown(300).healthCheckType("EC2")
            .clouds(List.of(new SitePreference("hotel", 2), new SitePreference("sierra", SitePreference.UNBOUNDED)))
            .phantom(true).terminationPolicies(List.of("Default")).createdTime(T0).build();
    private static final List<Tag> WEB_TAGS = List.of(DEFINITION, new Tag("clouds", "hotel:2, sierra:-1", false),
            new Tag("n_preserve", "4", true), new Tag("team", "physics, a \\ b", true));

    /** A plain group whose cloud list came from AvailabilityZones, one site with a backslash in its name. */
    private static final Group PLAIN = Group.builder().owner("alice").name("plain").uuid("0000beef-0000-4000-8000-000000000002")
            .launchConfigurationName("db").sizes(0, 3, 1).defaultCooldown(300).healthCheckType("EC2")
            .clouds(List.of(new SitePreference("back\\slash", SitePreference.UNBOUNDED),
                    new SitePreference("hotel", SitePreference.UNBOUNDED)))
            .terminationPolicies(List.of("Default")).createdTime(T0).build();
    private static final List<Tag> PLAIN_TAGS = List.of(new Tag("env", "prod", false));

    /** A group being deleted: V5 left its last count in its tags while desired_capacity went to 0. */
    private static final Group GOING = Group.builder().owner("alice").name("going").uuid("0000beef-0000-4000-8000-000000000003")
            .launchConfigurationName("web").sizes(0, 3, 0).defaultCooldown(300).healthCheckType("EC2")
            .clouds(List.of(new SitePreference("foxtrot", 3))).phantom(true).terminationPolicies(List.of("Default"))
            .deleting(true).createdTime(T0).build();
    private static final List<Tag> GOING_TAGS = List.of(new Tag("minimum_vms", "3", false), new Tag("clouds", "foxtrot:3", true));

    @Test
    void everyGroupReadsAsBeforeWithTheCloudListAndCountItsTagsShow() {
        DatabaseConfig config = engine.newDatabase(dir);
        long web;
        long plain;
        long going;
        try (Database old = OldGroupRows.openOldSchema(config)) {
            web = old.transaction(tx -> OldGroupRows.insert(tx, WEB, WEB_TAGS));
            plain = old.transaction(tx -> OldGroupRows.insert(tx, PLAIN, PLAIN_TAGS));
            going = old.transaction(tx -> OldGroupRows.insert(tx, GOING, GOING_TAGS));
        }

        try (Database db = Database.open(config)) {
            Group w = db.read((Tx tx) -> tx.groups().byId(web)).orElseThrow();
            assertThat(w).isEqualTo(WEB.toBuilder().id(web).version(1).tags(WEB_TAGS).build());
            assertThat(w.availabilityZones()).containsExactly("hotel", "sierra");
            assertThat(w.tags()).containsExactly(DEFINITION, new Tag("clouds", "hotel:2,sierra:-1", false),
                    new Tag("n_preserve", "4", true), new Tag("team", "physics, a \\ b", true));

            Group p = db.read((Tx tx) -> tx.groups().byId(plain)).orElseThrow();
            assertThat(p).isEqualTo(PLAIN.toBuilder().id(plain).version(1).tags(PLAIN_TAGS).build());
            assertThat(p.availabilityZones()).containsExactly("back\\slash", "hotel");

            Group g = db.read((Tx tx) -> tx.groups().byId(going)).orElseThrow();
            assertThat(g.deleting()).isTrue();
            assertThat(g.tags()).containsExactly(new Tag("minimum_vms", "0", false), new Tag("clouds", "foxtrot:3", true));

            // DescribeAutoScalingGroups reads pages; DescribeTags reads the tag rows with the group's columns
            List<Group> page = db.read((Tx tx) -> tx.groups().page("alice", null, List.of(), null, 10));
            assertThat(page).containsExactly(g, p, w);
            List<Tag> described = db.read((Tx tx) -> tx.groups().tagPage("alice", List.of(), null, null, 100)).stream()
                    .filter(t -> t.group().equals("web")).map(Groups.GroupTag::tag).toList();
            assertThat(described).containsExactlyElementsOf(w.tags().stream().sorted(Comparator.comparing(Tag::key)).toList());

            var value = TagCondition.Column.VALUE;
            var key = TagCondition.Column.KEY;
            assertThat(db.read((Tx tx) -> tx.groups().page("alice", null, List.of(List.of(new TagCondition(key, List.of("n_preserve")),
                    new TagCondition(value, List.of("4")))), null, 10))).containsExactly(w);
            assertThat(db.read((Tx tx) -> tx.groups().page("alice", null, List.of(List.of(new TagCondition(value,
                    List.of("hotel:2,sierra:-1")))), null, 10))).containsExactly(w);
            assertThat(db.read((Tx tx) -> tx.groups().tagPage("alice", List.of(new TagCondition(value, List.of("0", "prod"))),
                    null, null, 10))).extracting(t -> t.group() + "/" + t.tag().key()).containsExactly("going/minimum_vms", "plain/env");

            // what is stored now: the cloud list in the clouds tag's form, no value for the tags that show a column
            List<String> stored = db.read((Tx tx) -> tx.sql().list("SELECT g.name, g.clouds, t.tag_key, t.tag_value FROM scaling_groups g"
                    + " JOIN group_tags t ON t.group_id = g.id WHERE t.tag_key IN ('clouds', 'n_preserve', 'minimum_vms')"
                    + " ORDER BY g.name, t.tag_key", rs -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4))));
            assertThat(stored).containsExactly("going|foxtrot:3|clouds|", "going|foxtrot:3|minimum_vms|",
                    "web|hotel:2,sierra:-1|clouds|", "web|hotel:2,sierra:-1|n_preserve|");
            assertThat(db.read((Tx tx) -> tx.sql().list("SELECT clouds FROM scaling_groups WHERE id = ?", rs -> rs.getString(1), plain)))
                    .containsExactly("back\\slash:-1,hotel:-1");

            // and the upgraded groups take writes as any other
            db.transaction(tx -> {
                tx.groups().update(w.toBuilder().sizes(4, 9, 9).build());
                return null;
            });
            assertThat(db.read((Tx tx) -> tx.groups().byId(web)).orElseThrow().tag("n_preserve")).contains(new Tag("n_preserve", "9", true));
        }
    }
}
