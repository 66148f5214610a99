package phantom.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the load benchmark at tiny sizes for 2 s per target, so it cannot rot: every figure must
 * come out, positive. No speed is asserted (docs/performance.md has the measured figures).
 * Needs moto: fails without it when {@code CI=true}, is skipped otherwise.
 */
class LoadBenchmarkSmokeTest {

    @Test
    void every_figure_comes_out_positive() throws Exception {
        if (!MotoProcess.installed()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(MotoProcess.MISSING);
            }
            Assumptions.abort(MotoProcess.MISSING);
        }
        LoadBenchmark.Result r = LoadBenchmark.run(LoadBenchmark.Options.parse("--smoke"));

        assertThat(r.phantom()).isPositive();
        assertThat(r.moto()).isPositive();
        assertThat(r.constantJetty()).isPositive();
        assertThat(r.namedAlone()).isPositive();
        assertThat(r.namedInCrowd()).isPositive();
        assertThat(r.phantomOverMoto()).isPositive().isFinite();
        assertThat(r.phantomOverConstant()).isPositive().isFinite();
        assertThat(r.crowdOverAlone()).isPositive().isFinite();
        assertThat(r.phantomBytes()).isPositive();
        assertThat(r.motoBytes()).isPositive();
    }

    @Test
    void options_are_read_and_bad_ones_refused() {
        LoadBenchmark.Options o = LoadBenchmark.Options.parse("--groups", "7", "--connections", "3");
        assertThat(o.groups()).isEqualTo(7);
        assertThat(o.connections()).isEqualTo(3);
        assertThat(o.vms()).isEqualTo(LoadBenchmark.Options.DEFAULT.vms());
        assertThat(LoadBenchmark.Options.parse("--smoke").seconds()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadBenchmark.Options.parse("--groups", "0"))
                .hasMessageContaining("--groups");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadBenchmark.Options.parse("--fast"))
                .hasMessageContaining("unknown option --fast");
    }
}
