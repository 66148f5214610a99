package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.store.Examples.at;
import static phantom.store.Examples.group;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import phantom.core.model.AdjustmentType;
import phantom.core.model.PolicyType;
import phantom.core.model.ScalingPolicy;
import phantom.core.model.StepAdjustment;

/** The scaling_policies table on both databases: round trips, replacement, lookups, and deletion with the group. */
class ScalingPoliciesTest extends DatabaseTest {
    long web;
    long other;

    @BeforeEach
    void groups() {
        web = db.transaction(tx -> tx.groups().insert(group("alice", "web"))).id();
        other = db.transaction(tx -> tx.groups().insert(group("alice", "other"))).id();
    }

    static ScalingPolicy simple(long groupId, String groupName, String name, String uuid) {
        return new ScalingPolicy(groupId, "alice", groupName, name, uuid, PolicyType.SimpleScaling, AdjustmentType.ChangeInCapacity,
                null, 2, 60, null, List.of(), null, true, at(0));
    }

    static ScalingPolicy step(long groupId, String name, String uuid) {
        return new ScalingPolicy(groupId, "alice", "web", name, uuid, PolicyType.StepScaling,
                AdjustmentType.PercentChangeInCapacity, 2, null, null, "Maximum",
                List.of(new StepAdjustment(null, -0.5, -1), new StepAdjustment(-0.5, 0.0, 0), new StepAdjustment(0.0, 10.25, 1),
                        new StepAdjustment(10.25, null, 3)),
                120, false, at(5));
    }

    @Test
    void everyMemberRoundTripsNullsIncluded() {
        ScalingPolicy s = simple(web, "web", "up", "u-1");
        ScalingPolicy st = step(web, "steps", "u-2");
        write(tx -> {
            tx.policies().put(s);
            tx.policies().put(st);
        });
        assertThat(db.read((Tx tx) -> tx.policies().get(web, "up"))).contains(s);
        assertThat(db.read((Tx tx) -> tx.policies().get(web, "steps"))).contains(st);
        assertThat(db.read((Tx tx) -> tx.policies().byUuid("alice", "u-2"))).contains(st);
        assertThat(db.read((Tx tx) -> tx.policies().byUuid("bob", "u-2"))).isEmpty();
    }

    @Test
    void putOfTheSameNameReplaces() {
        write(tx -> tx.policies().put(simple(web, "web", "up", "u-1")));
        ScalingPolicy replaced = new ScalingPolicy(web, "alice", "web", "up", "u-1", PolicyType.SimpleScaling,
                AdjustmentType.ExactCapacity, null, 4, null, null, List.of(), null, true, at(9));
        write(tx -> tx.policies().put(replaced));
        assertThat(db.read((Tx tx) -> tx.policies().list("alice", "web"))).containsExactly(replaced);
        assertThat(db.read((Tx tx) -> tx.policies().count(web))).isEqualTo(1);
    }

    @Test
    void listIsByGroupThenNameInCodePointOrder() {
        write(tx -> {
            tx.policies().put(simple(web, "web", "b", "1"));
            tx.policies().put(simple(web, "web", Examples.TRICKY, "2"));
            tx.policies().put(simple(web, "web", "a", "3"));
            tx.policies().put(simple(other, "other", "z", "4"));
        });
        assertThat(db.read((Tx tx) -> tx.policies().list("alice", null))).extracting(ScalingPolicy::name)
                .containsExactly("z", "a", "b", Examples.TRICKY);
        assertThat(db.read((Tx tx) -> tx.policies().list("alice", "web"))).extracting(ScalingPolicy::name)
                .containsExactly("a", "b", Examples.TRICKY);
        assertThat(db.read((Tx tx) -> tx.policies().list("bob", null))).isEmpty();
    }

    @Test
    void deletingThePolicyOrItsGroupRemovesIt() {
        write(tx -> {
            tx.policies().put(simple(web, "web", "up", "1"));
            tx.policies().put(simple(web, "web", "down", "2"));
            tx.policies().put(simple(other, "other", "up", "3"));
        });
        Boolean first = db.transaction(tx -> tx.policies().delete(web, "down"));
        Boolean second = db.transaction(tx -> tx.policies().delete(web, "down"));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        write(tx -> tx.groups().delete(web));
        assertThat(db.read((Tx tx) -> tx.policies().list("alice", null))).extracting(ScalingPolicy::uuid).containsExactly("3");
    }
}
