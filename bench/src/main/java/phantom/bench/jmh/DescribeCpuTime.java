package phantom.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import phantom.api.action.Action;
import phantom.api.query.QueryParams;

/**
 * The CPU time one thread spends per in-process DescribeAutoScalingGroups (store reads and XML),
 * for the same three cases as {@link DescribeAllGroups} and {@link DescribeOneGroup}. CPU time, not
 * wall-clock time, so that a machine shared with other work still gives comparable figures.
 * Usage: {@code DescribeCpuTime [calls]} (default 2,000 after as many warm-up calls).
 */
public final class DescribeCpuTime {
    private DescribeCpuTime() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        measure("100 groups x 10, MaxRecords=100", 100, calls / 10,
                DescribeFixture.params("DescribeAutoScalingGroups", "MaxRecords", "100"));
        QueryParams one = DescribeFixture.params("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", DescribeFixture.name(0));
        measure("one named group, user has 1", 1, calls, one);
        measure("one named group, user has 200", 200, calls, one);
    }

    private static void measure(String what, int groups, int calls, QueryParams params) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (DescribeFixture f = new DescribeFixture(groups, 10)) {
            Action describe = f.action("DescribeAutoScalingGroups");
            long sink = 0;
            for (int i = 0; i < calls; i++) sink += describe.handle(DescribeFixture.OWNER, params, "bench").remaining();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < calls; i++) sink += describe.handle(DescribeFixture.OWNER, params, "bench").remaining();
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            wall = System.nanoTime() - wall;
            System.out.printf("%-32s %9.1f us CPU per call (%7.0f calls per CPU second), %9.1f us wall [%d]%n", what,
                    cpu / 1e3 / calls, calls / (cpu / 1e9), wall / 1e3 / calls, sink % 2);
        }
    }
}
