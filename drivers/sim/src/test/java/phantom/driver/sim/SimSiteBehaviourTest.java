package phantom.driver.sim;

import phantom.core.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/** The simulated site's behaviour under a clock the test controls: boot, capacity, quota, injected faults, deaths. */
class SimSiteBehaviourTest {
    private static final CloudCredentials NONE = CloudCredentials.NONE;

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private int tokens;

    private CloudDriver site(String name, Map<String, Object> options) {
        return new SimDriverFactory().create(name, options, dataDir, clock);
    }

    private CloudDriver site(Map<String, Object> options) {
        return site("hotel", options);
    }

    private LaunchSpec spec(String owner) {
        return spec(owner, "ph-" + (++tokens));
    }

    private static LaunchSpec spec(String owner, String token) {
        return new LaunchSpec(token, "group-1", owner, "web", "ami-sim", "m1.small", null, List.of(), null, Map.of());
    }

    /** The listed VMs that are not terminated (terminated ones stay listed for an hour). */
    private static List<CloudInstance> notTerminated(CloudDriver driver) throws CloudFault {
        return driver.list(NONE).stream().filter(i -> i.state() != CloudState.TERMINATED).toList();
    }

    private static CloudState stateOf(CloudDriver driver, String cloudId) throws CloudFault {
        return driver.list(NONE).stream().filter(i -> i.cloudId().equals(cloudId)).findFirst().orElseThrow().state();
    }

    @Test
    void a_vm_is_pending_for_boot_seconds_then_running() throws Exception {
        CloudDriver hotel = site(Map.of("boot_seconds", 30));
        CloudInstance vm = hotel.launch(spec("alice"), NONE);
        assertThat(vm.state()).isEqualTo(CloudState.PENDING);

        clock.advance(Duration.ofMillis(29_999));
        assertThat(stateOf(hotel, vm.cloudId())).isEqualTo(CloudState.PENDING);

        clock.advance(Duration.ofMillis(1));
        assertThat(stateOf(hotel, vm.cloudId())).isEqualTo(CloudState.RUNNING);
    }

    @Test
    void fractional_and_zero_boot_times() throws Exception {
        CloudDriver quick = site("quick", Map.of("boot_seconds", 0));
        assertThat(quick.launch(spec("alice"), NONE).state()).isEqualTo(CloudState.RUNNING);

        CloudDriver half = site("half", Map.of("boot_seconds", 0.5));
        CloudInstance vm = half.launch(spec("alice"), NONE);
        clock.advance(Duration.ofMillis(499));
        assertThat(stateOf(half, vm.cloudId())).isEqualTo(CloudState.PENDING);
        clock.advance(Duration.ofMillis(1));
        assertThat(stateOf(half, vm.cloudId())).isEqualTo(CloudState.RUNNING);
    }

    @Test
    void the_default_boot_time_is_five_seconds() throws Exception {
        CloudDriver hotel = site(Map.of());
        CloudInstance vm = hotel.launch(spec("alice"), NONE);
        clock.advance(Duration.ofMillis(4_999));
        assertThat(stateOf(hotel, vm.cloudId())).isEqualTo(CloudState.PENDING);
        clock.advance(Duration.ofMillis(1));
        assertThat(stateOf(hotel, vm.cloudId())).isEqualTo(CloudState.RUNNING);
    }

    @Test
    void launches_beyond_capacity_fail_and_terminating_makes_room() throws Exception {
        CloudDriver hotel = site(Map.of("capacity", 3));
        List<CloudInstance> vms = new ArrayList<>();
        for (String owner : List.of("alice", "bob", "carol")) {
            vms.add(hotel.launch(spec(owner), NONE));
        }

        assertThatThrownBy(() -> hotel.launch(spec("dave"), NONE)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY);
            assertThat(f.code()).isEqualTo("InsufficientInstanceCapacity");
            assertThat(f.getMessage()).contains("hotel").contains("3");
        });
        assertThat(SimCloud.open(dataDir, "hotel").all()).hasSize(3);

        hotel.terminate(vms.get(1).cloudId(), NONE);
        assertThat(hotel.launch(spec("dave"), NONE).state()).isEqualTo(CloudState.PENDING);
        assertThat(notTerminated(hotel)).hasSize(3);
    }

    @Test
    void the_default_capacity_is_sixteen() throws Exception {
        CloudDriver hotel = site(Map.of());
        for (int i = 0; i < 16; i++) {
            hotel.launch(spec("alice"), NONE);
        }
        assertThatThrownBy(() -> hotel.launch(spec("alice"), NONE))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY));
    }

    @Test
    void capacity_zero_holds_nothing_and_minus_one_has_no_limit() throws Exception {
        CloudDriver none = site("none", Map.of("capacity", 0));
        assertThatThrownBy(() -> none.launch(spec("alice"), NONE))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY));

        CloudDriver unlimited = site("unlimited", Map.of("capacity", -1));
        for (int i = 0; i < 20; i++) {
            unlimited.launch(spec("alice"), NONE);
        }
        assertThat(unlimited.list(NONE)).hasSize(20);
    }

    @Test
    void a_repeated_token_is_returned_even_when_the_site_is_full() throws Exception {
        CloudDriver hotel = site(Map.of("capacity", 1));
        CloudInstance vm = hotel.launch(spec("alice", "ph-same"), NONE);
        assertThat(hotel.launch(spec("alice", "ph-same"), NONE).cloudId()).isEqualTo(vm.cloudId());
    }

    @Test
    void each_owner_has_a_quota_and_terminating_gives_it_back() throws Exception {
        CloudDriver hotel = site(Map.of("capacity", 10, "quota", 2));
        CloudInstance first = hotel.launch(spec("alice"), NONE);
        hotel.launch(spec("alice"), NONE);

        assertThatThrownBy(() -> hotel.launch(spec("alice"), NONE)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.QUOTA);
            assertThat(f.code()).isEqualTo("InstanceLimitExceeded");
            assertThat(f.getMessage()).contains("2").contains("alice").contains("hotel");
        });
        hotel.launch(spec("bob"), NONE);
        hotel.launch(spec("bob"), NONE);

        hotel.terminate(first.cloudId(), NONE);
        hotel.launch(spec("alice"), NONE);
        assertThat(notTerminated(hotel)).hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({
        "capacity, CAPACITY, InsufficientInstanceCapacity",
        "quota, QUOTA, InstanceLimitExceeded",
        "config, CONFIG, InvalidParameterValue",
        "TRANSIENT, TRANSIENT, InternalError",
    })
    void an_error_rate_of_one_fails_every_launch_with_the_configured_class(
            String configured, FaultClass expected, String code) {
        CloudDriver hotel = site(Map.of("launch_error_rate", 1.0, "launch_error_class", configured));
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> hotel.launch(spec("alice"), NONE)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(expected);
                assertThat(f.code()).isEqualTo(code);
                assertThat(f.getMessage()).contains("hotel").contains("launch_error_rate");
            });
        }
        assertThat(SimCloud.open(dataDir, "hotel").all()).isEmpty();
    }

    @Test
    void injected_failures_are_transient_by_default_and_an_error_rate_of_zero_never_fails() throws Exception {
        CloudDriver failing = site("failing", Map.of("launch_error_rate", 1));
        assertThatThrownBy(() -> failing.launch(spec("alice"), NONE))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.faultClass()).isEqualTo(FaultClass.TRANSIENT));

        CloudDriver healthy = site("healthy", Map.of("launch_error_rate", 0.0, "capacity", -1));
        for (int i = 0; i < 30; i++) {
            healthy.launch(spec("alice"), NONE);
        }
        assertThat(healthy.list(NONE)).hasSize(30);
    }

    @Test
    void a_partial_error_rate_fails_some_launches_and_a_retry_can_succeed() throws Exception {
        CloudDriver hotel = site(Map.of("launch_error_rate", 0.3, "capacity", -1, "seed", 7));
        int failures = 0;
        for (int i = 0; i < 40; i++) {
            String token = "ph-" + i;
            for (int attempt = 0; ; attempt++) {
                try {
                    hotel.launch(spec("alice", token), NONE);
                    break;
                } catch (CloudFault f) {
                    failures++;
                    assertThat(attempt).as("retries of one token").isLessThan(10);
                }
            }
        }
        // 40 successes, failures before each geometric with p = 0.3: expect ~17 (DiceTest checks the rate closely)
        assertThat(failures).isBetween(5, 35);
        assertThat(hotel.list(NONE)).hasSize(40);
    }

    private List<SimVm> launchMany(String site, Map<String, Object> options, int count) throws CloudFault {
        CloudDriver driver = site(site, options);
        for (int i = 0; i < count; i++) {
            driver.launch(spec("alice", "ph-" + i), NONE);
        }
        return SimCloud.open(dataDir, site).all();
    }

    @Test
    void deaths_repeat_under_the_same_seed_and_differ_under_another() throws Exception {
        Map<String, Object> options = Map.of("death_rate_per_hour", 2, "capacity", -1, "seed", 42);
        Map<String, Object> other = new HashMap<>(options);
        other.put("seed", 43);

        List<SimVm> a = launchMany("a", options, 20);
        List<SimVm> b = launchMany("b", options, 20);
        List<SimVm> c = launchMany("c", other, 20);

        assertThat(a).extracting(SimVm::diesAt).doesNotContainNull().isEqualTo(b.stream().map(SimVm::diesAt).toList());
        assertThat(c).extracting(SimVm::diesAt).isNotEqualTo(a.stream().map(SimVm::diesAt).toList());
        // ids mix in each site's salt, so two sites sharing a seed do not share ids
        assertThat(a).extracting(SimVm::cloudId).doesNotContainAnyElementsOf(b.stream().map(SimVm::cloudId).toList());
    }

    @Test
    void about_the_expected_number_of_vms_die_and_show_failed_until_terminated() throws Exception {
        CloudDriver hotel = site(Map.of("death_rate_per_hour", 1.0, "capacity", -1, "boot_seconds", 0));
        for (int i = 0; i < 60; i++) {
            hotel.launch(spec("alice"), NONE);
        }
        assertThat(hotel.list(NONE)).allSatisfy(i -> assertThat(i.state()).isEqualTo(CloudState.RUNNING));

        clock.advance(Duration.ofHours(1));
        List<CloudInstance> dead = hotel.list(NONE).stream().filter(i -> i.state() == CloudState.FAILED).toList();
        // P(dead within an hour) = 1 - e^-1 = 0.632: expect ~38 of 60, standard deviation ~3.7
        // (DiceTest checks the distribution over many more draws)
        assertThat(dead).hasSizeBetween(25, 51);
        assertThat(hotel.list(NONE)).hasSize(60);

        for (CloudInstance vm : dead) {
            hotel.terminate(vm.cloudId(), NONE);
        }
        assertThat(notTerminated(hotel)).hasSize(60 - dead.size()).noneMatch(i -> i.state() == CloudState.FAILED);
        assertThat(hotel.list(NONE)).hasSize(60).filteredOn(i -> i.state() == CloudState.TERMINATED)
                .extracting(CloudInstance::cloudId).containsExactlyInAnyOrderElementsOf(dead.stream().map(CloudInstance::cloudId).toList());
    }

    @Test
    void dead_vms_hold_their_place_in_the_capacity_until_terminated() throws Exception {
        CloudDriver hotel = site(Map.of("death_rate_per_hour", 1000, "capacity", 1));
        CloudInstance vm = hotel.launch(spec("alice"), NONE);
        clock.advance(Duration.ofDays(1));
        assertThat(stateOf(hotel, vm.cloudId())).isEqualTo(CloudState.FAILED);
        assertThatThrownBy(() -> hotel.launch(spec("alice"), NONE)).isInstanceOf(CloudFault.class);

        hotel.terminate(vm.cloudId(), NONE);
        hotel.launch(spec("alice"), NONE);
    }

    @Test
    void without_a_death_rate_nothing_dies() throws Exception {
        CloudDriver hotel = site(Map.of());
        hotel.launch(spec("alice"), NONE);
        clock.advance(Duration.ofDays(3650));
        assertThat(hotel.list(NONE)).extracting(CloudInstance::state).containsExactly(CloudState.RUNNING);
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::diesAt).containsOnlyNulls();
    }

    @Test
    void concurrent_launches_from_two_drivers_of_one_site_never_overfill_it() throws Exception {
        CloudDriver one = site(Map.of("capacity", 20));
        CloudDriver two = site(Map.of("capacity", 20));
        AtomicInteger full = new AtomicInteger();
        List<Future<CloudInstance>> launched = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 60; i++) {
                CloudDriver driver = i % 2 == 0 ? one : two;
                LaunchSpec spec = spec("alice", "ph-" + (i % 40)); // 20 tokens launched twice
                launched.add(pool.submit(() -> {
                    try {
                        return driver.launch(spec, NONE);
                    } catch (CloudFault f) {
                        assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY);
                        full.incrementAndGet();
                        return null;
                    }
                }));
            }
            for (Future<CloudInstance> f : launched) {
                f.get();
            }
        }
        List<SimVm> all = SimCloud.open(dataDir, "hotel").all();
        assertThat(all).hasSize(20);
        assertThat(new HashSet<>(all.stream().map(SimVm::cloudId).toList())).hasSize(20);
        assertThat(new HashSet<>(all.stream().map(SimVm::token).toList())).hasSize(20);
        assertThat(full.get()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void api_latency_delays_each_call() throws Exception {
        CloudDriver slow = site(Map.of("api_latency_ms", 20));
        long start = System.nanoTime();
        slow.list(NONE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }
}
