package phantom.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link SimSiteBenchmark} in this JVM at its smallest size, briefly, so it cannot rot. Not a timed test. */
class SimSiteBenchmarkSmokeTest {

    @Test
    void the_benchmark_runs_and_measures_every_operation() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SimSiteBenchmark.class.getName() + "\\.")
                .param("size", "1000")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .build()).run();

        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("launch", "launch16Threads", "terminate", "list");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getPrimaryResult().getSampleCount()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).isPositive();
        });
    }
}
