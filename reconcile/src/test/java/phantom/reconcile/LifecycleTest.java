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
import phantom.core.model.ActivityStatus;
import phantom.core.model.AdjustmentType;
import phantom.core.model.PolicyType;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScalingPolicy;
import phantom.driver.sim.SimVm;

/** Scale-in, lowered caps, dead and slow VMs, deletion. */
class LifecycleTest {
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
    void scale_in_removes_from_the_least_preferred_site_first() {
        w.site("hotel").site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:3,sierra:-1", 5);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 3L, "sierra", 2L));

        w.setDesired(g, 2);
        PassResult in = r.reconcileNow(g.id());

        assertThat(in.terminated()).isEqualTo(3);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 2L));
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 2L));
        List<ScalingActivity> terminations = w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: i-");
        assertThat(terminations).hasSize(3).allSatisfy(a -> assertThat(a.cause())
                .contains("an instance was taken out of service in response to a difference between desired and actual"
                        + " capacity, shrinking the capacity from 5 to 2"));
        assertThat(w.instances(g)).filteredOn(i -> i.state() == InstanceState.TERMINATED).hasSize(3);
        assertThat(r.reconcileNow(g.id()).terminated()).isZero();
    }

    @Test
    void a_lowered_cap_or_a_removed_site_terminates_what_no_longer_fits() {
        w.site("hotel").site("sierra").site("alamo");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:2,sierra:2,alamo:-1", 6);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("alamo", 2L, "hotel", 2L, "sierra", 2L));

        w.setClouds(g, "hotel:2,sierra:1,alamo:-1");
        PassResult lowered = r.reconcileNow(g.id());
        assertThat(lowered.terminated()).isEqualTo(1);
        assertThat(lowered.launched()).as("the place lost on sierra overflows to alamo").isEqualTo(1);
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("alamo", 3L, "hotel", 2L, "sierra", 1L));
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: ")).singleElement()
                .satisfies(a -> assertThat(a.cause()).contains("sierra is over its cap of 1"));

        w.setClouds(g, "hotel:2,sierra:1");
        PassResult removed = r.reconcileNow(g.id());
        assertThat(removed.terminated()).isEqualTo(3);
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 2L, "sierra", 1L));
        assertThat(removed.shortfall()).singleElement().asString().startsWith("wanted 6, sites can take 3 now");
    }

    @Test
    void a_vm_that_disappears_is_replaced_at_the_most_preferred_site_with_room() throws Exception {
        w.site("hotel").site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:2,sierra:-1", 3);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        SimVm victim = w.vms("hotel").getFirst();
        w.drivers.get("hotel").terminate(victim.cloudId(), CloudCredentials.NONE); // behind Phantom's back

        // The sim lists a terminated VM for an hour, as EC2 does; after that it is simply missing,
        // and past the grace for missing from the listing.
        w.clock.advance(Duration.ofMinutes(61));
        PassResult replaced = r.reconcileNow(g.id());

        assertThat(replaced.launched()).isEqualTo(1);
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 2L, "sierra", 1L));
        Instance gone = w.instances(g).stream().filter(i -> victim.cloudId().equals(i.cloudId())).findFirst().orElseThrow();
        assertThat(gone.state()).isEqualTo(InstanceState.TERMINATED);
        assertThat(gone.healthy()).isFalse();
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: " + victim.cloudId()))
                .singleElement().satisfies(a -> assertThat(a.cause())
                        .contains("health check on hotel: disappeared from hotel's listing"));
        assertThat(w.activities(g, ActivityStatus.Successful, "Launching a new EC2 instance: "))
                .filteredOn(a -> a.startTime().isAfter(w.clock.instant().minusSeconds(1))).singleElement()
                .satisfies(a -> assertThat(a.cause())
                        .contains("increasing the capacity from 2 to 3 (replacing 1 unhealthy instance) on hotel"));
    }

    @Test
    void a_vm_that_dies_is_terminated_and_replaced() {
        w.site("hotel", "death_rate_per_hour", 1.0).site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1,sierra:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        List<String> first = w.vms("hotel").stream().map(SimVm::cloudId).toList();

        w.clock.advance(Duration.ofDays(100)); // every VM of the first generation has died by now
        PassResult pass = r.reconcileNow(g.id());

        assertThat(pass.terminated()).isEqualTo(2);
        assertThat(pass.launched()).isEqualTo(2);
        assertThat(w.vms("hotel")).extracting(SimVm::cloudId).doesNotContainAnyElementsOf(first).hasSize(2);
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: ")).hasSize(2)
                .allSatisfy(a -> assertThat(a.cause()).contains("hotel reports the VM failed"));
    }

    @Test
    void a_vm_not_running_within_the_boot_timeout_is_replaced() {
        w.site("hotel", "boot_seconds", 3600).site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1,sierra:-1", 1);
        Reconciler r = w.reconciler();
        PassResult launched = r.reconcileNow(g.id());
        assertThat(launched.nextCheck()).as("plans again at once after acting").hasValue(w.clock.instant());
        assertThat(w.instances(g)).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(InstanceState.PENDING));
        assertThat(r.reconcileNow(g.id()).nextCheck())
                .as("then only the boot deadline: the VM is listed, so no grace applies, and the watcher wakes the group"
                        + " when the VM changes")
                .hasValue(w.instances(g).getFirst().createdTime().plus(World.SETTINGS.bootTimeout()));
        String slow = w.vms("hotel").getFirst().cloudId();

        w.clock.advance(Duration.ofSeconds(299));
        assertThat(r.reconcileNow(g.id()).terminated()).isZero();
        w.clock.advance(Duration.ofSeconds(1));
        PassResult replaced = r.reconcileNow(g.id());

        assertThat(replaced.terminated()).isEqualTo(1);
        assertThat(replaced.launched()).isEqualTo(1);
        assertThat(w.vms("hotel")).extracting(SimVm::cloudId).doesNotContain(slow).hasSize(1);
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: " + slow)).singleElement()
                .satisfies(a -> assertThat(a.cause()).contains("did not start within 300 s"));
    }

    @Test
    void an_instance_the_api_marked_terminating_is_terminated_and_its_activity_finished() {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        Instance victim = w.instances(g).getFirst();
        // What TerminateInstanceInAutoScalingGroup writes: the intent and an activity of its own.
        w.db.transaction(tx -> {
            tx.instances().update(victim.with(InstanceState.TERMINATING, "taken out of service in response to a user request",
                    w.clock.instant()));
            tx.activities().insert(new ScalingActivity(java.util.UUID.randomUUID().toString(), g.id(), g.owner(), g.name(),
                    "Terminating EC2 instance: " + victim.cloudId(), "a user request", w.clock.instant(), null,
                    ActivityStatus.InProgress, null, 0, "{}"));
            return null;
        });

        PassResult pass = r.reconcileNow(g.id());

        assertThat(pass.launched()).as("replaced").isEqualTo(1);
        assertThat(w.vms("hotel")).extracting(SimVm::cloudId).doesNotContain(victim.cloudId()).hasSize(2);
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: " + victim.cloudId())).hasSize(1);
        assertThat(w.activities(g, ActivityStatus.InProgress, "")).isEmpty();
    }

    @Test
    void a_mark_the_api_makes_during_a_pass_is_not_overwritten() {
        w.site("hotel", "boot_seconds", 10);
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 1);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        // The pass asks for the owner's credentials after it has read the instance rows: the mark lands then.
        java.util.concurrent.atomic.AtomicReference<Runnable> duringPass = new java.util.concurrent.atomic.AtomicReference<>();
        CredentialSource credentials = (owner, site) -> {
            Runnable mark = duringPass.getAndSet(null);
            if (mark != null) mark.run();
            return phantom.core.driver.CloudCredentials.NONE;
        };
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS, credentials);
        r.reconcileNow(g.id());
        Instance booting = w.instances(g).getFirst();
        assertThat(booting.state()).isEqualTo(InstanceState.PENDING);

        w.clock.advance(Duration.ofSeconds(10)); // the pass will see it running...
        hotel.beforeNextList = () -> duringPass.set(() -> w.db.transaction(tx -> { // ...while SetInstanceHealth marks it
            tx.instances().update(booting.unhealthy("marked unhealthy by a user", w.clock.instant()));
            return null;
        }));
        r.reconcileNow(g.id());
        assertThat(duringPass.get()).as("the mark was made during the pass").isNull();
        assertThat(w.instances(g)).singleElement().satisfies(i -> assertThat(i.healthy()).isFalse());

        PassResult next = r.reconcileNow(g.id());
        assertThat(next.terminated()).isEqualTo(1);
        assertThat(next.launched()).isEqualTo(1);
        assertThat(w.vms("hotel")).extracting(SimVm::cloudId).doesNotContain(booting.cloudId()).hasSize(1);
    }

    @Test
    void deleting_terminates_everything_then_removes_the_group() {
        w.site("hotel").site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:2,sierra:-1", 4);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        assertThat(w.vmsBySite(g)).hasSize(2);

        w.markDeleting(g);
        PassResult deleted = r.reconcileNow(g.id());

        assertThat(deleted.terminated()).isEqualTo(4);
        assertThat(deleted.groupExists()).isFalse();
        assertThat(w.exists(g)).isFalse();
        assertThat(w.vmsBySite(g)).isEmpty();
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: ")).hasSize(4)
                .allSatisfy(a -> assertThat(a.cause()).contains("because the group is being deleted"));
        assertThat(r.reconcileNow(g.id())).isEqualTo(PassResult.gone());
    }

    @Test
    void the_group_the_engine_removes_takes_its_scaling_policies_along() {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 2);
        Group other = w.group("other", "hotel:-1", 0);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        w.db.transaction(tx -> {
            tx.policies().put(new ScalingPolicy(g.id(), World.OWNER, "g", "up", "u-1", PolicyType.SimpleScaling,
                    AdjustmentType.ChangeInCapacity, null, 1, null, null, List.of(), null, true, World.T0));
            tx.policies().put(new ScalingPolicy(other.id(), World.OWNER, "other", "up", "u-2", PolicyType.SimpleScaling,
                    AdjustmentType.ChangeInCapacity, null, 1, null, null, List.of(), null, true, World.T0));
            return null;
        });

        w.markDeleting(g);
        assertThat(r.reconcileNow(g.id()).groupExists()).isFalse();

        List<ScalingPolicy> left = w.db.read(tx -> tx.policies().list(World.OWNER, null));
        assertThat(left).extracting(ScalingPolicy::uuid).containsExactly("u-2");
    }

    @Test
    void a_group_being_deleted_stays_while_a_terminate_call_fails() {
        w.site("hotel");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1", 1);
        w.reconciler().reconcileNow(g.id());

        FlakyTerminate flaky = new FlakyTerminate(w.drivers.get("hotel"));
        Reconciler r = w.reconciler(Map.of("hotel", flaky), World.SETTINGS);
        w.markDeleting(g);
        PassResult refused = r.reconcileNow(g.id());
        assertThat(refused.groupExists()).isTrue();
        assertThat(w.instances(g)).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(InstanceState.TERMINATING));
        assertThat(w.activities(g, ActivityStatus.InProgress, "Terminating EC2 instance: ")).singleElement()
                .satisfies(a -> assertThat(a.statusMessage()).isEqualTo("InternalError: try again (will retry)"));
        assertThat(refused.nextCheck()).isPresent();

        flaky.fail = false;
        PassResult retried = r.reconcileNow(g.id());
        assertThat(retried.groupExists()).isFalse();
        assertThat(w.vms("hotel")).isEmpty();
        assertThat(w.activities(g, ActivityStatus.Successful, "Terminating EC2 instance: ")).hasSize(1);
    }

    /** The sim, except that terminate fails (TRANSIENT) while {@link #fail} is set. */
    static final class FlakyTerminate implements phantom.core.driver.CloudDriver {
        private final phantom.core.driver.CloudDriver inner;
        volatile boolean fail = true;

        FlakyTerminate(phantom.core.driver.CloudDriver inner) {
            this.inner = inner;
        }

        @Override
        public phantom.core.driver.CloudInstance launch(phantom.core.driver.LaunchSpec spec, CloudCredentials c)
                throws phantom.core.driver.CloudFault {
            return inner.launch(spec, c);
        }

        @Override
        public void terminate(String cloudId, CloudCredentials c) throws phantom.core.driver.CloudFault {
            if (fail) throw new phantom.core.driver.CloudFault(phantom.core.driver.FaultClass.TRANSIENT, "InternalError", "try again");
            inner.terminate(cloudId, c);
        }

        @Override
        public List<phantom.core.driver.CloudInstance> list(CloudCredentials c) throws phantom.core.driver.CloudFault {
            return inner.list(c);
        }

        @Override
        public phantom.core.driver.Capabilities capabilities() {
            return inner.capabilities();
        }
    }
}
