package phantom.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.LaunchSpec;
import phantom.driver.sim.SimDriverFactory;

/**
 * One sim site holding {@code size} VMs (filled before measuring, from 64 threads): the cost of a
 * launch (one thread, and 16 threads sharing fsyncs), a terminate and a listing. Launch and terminate
 * include forcing the journal to disk, so they measure the disk's fsync as much as the sim; the
 * listing is pure memory. Run with {@code bench/run jmh SimSite}; results in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SimSiteBenchmark {
    private static final CloudCredentials NONE = CloudCredentials.NONE;

    @Param({"1000", "10000", "100000"})
    public int size;

    private Path dataDir;
    private CloudDriver driver;
    private final AtomicLong tokens = new AtomicLong();

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dataDir = Files.createTempDirectory("phantom-sim-bench");
        driver = new SimDriverFactory().create("bench", Map.of("capacity", -1, "boot_seconds", 0), dataDir,
                Clock.systemUTC());
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            List<Future<CloudInstance>> launched = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                launched.add(pool.submit(this::launchOne));
            }
            for (Future<CloudInstance> f : launched) {
                f.get();
            }
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    CloudInstance launchOne() throws CloudFault {
        String token = "ph-" + tokens.incrementAndGet();
        return driver.launch(new LaunchSpec(token, "group-" + (token.hashCode() & 1023), "alice", "web", "ami-sim",
                "m1.small", null, List.of(), null, Map.of()), NONE);
    }

    /** A VM launched (not timed) for {@link #terminate} to end. */
    @State(Scope.Thread)
    public static class Victim {
        String cloudId;

        @Setup(Level.Invocation)
        public void launch(SimSiteBenchmark site) throws CloudFault {
            cloudId = site.launchOne().cloudId();
        }
    }

    @Benchmark
    public CloudInstance launch() throws CloudFault {
        return launchOne();
    }

    @Benchmark
    @Threads(16)
    public CloudInstance launch16Threads() throws CloudFault {
        return launchOne();
    }

    @Benchmark
    public void terminate(Victim victim) throws CloudFault {
        driver.terminate(victim.cloudId, NONE);
    }

    @Benchmark
    public List<CloudInstance> list() throws CloudFault {
        return driver.list(NONE);
    }
}
