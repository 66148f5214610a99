package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import phantom.core.ManualClock;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/** The watcher on its own, over a cloud the test writes, on a clock the test moves. */
class SiteWatcherTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String A = phantom.core.model.Installation.newGroupUuid("12345678");
    private static final String B = phantom.core.model.Installation.newGroupUuid("12345678");
    /** Another installation's group, sharing the account. */
    private static final String OTHER = phantom.core.model.Installation.newGroupUuid("87654321");
    private static final Duration EVERY = Duration.ofSeconds(2);

    private final ManualClock clock = new ManualClock(T0);
    private final SiteLanes lanes = new SiteLanes(4, Duration.ofSeconds(5));
    private final List<Set<String>> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        lanes.close();
    }

    /** A cloud whose listing is what the test puts in it; it can fail, or run a hook while it lists. */
    static final class FakeCloud implements CloudDriver {
        final Map<String, CloudInstance> vms = new ConcurrentHashMap<>();
        volatile boolean failing;
        volatile Runnable whileListing;
        volatile int lists;

        void put(String cloudId, String group, CloudState state) {
            vms.put(cloudId, new CloudInstance(cloudId, "ph-" + cloudId, group, state, "m1.small", T0));
        }

        @Override
        public CloudInstance launch(LaunchSpec spec, CloudCredentials c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void terminate(String cloudId, CloudCredentials c) {
            vms.remove(cloudId);
        }

        @Override
        public List<CloudInstance> list(CloudCredentials c) throws CloudFault {
            lists++;
            if (failing) throw new CloudFault(FaultClass.TRANSIENT, "RequestLimitExceeded", "slow down");
            List<CloudInstance> out = List.copyOf(vms.values()); // the listing is taken here...
            Runnable hook = whileListing;
            whileListing = null;
            if (hook != null) hook.run(); // ...and returns after the hook
            return out;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(true, List.of());
        }
    }

    private SiteWatcher watcher(String site, FakeCloud cloud) {
        return new SiteWatcher(new SiteWatcher.Key(site, CloudCredentials.NONE), cloud, lanes, clock, () -> "12345678",
                EVERY, events::add);
    }

    private static Instance row(String cloudId, String site) {
        return new Instance("ph-" + cloudId, 1, site, cloudId, InstanceState.PENDING, true, null, "web", "m1.small",
                "ami", T0, T0);
    }

    private static List<String> ids(Optional<SiteWatcher.Slice> s) {
        return s.orElseThrow().vms().stream().map(CloudInstance::cloudId).sorted().toList();
    }

    @Test
    void a_launch_written_through_survives_a_listing_that_started_before_it_and_gives_way_to_a_later_one()
            throws Exception {
        FakeCloud cloud = new FakeCloud();
        cloud.put("i-1", A, CloudState.RUNNING);
        SiteWatcher w = watcher("hotel", cloud);
        w.watchNow();
        CloudInstance launched = new CloudInstance("i-2", "ph-i-2", A, CloudState.PENDING, "m1.small", T0);
        cloud.whileListing = () -> w.launched(launched); // the launch returns while a listing is under way

        w.watchNow();

        assertThat(ids(w.slice(A, List.of()))).as("the listing predates the launch: the launch stands")
                .containsExactly("i-1", "i-2");
        w.watchNow(); // started after the write, and the cloud (still) does not show i-2
        assertThat(ids(w.slice(A, List.of()))).as("a listing that started later is the truth").containsExactly("i-1");
    }

    @Test
    void while_a_vm_boots_the_site_is_listed_four_times_as_often() throws Exception {
        FakeCloud cloud = new FakeCloud();
        cloud.put("i-1", A, CloudState.RUNNING);
        SiteWatcher w = watcher("hotel", cloud);
        assertThat(w.watchNow()).as("all running").isEqualTo(EVERY);
        cloud.put("i-2", A, CloudState.PENDING);
        assertThat(w.watchNow()).as("one booting").isEqualTo(Duration.ofMillis(500));
        cloud.put("i-2", A, CloudState.RUNNING);
        assertThat(w.watchNow()).as("booted").isEqualTo(EVERY);
        SiteWatcher fast = new SiteWatcher(new SiteWatcher.Key("fast", CloudCredentials.NONE), cloud, lanes, clock,
                () -> "12345678", Duration.ofMillis(100), events::add);
        cloud.put("i-3", A, CloudState.PENDING);
        assertThat(fast.watchNow()).as("never more often than the interval itself").isEqualTo(Duration.ofMillis(100));
        assertThat(new SiteWatcher(new SiteWatcher.Key("mid", CloudCredentials.NONE), cloud, lanes, clock,
                () -> "12345678", Duration.ofMillis(600), events::add).watchNow())
                .as("never under 250 ms").isEqualTo(SiteWatcher.SOONEST);
    }

    @Test
    void a_launch_of_a_booting_vm_brings_the_next_listing_forward_to_the_booting_pace() throws Exception {
        FakeCloud cloud = new FakeCloud();
        cloud.put("i-1", A, CloudState.RUNNING);
        Duration minute = Duration.ofMinutes(1);
        SiteWatchers all = new SiteWatchers(Map.of("hotel", cloud), Map.of("hotel", minute), minute, lanes, clock,
                () -> "12345678", events::add);
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        var tasks = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            SiteWatcher.Key key = new SiteWatcher.Key("hotel", CloudCredentials.NONE);
            SiteWatcher w = all.watcher(key);
            w.watchNow();
            all.start(scheduler, tasks);
            assertThat(all.nextListingIn(key)).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(50)));
            SiteLaunch hotel = new SiteLaunch("hotel", cloud, CloudCredentials.NONE, null, "fp");
            all.launched(hotel, new CloudInstance("i-2", "ph-i-2", A, CloudState.RUNNING, "m1.small", T0));
            assertThat(all.nextListingIn(key)).as("a VM already running changes nothing")
                    .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(50)));
            all.launched(hotel, new CloudInstance("i-3", "ph-i-3", A, CloudState.PENDING, "m1.small", T0));
            assertThat(all.nextListingIn(key)).as("a quarter of the interval")
                    .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(w.whileBooting()).isGreaterThan(Duration.ofSeconds(10)));
        } finally {
            all.close();
            scheduler.shutdownNow();
            tasks.shutdownNow();
        }
    }

    @Test
    void a_termination_written_through_survives_a_stale_listing() throws Exception {
        FakeCloud cloud = new FakeCloud();
        cloud.put("i-1", A, CloudState.RUNNING);
        SiteWatcher w = watcher("hotel", cloud);
        w.watchNow();
        cloud.whileListing = () -> w.terminated("i-1"); // the listing still shows i-1 running

        w.watchNow();

        assertThat(w.slice(A, List.of()).orElseThrow().vms()).singleElement()
                .satisfies(vm -> assertThat(vm.state()).isEqualTo(CloudState.TERMINATED));
        assertThat(events).as("the write-through was no change seen in the cloud").isEmpty();
    }

    @Test
    void a_change_wakes_only_the_group_it_concerns() throws Exception {
        FakeCloud cloud = new FakeCloud();
        cloud.put("i-a", A, CloudState.PENDING);
        cloud.put("i-b", B, CloudState.RUNNING);
        SiteWatcher w = watcher("hotel", cloud);
        w.watchNow();
        w.watchNow();
        assertThat(events).as("nothing changed").isEmpty();

        cloud.put("i-a", A, CloudState.RUNNING);
        w.watchNow();
        assertThat(events).containsExactly(Set.of(A));

        cloud.vms.remove("i-b");
        w.watchNow();
        assertThat(events).containsExactly(Set.of(A), Set.of(B));
        cloud.put("i-b2", B, CloudState.PENDING);
        cloud.put("i-a", A, CloudState.TERMINATED);
        w.watchNow();
        assertThat(events.getLast()).isEqualTo(Set.of(A, B));
    }

    @Test
    void a_slice_holds_the_groups_vms_by_tag_and_its_instances_by_cloud_id_and_token() throws Exception {
        FakeCloud cloud = new FakeCloud();
        cloud.put("i-a", A, CloudState.RUNNING);
        cloud.put("i-b", B, CloudState.RUNNING);
        // Tagged with another group, but the cloud id or the token is one of A's instances'.
        cloud.vms.put("i-by-id", new CloudInstance("i-by-id", "ph-x", B, CloudState.RUNNING, "m1.small", T0));
        cloud.vms.put("i-tok", new CloudInstance("i-tok", "ph-mine", B, CloudState.PENDING, "m1.small", T0));
        cloud.put("i-other", OTHER, CloudState.RUNNING);
        SiteWatcher w = watcher("hotel", cloud);
        w.watchNow();
        Instance requested = new Instance("ph-mine", 1, "hotel", null, InstanceState.REQUESTED, true, null, "web",
                "m1.small", "ami", T0, T0);

        assertThat(ids(w.slice(A, List.of(row("i-by-id", "hotel"), requested, row("i-b", "sierra")))))
                .as("the row on sierra is not hotel's").containsExactly("i-a", "i-by-id", "i-tok");
        assertThat(w.view().orElseThrow()).extracting(CloudInstance::cloudId)
                .as("only this installation's VMs are watched").doesNotContain("i-other").hasSize(4);
        assertThat(w.slice(A, List.of()).orElseThrow().listedAt()).isEqualTo(T0);
    }

    @Test
    void a_failed_listing_makes_the_snapshot_unknown_and_backs_off_that_site_alone() throws Exception {
        FakeCloud hotelCloud = new FakeCloud();
        FakeCloud sierraCloud = new FakeCloud();
        hotelCloud.put("i-h", A, CloudState.RUNNING);
        sierraCloud.put("i-s", A, CloudState.RUNNING);
        SiteWatcher hotel = watcher("hotel", hotelCloud);
        SiteWatcher sierra = watcher("sierra", sierraCloud);
        assertThat(hotel.slice(A, List.of())).as("no listing yet: unknown").isEmpty();
        assertThat(hotel.watchNow()).isEqualTo(EVERY);
        sierra.watchNow();

        hotelCloud.failing = true;
        assertThat(hotel.watchNow()).as("first failure").isEqualTo(EVERY.multipliedBy(2));
        assertThat(hotel.slice(A, List.of())).as("unknown while listing fails").isEmpty();
        assertThat(hotel.view()).isEmpty();
        assertThat(hotel.watchNow()).isEqualTo(EVERY.multipliedBy(4));
        for (int k = 0; k < 10; k++) hotel.watchNow();
        assertThat(hotel.watchNow()).as("bounded").isEqualTo(Duration.ofMinutes(1));
        assertThat(sierra.watchNow()).as("the other site keeps its pace").isEqualTo(EVERY);
        assertThat(ids(sierra.slice(A, List.of()))).containsExactly("i-s");

        hotelCloud.vms.remove("i-h"); // dies while hotel cannot be listed
        hotelCloud.failing = false;
        assertThat(hotel.watchNow()).as("a success resets the backoff").isEqualTo(EVERY);
        assertThat(ids(hotel.slice(A, List.of()))).isEmpty();
        assertThat(events).as("compared with the last good listing, the death still wakes its group")
                .containsExactly(Set.of(A));
    }
}
