package phantom.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a group derives from its own fields, and its one way to make a changed copy. */
class GroupTest {
    private static final List<SitePreference> CLOUDS = List.of(new SitePreference("hotel", 8), new SitePreference("sierra", -1));

    @Test
    void theTagsThatShowAFieldShowItWhateverValueTheyCarry() {
        Group g = Group.builder().desiredCapacity(5).clouds(CLOUDS)
                .tags(List.of(new Tag("n_preserve", "", true), new Tag("minimum_vms", "12", false),
                        new Tag("clouds", "stale", false), new Tag("team", "n_preserve", true)))
                .build();
        assertThat(g.tags()).containsExactly(new Tag("n_preserve", "5", true), new Tag("minimum_vms", "5", false),
                new Tag("clouds", "hotel:8,sierra:-1", false), new Tag("team", "n_preserve", true));
        assertThat(g.availabilityZones()).containsExactly("hotel", "sierra");
        assertThat(g.toBuilder().desiredCapacity(0).build().tag("n_preserve")).contains(new Tag("n_preserve", "0", true));
        assertThat(List.of("clouds", "n_preserve", "minimum_vms", "team", "PHANTOM_DEFINITION"))
                .map(Group::derivesValueOf).containsExactly(true, true, true, false, false);
    }

    @Test
    void aCopyFromTheBuilderKeepsEveryFieldItWasNotTold() {
        Group g = new Group(3, "alice", "web", "uuid", "web@hotel", 1, 9, 4, 60, "ELB", 30, CLOUDS, true,
                List.of(new Tag("k", "v", true)), List.of("OldestInstance"), List.of("lb"), List.of("tg"), "subnet", "pg", true, true,
                86400, List.of(new SuspendedProcess(ScalingProcess.LAUNCH, "User suspended at 1970-01-01T00:00:00Z")),
                List.of(GroupMetric.GROUP_MIN_SIZE), false, Instant.EPOCH, 7);
        assertThat(g.toBuilder().build()).isEqualTo(g);
        Group changed = g.toBuilder().maxSize(12).build();
        assertThat(changed.maxSize()).isEqualTo(12);
        assertThat(changed.toBuilder().maxSize(9).build()).isEqualTo(g);
        Group going = g.markDeleting();
        assertThat(going.deleting()).isTrue();
        assertThat(going.desiredCapacity()).isZero();
        assertThat(going.toBuilder().deleting(false).desiredCapacity(4).build()).isEqualTo(g);
        assertThat(Group.builder().build().family()).isNull();
        assertThat(g.family()).isEqualTo("web");
    }
}
