package phantom.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.ManualClock;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/** Many threads on one site: capacity and quota exactly reached and never exceeded, one VM per token, latency overlapping. */
class SimConcurrencyTest {
    private static final CloudCredentials NONE = CloudCredentials.NONE;
    private static final int THREADS = 32;

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    private CloudDriver site(Map<String, Object> options) {
        return new SimDriverFactory().create("hotel", options, dataDir, clock);
    }

    private static LaunchSpec spec(String owner, String token) {
        return new LaunchSpec(token, "group-1", owner, "web", "ami-sim", "m1.small", null, List.of(), null, Map.of());
    }

    /** Every task starts at once (a latch), each of 4 drivers of the site launching tokens that others race for. */
    @RepeatedTest(3)
    void capacity_is_reached_exactly_and_a_token_never_starts_two_vms() throws Exception {
        List<CloudDriver> drivers = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            drivers.add(site(Map.of("capacity", 50, "api_latency_ms", 1)));
        }
        int tokens = 120;
        int launches = 3 * tokens; // each token launched three times, from different threads and drivers
        CountDownLatch start = new CountDownLatch(1);
        Map<String, String> idOfToken = new ConcurrentHashMap<>();
        AtomicInteger full = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int i = 0; i < launches; i++) {
                CloudDriver driver = drivers.get(i % drivers.size());
                String token = "ph-" + (i % tokens);
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        CloudInstance vm = driver.launch(spec("alice", token), NONE);
                        String before = idOfToken.putIfAbsent(token, vm.cloudId());
                        assertThat(before).as("the id returned for " + token).isIn(null, vm.cloudId());
                    } catch (CloudFault f) {
                        assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY);
                        full.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        List<SimVm> all = SimCloud.open(dataDir, "hotel").all();
        assertThat(all).hasSize(50);
        assertThat(new HashSet<>(all.stream().map(SimVm::token).toList())).hasSize(50);
        assertThat(new HashSet<>(all.stream().map(SimVm::cloudId).toList())).hasSize(50);
        assertThat(idOfToken).hasSize(50);
        all.forEach(vm -> assertThat(idOfToken).containsEntry(vm.token(), vm.cloudId()));
        assertThat(full.get()).as("launches refused for capacity").isEqualTo(3 * (tokens - 50));
    }

    @Test
    void each_owners_quota_holds_under_concurrent_launches() throws Exception {
        CloudDriver hotel = site(Map.of("capacity", -1, "quota", 7));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int i = 0; i < 200; i++) {
                String owner = "owner-" + (i % 5);
                String token = "ph-" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        hotel.launch(spec(owner, token), NONE);
                    } catch (CloudFault f) {
                        assertThat(f.faultClass()).isEqualTo(FaultClass.QUOTA);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        Map<String, Integer> perOwner = new HashMap<>();
        SimCloud.open(dataDir, "hotel").live().forEach(vm -> perOwner.merge(vm.owner(), 1, Integer::sum));
        assertThat(perOwner).hasSize(5).allSatisfy((owner, n) -> assertThat(n).as(owner).isEqualTo(7));
    }

    /**
     * The latency is a wait outside the site's lock, as a real cloud's: 32 launches of 300 ms each,
     * from 32 threads, overlap. Serialised they would take 9.6 s; the bound below is half that, far
     * from both, so a loaded machine does not make it flaky.
     */
    @Test
    void api_latency_is_spent_concurrently() throws Exception {
        CloudDriver slow = site(Map.of("capacity", -1, "api_latency_ms", 300));
        slow.list(NONE); // opens the site's files
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        long began;
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int i = 0; i < THREADS; i++) {
                String token = "ph-" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    return slow.launch(spec("alice", token), NONE);
                }));
            }
            began = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(THREADS * 300 / 2));
        assertThat(SimCloud.open(dataDir, "hotel").all()).hasSize(THREADS);
    }
}
