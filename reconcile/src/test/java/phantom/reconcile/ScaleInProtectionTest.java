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
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/**
 * The engine on sim sites and a manual clock: VMs launched for a group that protects new VMs are
 * stored protected; scale in passes them over and says why, once; lifting the protection lets the
 * next pass take them; the group's termination policy picks within a site.
 */
class ScaleInProtectionTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
        w.launchConfiguration("web", "ami-good");
        w.site("hotel").site("sierra");
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private List<Instance> live(Group g) {
        return w.instances(g).stream().filter(Instance::live).toList();
    }

    @Test
    void protected_vms_stay_until_their_protection_is_lifted() {
        Group g = w.group("g", "hotel:-1", 3);
        w.change(g, cur -> cur.toBuilder().newInstancesProtectedFromScaleIn(true).build());
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        assertThat(live(g)).hasSize(3).allMatch(Instance::protectedFromScaleIn);

        w.setDesired(g, 1);
        PassResult held = r.reconcileNow(g.id());
        assertThat(held.terminated()).isZero();
        assertThat(held.shortfall()).singleElement().asString()
                .startsWith("wanted 1, keeping 3: 3 instances protected from scale in (i-");
        w.clock.advance(Duration.ofMinutes(1));
        r.reconcileNow(g.id());
        assertThat(w.activities(g, ActivityStatus.Failed, ScalingActivities.SHORTFALL)).as("said once").hasSize(1);
        assertThat(w.vms("hotel")).hasSize(3);

        Instance freed = live(g).getFirst();
        w.db.transaction(tx -> {
            tx.instances().update(freed.withProtection(false, w.clock.instant()));
            return null;
        });
        PassResult shrunk = r.reconcileNow(g.id());
        assertThat(shrunk.terminated()).isEqualTo(1);
        assertThat(w.instances(g)).filteredOn(i -> i.id().equals(freed.id()))
                .singleElement().extracting(Instance::state).isEqualTo(InstanceState.TERMINATED);
        assertThat(live(g)).hasSize(2).allMatch(Instance::protectedFromScaleIn);
    }

    @Test
    void the_least_preferred_site_keeps_its_protected_vm_and_a_preferred_one_gives_one_up() {
        Group g = w.group("g", "hotel:1,sierra:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 1L, "sierra", 1L));
        assertThat(live(g)).noneMatch(Instance::protectedFromScaleIn);
        Instance onSierra = live(g).stream().filter(i -> i.site().equals("sierra")).findFirst().orElseThrow();
        w.db.transaction(tx -> {
            tx.instances().update(onSierra.withProtection(true, w.clock.instant()));
            return null;
        });

        w.setDesired(g, 1);
        r.reconcileNow(g.id());

        assertThat(live(g)).extracting(Instance::id).containsExactly(onSierra.id());
    }

    @Test
    void the_termination_policy_orders_a_sites_vms() {
        Group g = w.group("g", "hotel:-1", 1);
        w.change(g, cur -> cur.toBuilder().terminationPolicies(List.of("OldestInstance")).build());
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        Instance first = live(g).getFirst();
        w.clock.advance(Duration.ofMinutes(10));
        w.setDesired(g, 2);
        r.reconcileNow(g.id());
        w.setDesired(g, 1);
        r.reconcileNow(g.id());

        assertThat(live(g)).singleElement().satisfies(i -> assertThat(i.id()).isNotEqualTo(first.id()));

        w.change(g, cur -> cur.toBuilder().terminationPolicies(List.of("NewestInstance")).build());
        Instance kept = live(g).getFirst();
        w.clock.advance(Duration.ofMinutes(10));
        w.setDesired(g, 2);
        r.reconcileNow(g.id());
        w.setDesired(g, 1);
        r.reconcileNow(g.id());

        assertThat(live(g)).extracting(Instance::id).containsExactly(kept.id());
    }
}
