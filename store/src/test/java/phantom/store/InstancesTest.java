package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.at;
import static phantom.store.Examples.group;
import static phantom.store.Examples.instance;
import static phantom.store.Examples.requested;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

class InstancesTest extends DatabaseTest {
    long web;
    long db2;
    long bobs;

    @BeforeEach
    void groups() {
        web = db.transaction(tx -> tx.groups().insert(group("alice", "web"))).id();
        db2 = db.transaction(tx -> tx.groups().insert(group("alice", "db"))).id();
        bobs = db.transaction(tx -> tx.groups().insert(group("bob", "web"))).id();
    }

    @Test
    void roundTripsEveryFieldAndNulls() {
        Instance full = instance("p-1", web, at(0));
        Instance bare = requested("p-2", web, at(1));
        write(tx -> {
            tx.instances().insert(full);
            tx.instances().insert(bare);
        });

        assertThat(db.read((Tx tx) -> tx.instances().get("p-1"))).contains(full);
        assertThat(db.read((Tx tx) -> tx.instances().get("p-2"))).contains(bare);
        assertThat(db.read((Tx tx) -> tx.instances().get("nope"))).isEmpty();
    }

    @Test
    void duplicateIdIsAlreadyExists() {
        write(tx -> tx.instances().insert(requested("p-1", web, at(0))));

        assertThatThrownBy(() -> write(tx -> tx.instances().insert(requested("p-1", db2, at(1)))))
                .isInstanceOf(AlreadyExists.class).hasMessageContaining("p-1");
    }

    @Test
    void updateOverwritesByIdAndTruncatesToMilliseconds() {
        Instance launched = requested("p-1", web, at(0));
        write(tx -> tx.instances().insert(launched));
        Instance running = launched.withCloudId("i-abc", InstanceState.RUNNING, at(10).plusNanos(123_456))
                .unhealthy("failed its health check", at(20).plusNanos(7));
        write(tx -> tx.instances().update(running));

        Instance read = db.read(tx -> tx.instances().get("p-1")).orElseThrow();
        assertThat(read.cloudId()).isEqualTo("i-abc");
        assertThat(read.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(read.healthy()).isFalse();
        assertThat(read.statusReason()).isEqualTo("failed its health check");
        assertThat(read.updatedTime()).isEqualTo(at(20));
    }

    @Test
    void scaleInProtectionIsStoredAtInsertAndUpdate() {
        Instance launched = requested("p-1", web, at(0)).withProtection(true, at(0));
        Instance plain = requested("p-2", web, at(1));
        write(tx -> {
            tx.instances().insert(launched);
            tx.instances().insert(plain);
        });
        assertThat(db.read((Tx tx) -> tx.instances().get("p-1")).orElseThrow().protectedFromScaleIn()).isTrue();
        assertThat(db.read((Tx tx) -> tx.instances().get("p-2")).orElseThrow().protectedFromScaleIn()).isFalse();

        write(tx -> {
            tx.instances().update(launched.withProtection(false, at(5)));
            tx.instances().update(plain.withProtection(true, at(5)));
        });
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web))).extracting(Instance::id, Instance::protectedFromScaleIn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p-1", false), org.assertj.core.groups.Tuple.tuple("p-2", true));
    }

    @Test
    void updateOfAnUnknownInstanceFails() {
        assertThatThrownBy(() -> write(tx -> tx.instances().update(requested("ghost", web, at(0)))))
                .isInstanceOf(StoreException.class).hasMessageContaining("ghost");
    }

    @Test
    void forGroupIsEveryStateOldestFirst() {
        write(tx -> {
            tx.instances().insert(instance("p-3", web, at(30)).with(InstanceState.TERMINATED, "gone", at(40)));
            tx.instances().insert(requested("p-1", web, at(10)));
            tx.instances().insert(instance("p-2b", web, at(20)));
            tx.instances().insert(instance("p-2a", web, at(20)).with(InstanceState.FAILED, "no", at(21)));
            tx.instances().insert(instance("other", db2, at(0)));
        });

        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web))).extracting(Instance::id)
                .containsExactly("p-1", "p-2a", "p-2b", "p-3");
        assertThat(db.read((Tx tx) -> tx.instances().forGroup(999))).isEmpty();
    }

    @Test
    void forOwnerAndByVisibleIdSeeOnlyTheOwnersGroups() {
        write(tx -> {
            tx.instances().insert(instance("p-1", web, at(1)));
            tx.instances().insert(requested("p-2", db2, at(2)));
            tx.instances().insert(instance("p-3", bobs, at(3)));
            tx.instances().insert(requested("p-4", 424242, at(4))); // group gone
        });

        assertThat(db.read((Tx tx) -> tx.instances().forOwner("alice"))).extracting(Instance::id).containsExactly("p-1", "p-2");
        assertThat(db.read((Tx tx) -> tx.instances().byVisibleId("alice", "i-p-1"))).map(Instance::id).contains("p-1");
        assertThat(db.read((Tx tx) -> tx.instances().byVisibleId("alice", "p-2"))).map(Instance::id).contains("p-2");
        assertThat(db.read((Tx tx) -> tx.instances().byVisibleId("alice", "i-p-3"))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.instances().byVisibleId("bob", "i-p-3"))).map(Instance::id).contains("p-3");
        assertThat(db.read((Tx tx) -> tx.instances().all())).extracting(Instance::id).containsExactly("p-1", "p-2", "p-3", "p-4");
    }

    @Test
    void byVisibleIdPrefersTheCloudId() {
        write(tx -> {
            tx.instances().insert(requested("i-x", web, at(1))); // Phantom id that looks like a cloud id
            tx.instances().insert(instance("x", web, at(2))); // cloud id i-x
        });

        assertThat(db.read((Tx tx) -> tx.instances().byVisibleId("alice", "i-x"))).map(Instance::id).contains("x");
    }

    @Test
    void deleteFinishedBeforeRemovesOnlyOldTerminatedAndFailed() {
        write(tx -> {
            tx.instances().insert(instance("old-terminated", web, at(0)).with(InstanceState.TERMINATED, "", at(100)));
            tx.instances().insert(instance("old-failed", web, at(0)).with(InstanceState.FAILED, "", at(100)));
            tx.instances().insert(instance("new-terminated", web, at(0)).with(InstanceState.TERMINATED, "", at(200)));
            tx.instances().insert(instance("old-terminating", web, at(0)).with(InstanceState.TERMINATING, "", at(100)));
            tx.instances().insert(instance("old-running", web, at(0)).with(InstanceState.RUNNING, "", at(100)));
        });

        assertThat(db.transaction((Tx tx) -> tx.instances().deleteFinishedBefore(at(200)))).isEqualTo(2);
        assertThat(db.read((Tx tx) -> tx.instances().all())).extracting(Instance::id)
                .containsExactlyInAnyOrder("new-terminated", "old-terminating", "old-running");
        assertThat(db.transaction((Tx tx) -> tx.instances().deleteFinishedBefore(at(200)))).isZero();
    }

    @Test
    void manyInstancesOfOneGroupComeBackInOrder() {
        List<Instance> many = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> requested("p-%03d".formatted(i), web, at(i / 3))).toList();
        write(tx -> many.reversed().forEach(tx.instances()::insert));

        assertThat(db.read((Tx tx) -> tx.instances().forGroup(web))).isEqualTo(many);
    }

    @Test
    void unfinishedHoldsEveryGroupsLiveAndTerminatingInstancesOnly() {
        Instance requested = requested("p-1", web, at(0));
        Instance running = instance("p-2", bobs, at(1));
        Instance terminating = requested("p-3", db2, at(2)).with(InstanceState.TERMINATING, "scale in", at(3));
        Instance failed = requested("p-4", web, at(3)).with(InstanceState.FAILED, "refused", at(4));
        Instance terminated = requested("p-5", bobs, at(4)).with(InstanceState.TERMINATED, "scale in", at(5));
        write(tx -> {
            for (Instance i : List.of(terminated, failed, terminating, running, requested)) tx.instances().insert(i);
        });

        assertThat(db.read((Tx tx) -> tx.instances().unfinished())).extracting(Instance::id)
                .as("oldest first").containsExactly("p-1", "p-2", "p-3");
    }
}
