package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.activity;
import static phantom.store.Examples.at;
import static phantom.store.Examples.inProgress;

import org.junit.jupiter.api.Test;
import phantom.core.model.ActivityStatus;
import phantom.core.model.ScalingActivity;

class ActivitiesTest extends DatabaseTest {
    @Test
    void roundTripsEveryFieldAndNulls() {
        ScalingActivity done = activity("a-1", 1, "alice", "web", at(0));
        ScalingActivity running = inProgress("a-2", 1, "alice", "web", at(1));
        write(tx -> {
            tx.activities().insert(done);
            tx.activities().insert(running);
        });

        assertThat(db.read((Tx tx) -> tx.activities().get("a-1"))).contains(done);
        assertThat(db.read((Tx tx) -> tx.activities().get("a-2"))).contains(running);
        assertThat(db.read((Tx tx) -> tx.activities().get("a-3"))).isEmpty();
    }

    @Test
    void duplicateIdIsAlreadyExists() {
        write(tx -> tx.activities().insert(inProgress("a-1", 1, "alice", "web", at(0))));

        assertThatThrownBy(() -> write(tx -> tx.activities().insert(inProgress("a-1", 2, "bob", "db", at(1)))))
                .isInstanceOf(AlreadyExists.class);
    }

    @Test
    void updateFinishesAnActivity() {
        ScalingActivity running = inProgress("a-1", 1, "alice", "web", at(0));
        write(tx -> tx.activities().insert(running));
        ScalingActivity failed = running.finish(ActivityStatus.Failed, "hotel returned InsufficientInstanceCapacity", at(9));
        write(tx -> tx.activities().update(failed));

        assertThat(db.read((Tx tx) -> tx.activities().get("a-1"))).contains(failed);
        assertThatThrownBy(() -> write(tx -> tx.activities().update(inProgress("ghost", 1, "alice", "web", at(0)))))
                .isInstanceOf(StoreException.class).hasMessageContaining("ghost");
    }

    @Test
    void listIsNewestFirstThenByIdForOneGroupOrAll() {
        write(tx -> {
            tx.activities().insert(inProgress("b", 1, "alice", "web", at(10)));
            tx.activities().insert(inProgress("a", 1, "alice", "web", at(10)));
            tx.activities().insert(inProgress("c", 1, "alice", "web", at(5)));
            tx.activities().insert(inProgress("d", 2, "alice", "db", at(7)));
            tx.activities().insert(inProgress("e", 3, "bob", "web", at(99)));
        });

        assertThat(db.read((Tx tx) -> tx.activities().list("alice", "web"))).extracting(ScalingActivity::id)
                .containsExactly("a", "b", "c");
        assertThat(db.read((Tx tx) -> tx.activities().list("alice", null))).extracting(ScalingActivity::id)
                .containsExactly("a", "b", "d", "c");
        assertThat(db.read((Tx tx) -> tx.activities().list("alice", "nope"))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.activities().list("bob", null))).extracting(ScalingActivity::id).containsExactly("e");
    }

    @Test
    void deleteOlderThanRemovesActivitiesThatStartedBeforeTheCutoff() {
        write(tx -> {
            tx.activities().insert(activity("old", 1, "alice", "web", at(0)));
            tx.activities().insert(inProgress("old-running", 1, "alice", "web", at(1)));
            tx.activities().insert(activity("edge", 1, "alice", "web", at(100)));
            tx.activities().insert(activity("new", 1, "alice", "web", at(200)));
        });

        assertThat(db.transaction((Tx tx) -> tx.activities().deleteOlderThan(at(100)))).isEqualTo(2);
        assertThat(db.read((Tx tx) -> tx.activities().list("alice", null))).extracting(ScalingActivity::id)
                .containsExactly("new", "edge");
    }
}
