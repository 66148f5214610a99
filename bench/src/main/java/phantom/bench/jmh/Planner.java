package phantom.bench.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import phantom.core.driver.FaultClass;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.core.policy.GroupSpec;
import phantom.core.policy.OverflowPolicy;
import phantom.core.policy.Plan;

/**
 * {@link OverflowPolicy#plan} for one group of 10, 100 or 1,000 instances over 3 sites (caps N/2,
 * N/4, unbounded): most running, a few unhealthy, a few still booting, the second site in backoff
 * after a capacity error, and the group 5 short, so a pass both replaces and overflows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Planner {
    @Param({"10", "100", "1000"})
    public int instances;

    private GroupSpec spec;
    private List<Instance> observed;
    private Map<String, SiteHealth> health;
    private Instant now;

    @Setup
    public void setUp() {
        now = Instant.parse("2026-11-24T14:36:28Z");
        List<SitePreference> clouds = List.of(new SitePreference("hotel", instances / 2), new SitePreference("sierra", instances / 4),
                new SitePreference("foxtrot", SitePreference.UNBOUNDED));
        spec = new GroupSpec(1, "0000beef-0000-0000-0000-000000000001", instances, clouds, false, GroupSpec.DEFAULT_BOOT_TIMEOUT, Map.of(),
                List.of("Default"), Map.of());
        observed = new ArrayList<>();
        for (int i = 0; i < instances - 5; i++) {
            String site = i < instances / 2 ? "hotel" : i < instances * 3 / 4 ? "sierra" : "foxtrot";
            InstanceState state = i % 17 == 3 ? InstanceState.PENDING : InstanceState.RUNNING;
            boolean healthy = i % 29 != 7;
            Instant created = now.minusSeconds(600 - i % 500);
            observed.add(new Instance(String.format("pht-%05d", i), 1, site, String.format("i-%08x", i), state, healthy, null,
                    "web@" + site, "m1.small", "ami-1", created, created));
        }
        health = Map.of("sierra", new SiteHealth(1, "sierra", 1, FaultClass.CAPACITY, "InsufficientInstanceCapacity",
                now.plus(Duration.ofSeconds(30)), null, now));
    }

    @Benchmark
    public Plan plan() {
        return OverflowPolicy.plan(spec, observed, health, now);
    }
}
