package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;

/** A group that runs short says why, once per reason, across passes and restarts. */
class ShortfallTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
        w.launchConfiguration("web", "ami-good");
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private long notes(Group g) {
        return w.activities(g, ActivityStatus.Failed, ScalingActivities.SHORTFALL).size();
    }

    @Test
    void the_reason_is_recorded_once_and_again_when_it_changes() {
        w.site("hotel");
        Group g = w.group("g", "hotel:3", 5);
        Reconciler r = w.reconciler();
        PassResult first = r.reconcileNow(g.id());
        assertThat(first.shortfall()).containsExactly("wanted 5, sites can take 3 now: hotel is full (cap 3)");
        assertThat(w.activities(g, ActivityStatus.Failed, ScalingActivities.SHORTFALL)).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("wanted 5, sites can take 3 now: hotel is full (cap 3)");
            assertThat(a.statusMessage()).isEqualTo(a.cause());
            assertThat(a.endTime()).isNotNull();
        });

        r.reconcileNow(g.id());
        w.clock.advance(Duration.ofMinutes(5));
        r.reconcileNow(g.id());
        assertThat(notes(g)).as("same reason, no new note").isEqualTo(1);

        r.close();
        Reconciler restarted = w.reconciler();
        restarted.reconcileNow(g.id());
        assertThat(notes(g)).as("not repeated after a restart").isEqualTo(1);

        w.setClouds(g, "hotel:2");
        restarted.reconcileNow(g.id());
        assertThat(notes(g)).as("a new reason").isEqualTo(2);

        w.setDesired(g, 2);
        restarted.reconcileNow(g.id());
        w.setDesired(g, 5);
        restarted.reconcileNow(g.id());
        assertThat(notes(g)).as("short again after having been whole").isEqualTo(3);
    }

    @Test
    void a_backoff_counting_down_is_not_a_new_reason() {
        w.site("hotel", "capacity", 1);
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id()); // 1 launched, 1 refused: hotel backs off
        PassResult waiting = r.reconcileNow(g.id());
        assertThat(waiting.shortfall()).singleElement().asString()
                .contains("hotel returned InsufficientInstanceCapacity 1 time, backing off");
        long before = notes(g);

        w.clock.advance(Duration.ofSeconds(3));
        r.reconcileNow(g.id());
        w.clock.advance(Duration.ofSeconds(3));
        r.reconcileNow(g.id());

        assertThat(notes(g)).isEqualTo(before).isEqualTo(1);
    }
}
