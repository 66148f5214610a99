package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/** The site watchers inside the engine: death seen as death, events that wake one group, the cheap resync. */
class WatchTest {
    @TempDir
    Path dir;
    private World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private static CloudInstance vmOf(WatchedDriver site, Group g) throws Exception {
        return site.list(CloudCredentials.NONE).stream().filter(vm -> g.uuid().equals(vm.groupUuid())).findFirst()
                .orElseThrow();
    }

    @Test
    void a_vm_the_cloud_reports_terminated_is_replaced_at_the_next_watch_however_young() throws Exception {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 1);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);
        r.reconcileNow(g.id());
        CloudInstance vm = vmOf(hotel, g);

        w.clock.advance(Duration.ofSeconds(1)); // far inside the 60 s grace
        hotel.terminate(vm.cloudId(), CloudCredentials.NONE); // someone else terminates it
        hotel.reportDead(vm, CloudState.TERMINATED); // and the cloud still lists it, terminated
        PassResult next = r.reconcileNow(g.id());

        assertThat(next.launched()).as("replaced at once").isEqualTo(1);
        Instance old = w.instances(g).stream().filter(i -> vm.cloudId().equals(i.cloudId())).findFirst().orElseThrow();
        assertThat(old.healthy()).isFalse();
        assertThat(old.statusReason()).contains("the VM was terminated on hotel, not by Phantom");
        assertThat(w.liveBySite(g)).containsExactly(Map.entry("hotel", 1L));
    }

    @Test
    void a_vm_missing_from_the_listing_is_judged_only_after_the_grace() throws Exception {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 1);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);
        r.reconcileNow(g.id());
        CloudInstance vm = vmOf(hotel, g);
        hotel.terminate(vm.cloudId(), CloudCredentials.NONE);
        hotel.vanished.add(vm.cloudId()); // gone from the listing without a trace (the sim would list it terminated)

        w.clock.advance(Duration.ofSeconds(1));
        assertThat(r.reconcileNow(g.id()).launched()).as("the listing may lag behind the launch").isZero();
        w.clock.advance(GroupPass.grace(World.SETTINGS));
        assertThat(r.reconcileNow(g.id()).launched()).isEqualTo(1);
    }

    @Test
    void the_resync_enqueues_nothing_when_settled_and_exactly_the_unsettled_groups_otherwise() throws Exception {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group a = w.group("a", "hotel:-1", 2);
        Group b = w.group("b", "hotel:-1", 2);
        Group c = w.group("c", "hotel:-1", 2);
        Group d = w.group("d", "hotel:-1", 2);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);
        for (Group g : List.of(a, b, c, d)) {
            r.reconcileNow(g.id()); // launches
            r.reconcileNow(g.id()); // sees them running
        }
        assertThat(List.of(a, b, c, d)).allSatisfy(g -> assertThat(w.running(g)).isEqualTo(2));
        r.watchAllNow();

        ResyncRound settled = r.resyncNow();
        assertThat(settled.groups()).isEqualTo(4);
        assertThat(settled.enqueued()).as("all settled").isZero();
        assertThat(r.waitingGroups()).isEmpty();

        w.setDesired(b, 3); // a change the API did not announce
        hotel.reportDead(vmOf(hotel, c), CloudState.STOPPED); // stopped in the cloud
        w.markDeleting(d);
        r.watchAllNow();
        assertThat(r.waitingGroups()).as("the watch wakes exactly the group whose VM changed").containsExactly(c.id());

        ResyncRound unsettled = r.resyncNow();
        assertThat(unsettled.enqueued()).isEqualTo(3);
        assertThat(r.waitingGroups()).as("each group once; the watch's change first")
                .hasSize(3).startsWith(c.id()).containsExactlyInAnyOrder(c.id(), b.id(), d.id());
    }

    @Test
    void launch_results_are_written_through_so_the_resync_sees_them_before_any_listing() throws Exception {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 3);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);
        r.reconcileNow(g.id()); // lists (nothing there yet), then launches 3
        int lists = hotel.lists.get();

        assertThat(r.resyncNow().enqueued()).as("the three new VMs are in the snapshot: nothing is missing").isZero();
        assertThat(hotel.lists.get()).as("the resync lists nothing").isEqualTo(lists);
        assertThat(w.instances(g)).hasSize(3).allSatisfy(i -> assertThat(i.state()).isNotEqualTo(InstanceState.REQUESTED));
    }
}
