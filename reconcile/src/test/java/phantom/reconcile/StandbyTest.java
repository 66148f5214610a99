package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/**
 * The engine on sim sites and a manual clock with VMs in standby: a standby VM keeps running and
 * is replaced when the count stays, is not counted, and is never taken by a scale in; back in
 * service it counts again; deleting the group takes it.
 */
class StandbyTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
        w.launchConfiguration("web", "ami-good");
        w.site("hotel");
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private List<Instance> live(Group g) {
        return w.instances(g).stream().filter(Instance::live).toList();
    }

    private Instance toStandby(Instance i, boolean standby) {
        Instance next = i.inStandby(standby, w.clock.instant());
        w.db.transaction(tx -> {
            tx.instances().update(next);
            return null;
        });
        return next;
    }

    private Instance reread(Group g, Instance i) {
        return w.instances(g).stream().filter(x -> x.id().equals(i.id())).findFirst().orElseThrow();
    }

    @Test
    void a_standby_vm_is_replaced_not_counted_and_never_scaled_in() {
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        assertThat(live(g)).hasSize(2);

        Instance standing = toStandby(live(g).getFirst(), true);
        PassResult replaced = r.reconcileNow(g.id());
        assertThat(replaced.launched()).as("the count stayed: a replacement").isEqualTo(1);
        assertThat(live(g)).hasSize(2).noneMatch(i -> i.id().equals(standing.id()));
        assertThat(w.vms("hotel")).as("the standby VM still runs beside them").hasSize(3);

        w.setDesired(g, 0);
        w.clock.advance(Duration.ofMinutes(1));
        r.reconcileNow(g.id());
        r.reconcileNow(g.id());
        assertThat(live(g)).isEmpty();
        assertThat(reread(g, standing)).satisfies(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(i.standby()).isTrue();
        });
        assertThat(w.vms("hotel")).as("only the standby VM runs").hasSize(1);

        w.setDesired(g, 1);
        toStandby(reread(g, standing), false);
        w.clock.advance(Duration.ofMinutes(1));
        PassResult back = r.reconcileNow(g.id());
        assertThat(back.launched()).as("back in service, it counts").isZero();
        assertThat(back.terminated()).isZero();
        assertThat(live(g)).extracting(Instance::id).containsExactly(standing.id());
    }

    @Test
    void deleting_the_group_takes_its_standby_vms() {
        Group g = w.group("g", "hotel:-1", 1);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        toStandby(live(g).getFirst(), true);
        w.setDesired(g, 0);
        r.reconcileNow(g.id());
        assertThat(w.vms("hotel")).hasSize(1);

        w.change(g, Group::markDeleting);
        r.reconcileNow(g.id());
        r.reconcileNow(g.id());

        assertThat(w.vms("hotel")).isEmpty();
    }
}
