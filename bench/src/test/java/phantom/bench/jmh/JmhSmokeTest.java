package phantom.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs each JMH benchmark in-process once, briefly and at its smallest size, so that they cannot rot:
 * a smoke test, not a measurement (no figure is checked but that one came out).
 */
class JmhSmokeTest {

    private static Collection<RunResult> run(Class<?> benchmark, String... params) throws RunnerException {
        // JMH takes a machine-wide lock so that measurements do not overlap; a smoke test measures
        // nothing, so it may run beside a real benchmark
        System.setProperty("jmh.ignoreLock", "true");
        OptionsBuilder o = new OptionsBuilder();
        o.include(benchmark.getName() + "\\.").forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200)).shouldFailOnError(true);
        for (int i = 0; i < params.length; i += 2) o.param(params[i], params[i + 1]);
        return new Runner(o.build()).run();
    }

    private static void assertRan(Collection<RunResult> results, int benchmarks) {
        assertThat(results).hasSize(benchmarks);
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getSampleCount()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).isPositive();
        }
    }

    @Test
    void planner() throws RunnerException {
        assertRan(run(Planner.class, "instances", "10"), 1);
    }

    @Test
    void xmlWriting() throws RunnerException {
        Collection<RunResult> results = run(XmlWriting.class, "groups", "2");
        assertRan(results, 1);
        assertThat(results.iterator().next().getSecondaryResults().get("bytes").getScore()).isPositive();
    }

    @Test
    void signatureVerification() throws RunnerException {
        assertRan(run(SignatureVerification.class), 2);
    }

    @Test
    void describeOneGroup() throws RunnerException {
        assertRan(run(DescribeOneGroup.class, "userGroups", "1"), 1);
    }

    @Test
    void describeAllGroups() throws RunnerException {
        assertRan(run(DescribeAllGroups.class, "groups", "3"), 1);
    }
}
