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
 * DescribeAutoScalingGroups for one named group (10 instances) when its user has 1 or 200 groups,
 * in-process on a real SQLite store: the cost must not follow the number of groups the user has.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DescribeOneGroup {
    @Param({"1", "200"})
    public int userGroups;

    private DescribeFixture fixture;
    private Action describe;
    private QueryParams params;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new DescribeFixture(userGroups, 10);
        describe = fixture.action("DescribeAutoScalingGroups");
        params = DescribeFixture.params("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", DescribeFixture.name(0));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object describeOne() {
        return describe.handle(DescribeFixture.OWNER, params, "bench");
    }
}
