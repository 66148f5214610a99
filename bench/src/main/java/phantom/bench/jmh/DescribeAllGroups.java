package phantom.bench.jmh;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import phantom.api.action.Action;
import phantom.api.query.QueryParams;

/**
 * The load benchmark's request in-process: DescribeAutoScalingGroups with MaxRecords=100 over a
 * user's 100 groups × 10 instances on a real SQLite store, store reads and XML included (no HTTP,
 * no signature).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DescribeAllGroups {
    @Param({"100"})
    public int groups;

    private DescribeFixture fixture;
    private Action describe;
    private QueryParams params;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new DescribeFixture(groups, 10);
        describe = fixture.action("DescribeAutoScalingGroups");
        params = DescribeFixture.params("DescribeAutoScalingGroups", "MaxRecords", "100");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object describeAll() {
        return describe.handle(DescribeFixture.OWNER, params, "bench");
    }
}
