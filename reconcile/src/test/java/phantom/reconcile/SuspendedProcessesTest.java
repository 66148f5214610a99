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
import phantom.core.model.Instance;
import phantom.core.model.ScalingProcess;

/** The reconciler with a group's processes suspended, on the real store, sim sites and a controllable clock. */
class SuspendedProcessesTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void launch_suspended_launches_nothing_records_no_failure_and_resume_fills() {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 3);
        w.suspend(g, ScalingProcess.LAUNCH);
        Reconciler r = w.reconciler();
        PassResult waiting = r.reconcileNow(g.id());
        assertThat(waiting.launched()).isZero();
        assertThat(w.vms("hotel")).isEmpty();
        assertThat(w.activities(g)).as("no launch, and no shortfall note: waiting is not an error").isEmpty();
        w.resume(g, ScalingProcess.LAUNCH);
        assertThat(r.reconcileNow(g.id()).launched()).isEqualTo(3);
        assertThat(w.activities(g, ActivityStatus.Successful, "Launching a new EC2 instance: ")).hasSize(3);
    }

    @Test
    void health_check_suspended_keeps_dead_vms_as_they_are_and_resume_replaces_them() {
        w.site("hotel", "death_rate_per_hour", 1.0);
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        w.suspend(g, ScalingProcess.HEALTH_CHECK);
        w.clock.advance(Duration.ofDays(100)); // every VM has died by now
        PassResult kept = r.reconcileNow(g.id());
        assertThat(kept.terminated()).isZero();
        assertThat(kept.launched()).isZero();
        assertThat(w.instances(g)).hasSize(2).allMatch(Instance::healthy);

        w.resume(g, ScalingProcess.HEALTH_CHECK);
        PassResult replaced = r.reconcileNow(g.id());
        assertThat(replaced.terminated()).isEqualTo(2);
        assertThat(replaced.launched()).isEqualTo(2);
    }

    @Test
    void terminate_suspended_keeps_dead_vms_found_unhealthy_and_the_excess_until_resumed() {
        w.site("hotel", "death_rate_per_hour", 1.0);
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        w.suspend(g, ScalingProcess.TERMINATE);
        w.clock.advance(Duration.ofDays(100));
        PassResult held = r.reconcileNow(g.id());
        assertThat(held.terminated()).as("ReplaceUnhealthy is inactive while Terminate is suspended").isZero();
        assertThat(held.launched()).isZero();
        assertThat(w.instances(g)).hasSize(2).noneMatch(Instance::healthy);

        w.resume(g, ScalingProcess.TERMINATE);
        PassResult replaced = r.reconcileNow(g.id());
        assertThat(replaced.terminated()).isEqualTo(2);
        assertThat(replaced.launched()).isEqualTo(2);
    }
}
