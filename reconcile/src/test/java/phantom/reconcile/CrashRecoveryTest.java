package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.LaunchSpec;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Installation;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.driver.sim.SimVm;

/** After a crash: launches adopted or re-issued with their token, orphans swept, in-flight launches spared. */
class CrashRecoveryTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir).site("hotel").site("sierra");
        w.launchConfiguration("web", "ami-good");
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    /** What Phantom writes before a launch call, as if it died right after the call. */
    private Instance intent(Group g, String site) {
        Instance i = new Instance("ph-crash-" + site, g.id(), site, null, InstanceState.REQUESTED, true, null, "web",
                "m1.small", "ami-good", w.clock.instant(), w.clock.instant());
        w.db.transaction(tx -> {
            tx.instances().insert(i);
            tx.activities().insert(ScalingActivities.launching(g, i, "an instance was started", w.clock.instant()));
            return null;
        });
        return i;
    }

    private CloudInstance launchDirectly(Group g, String site, String token) throws CloudFault {
        return w.drivers.get(site).launch(new LaunchSpec(token, g.uuid(), g.owner(), g.name(), "ami-good", "m1.small",
                null, null, null, Map.of()), CloudCredentials.NONE);
    }

    @Test
    void a_vm_launched_before_the_crash_is_adopted_not_duplicated() throws Exception {
        Group g = w.group("g", "hotel:-1", 1);
        Instance i = intent(g, "hotel");
        CloudInstance vm = launchDirectly(g, "hotel", i.id());

        PassResult pass = w.reconciler().reconcileNow(g.id());

        assertThat(pass.launched()).isZero();
        assertThat(w.vms("hotel")).singleElement().satisfies(v -> assertThat(v.cloudId()).isEqualTo(vm.cloudId()));
        assertThat(w.instances(g)).singleElement().satisfies(adopted -> {
            assertThat(adopted.id()).isEqualTo(i.id());
            assertThat(adopted.cloudId()).isEqualTo(vm.cloudId());
            assertThat(adopted.state()).isEqualTo(InstanceState.RUNNING);
        });
        assertThat(w.activities(g)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActivityStatus.Successful);
            assertThat(a.description()).isEqualTo("Launching a new EC2 instance: " + vm.cloudId());
        });
    }

    @Test
    void a_launch_lost_in_the_crash_is_issued_again_with_its_token_at_once_where_the_cloud_deduplicates() {
        Group g = w.group("g", "hotel:-1", 1);
        Instance i = intent(g, "hotel");
        assertThat(w.drivers.get("hotel").capabilities().idempotentLaunch()).isTrue();

        PassResult reissued = w.reconciler().reconcileNow(g.id());

        assertThat(reissued.launched()).isEqualTo(1);
        assertThat(w.vms("hotel")).singleElement().satisfies(v -> assertThat(v.token()).isEqualTo(i.id()));
        assertThat(w.instances(g)).singleElement().satisfies(row -> assertThat(row.state()).isEqualTo(InstanceState.RUNNING));
        assertThat(w.activities(g)).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(ActivityStatus.Successful));
    }

    @Test
    void elsewhere_a_lost_launch_is_issued_again_only_after_the_grace() {
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.capabilities = new phantom.core.driver.Capabilities(false, List.of());
        Group g = w.group("g", "hotel:-1", 1);
        Instance i = intent(g, "hotel");
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);

        PassResult early = r.reconcileNow(g.id());
        assertThat(early.launched()).as("the listing may lag behind a launch that happened").isZero();
        assertThat(w.vms("hotel")).isEmpty();
        assertThat(early.nextCheck()).hasValueSatisfying(
                t -> assertThat(t).isBeforeOrEqualTo(i.createdTime().plus(InstanceObservation_GRACE)));

        w.clock.advance(InstanceObservation_GRACE);
        assertThat(r.reconcileNow(g.id()).launched()).isEqualTo(1);
        assertThat(w.vms("hotel")).singleElement().satisfies(v -> assertThat(v.token()).isEqualTo(i.id()));
    }

    private static final Duration InstanceObservation_GRACE = phantom.core.policy.InstanceObservation.DEFAULT_GRACE;

    @Test
    void the_sweep_terminates_vms_of_unknown_groups_and_unknown_tokens_only() throws Exception {
        Group g = w.group("g", "hotel:-1,sierra:-1", 2);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        Group deleted = w.group("deleted", "sierra:-1", 0);
        CloudInstance ofDeletedGroup = launchDirectly(deleted, "sierra", "ph-of-a-deleted-group");
        w.db.transaction(tx -> tx.groups().delete(deleted.id()));
        CloudInstance unknownToken = launchDirectly(g, "hotel", "ph-never-recorded");
        Instance inFlight = intent(g, "sierra");
        CloudInstance inFlightVm = launchDirectly(g, "sierra", inFlight.id());

        r.sweepOrphansNow();

        assertThat(w.vms("hotel")).extracting(SimVm::cloudId).doesNotContain(unknownToken.cloudId()).hasSize(2);
        assertThat(w.vms("sierra")).extracting(SimVm::cloudId).doesNotContain(ofDeletedGroup.cloudId())
                .contains(inFlightVm.cloudId());
        assertThat(w.liveBySite(g)).as("the group's own instances are untouched").isEqualTo(Map.of("hotel", 2L, "sierra", 1L));
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 2L, "sierra", 1L));
    }

    @Test
    void vms_of_another_installation_sharing_the_account_are_left_alone() throws Exception {
        Group g = w.group("g", "hotel:-1", 1);
        Reconciler r = w.reconciler();
        r.reconcileNow(g.id());
        String ours = w.db.transaction(tx -> tx.installation().id(w.clock.instant()));
        String theirs = ours.equals("00000000") ? "11111111" : "00000000";
        CloudInstance foreign = w.drivers.get("hotel").launch(new LaunchSpec("ph-theirs", Installation.newGroupUuid(theirs),
                "bob", "web", "ami-good", "m1.small", null, null, null, Map.of()), CloudCredentials.NONE);

        r.sweepOrphansNow();

        assertThat(w.vms("hotel")).extracting(SimVm::cloudId).contains(foreign.cloudId()).hasSize(2);
    }

    @Test
    void a_launch_in_flight_during_a_sweep_is_not_an_orphan() throws Exception {
        Group g = w.group("g", "hotel:-1", 1);
        CountDownLatch launched = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CloudDriver hotel = w.drivers.get("hotel");
        CloudDriver slowToAnswer = new CloudDriver() {
            @Override
            public CloudInstance launch(LaunchSpec spec, CloudCredentials c) throws CloudFault {
                CloudInstance vm = hotel.launch(spec, c); // the VM exists, the answer is late
                launched.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return vm;
            }

            @Override
            public void terminate(String cloudId, CloudCredentials c) throws CloudFault {
                hotel.terminate(cloudId, c);
            }

            @Override
            public List<CloudInstance> list(CloudCredentials c) throws CloudFault {
                return hotel.list(c);
            }

            @Override
            public Capabilities capabilities() {
                return hotel.capabilities();
            }
        };
        Reconciler r = w.reconciler(Map.of("hotel", slowToAnswer), World.SETTINGS);

        CompletableFuture<PassResult> pass = CompletableFuture.supplyAsync(() -> r.reconcileNow(g.id()));
        assertThat(launched.await(10, TimeUnit.SECONDS)).isTrue();
        r.sweepOrphansNow();
        assertThat(w.vms("hotel")).as("the sweep spares the VM of a launch in flight").hasSize(1);
        release.countDown();

        assertThat(pass.get(10, TimeUnit.SECONDS).launched()).isEqualTo(1);
        assertThat(w.vms("hotel")).hasSize(1);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 1L));
    }

    @Test
    void a_launch_that_did_not_answer_in_time_but_started_a_vm_is_adopted_never_swept() throws Exception {
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.loseLaunchReplies = true;
        Group g = w.group("g", "hotel:-1", 1);
        Reconciler r = w.reconciler(Map.of("hotel", hotel), new ReconcilerSettings(Duration.ofMinutes(1),
                Duration.ofSeconds(300), 10, Duration.ofMillis(300)));

        PassResult timedOut = r.reconcileNow(g.id());
        assertThat(timedOut.launchFailures()).isEqualTo(1);
        assertThat(w.vms("hotel")).as("the cloud started the VM; its answer was lost").hasSize(1);
        assertThat(w.instances(g)).singleElement().satisfies(i -> {
            assertThat(i.state()).as("outcome unknown: the intent stays").isEqualTo(InstanceState.REQUESTED);
            assertThat(i.statusReason()).isEqualTo("RequestTimeout: launch on hotel did not answer within 300 ms");
        });
        assertThat(w.activities(g)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActivityStatus.InProgress);
            assertThat(a.statusMessage()).startsWith("RequestTimeout: launch on hotel did not answer within 300 ms");
        });

        r.sweepOrphansNow();
        assertThat(w.vms("hotel")).as("the sweep spares the VM of a launch whose row exists").hasSize(1);

        hotel.loseLaunchReplies = false;
        PassResult next = r.reconcileNow(g.id());
        assertThat(next.launched()).as("adopted, not launched again").isZero();
        assertThat(w.vms("hotel")).hasSize(1);
        assertThat(w.instances(g)).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(i.cloudId()).isEqualTo(w.vms("hotel").get(0).cloudId());
        });
        assertThat(w.activities(g)).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(ActivityStatus.Successful));
    }

    @Test
    void two_site_names_for_one_account_do_not_take_each_others_vms_for_orphans() throws Exception {
        CloudDriver account = w.drivers.get("hotel");
        Group g = w.group("g", "hotel:-1", 2);
        Reconciler r = w.reconciler(Map.of("hotel", account, "hotel-again", account), World.SETTINGS);
        r.reconcileNow(g.id());
        assertThat(w.vms("hotel")).hasSize(2);

        r.sweepOrphansNow();

        assertThat(w.vms("hotel")).as("hotel-again lists hotel's VMs; their rows say hotel").hasSize(2);
        assertThat(w.running(g)).isEqualTo(2);
    }

    @Test
    void where_the_cloud_does_not_deduplicate_a_vm_that_shows_up_within_the_grace_is_adopted_not_duplicated()
            throws Exception {
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.capabilities = new Capabilities(false, List.of());
        Group g = w.group("g", "hotel:-1", 1);
        Instance i = intent(g, "hotel");
        Reconciler r = w.reconciler(Map.of("hotel", hotel), World.SETTINGS);

        assertThat(r.reconcileNow(g.id()).launched()).as("within the grace: the listing may lag").isZero();
        CloudInstance late = launchDirectly(g, "hotel", i.id()); // the lost launch did happen, listed late
        w.clock.advance(Duration.ofSeconds(30));

        assertThat(r.reconcileNow(g.id()).launched()).isZero();
        w.clock.advance(InstanceObservation_GRACE);
        assertThat(r.reconcileNow(g.id()).launched()).isZero();
        assertThat(w.vms("hotel")).singleElement().satisfies(v -> assertThat(v.cloudId()).isEqualTo(late.cloudId()));
        assertThat(w.instances(g)).singleElement().satisfies(row -> assertThat(row.cloudId()).isEqualTo(late.cloudId()));
    }

    @Test
    void where_the_cloud_does_not_deduplicate_the_grace_counts_from_the_last_attempt() {
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        hotel.capabilities = new Capabilities(false, List.of());
        hotel.hangLaunches = true;
        Group g = w.group("g", "hotel:-1", 1);
        Instance i = intent(g, "hotel");
        Reconciler r = w.reconciler(Map.of("hotel", hotel), new ReconcilerSettings(Duration.ofMinutes(1),
                Duration.ofSeconds(300), 10, Duration.ofMillis(200)));
        Duration grace = GroupPass.grace(new ReconcilerSettings(Duration.ofMinutes(1), Duration.ofSeconds(300), 10,
                Duration.ofMillis(200)));

        w.clock.advance(grace);
        r.reconcileNow(g.id()); // the lost launch is issued again, and does not answer
        assertThat(hotel.launches.get()).isEqualTo(1);
        assertThat(w.instances(g)).singleElement().satisfies(row -> assertThat(row.state()).isEqualTo(InstanceState.REQUESTED));
        w.clock.advance(grace.minusSeconds(1));
        r.reconcileNow(g.id());
        assertThat(hotel.launches.get()).as("not again within the grace after the attempt").isEqualTo(1);

        hotel.hangLaunches = false;
        w.clock.advance(Duration.ofSeconds(1));
        assertThat(r.reconcileNow(g.id()).launched()).as("again, with the same token, once the grace is over").isEqualTo(1);
        assertThat(hotel.launches.get()).isEqualTo(2);
        assertThat(w.vms("hotel")).singleElement().satisfies(v -> assertThat(v.token()).isEqualTo(i.id()));
    }

    @Test
    void the_sweep_removes_only_old_finished_rows_never_an_intent_or_its_activity() throws Exception {
        Group g = w.group("g", "hotel:-1", 2);
        Instance waiting = intent(g, "hotel");
        Instance done = new Instance("ph-done", g.id(), "hotel", null, InstanceState.FAILED, true, "x", "web",
                "m1.small", "ami-good", w.clock.instant(), w.clock.instant());
        w.db.transaction(tx -> {
            tx.instances().insert(done);
            return null;
        });
        w.clock.advance(Duration.ofHours(3));

        w.reconciler().sweepOrphansNow();

        assertThat(w.instances(g)).extracting(Instance::id).containsExactly(waiting.id());
        assertThat(w.activities(g)).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(ActivityStatus.InProgress));
    }

    @Test
    void a_restarted_reconciler_converges_to_exactly_the_desired_count_with_no_orphan() throws Exception {
        Group g = w.group("g", "hotel:2,sierra:-1", 4);
        // Before the crash: two launches recorded, one of which reached the cloud; plus a VM of a
        // launch whose row is gone (as if its intent had rolled back).
        Instance reached = intent(g, "hotel");
        launchDirectly(g, "hotel", reached.id());
        intent(g, "sierra");
        launchDirectly(g, "sierra", "ph-without-row");
        w.clock.advance(Duration.ofSeconds(61));

        Reconciler restarted = w.reconciler();
        restarted.sweepOrphansNow();
        restarted.reconcileNow(g.id());
        restarted.reconcileNow(g.id());

        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 2L, "sierra", 2L));
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 2L, "sierra", 2L));
        assertThat(w.vms("sierra")).extracting(SimVm::token).doesNotContain("ph-without-row");
        assertThat(w.vms("hotel")).extracting(SimVm::token).contains(reached.id());
    }
}
