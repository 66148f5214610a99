package phantom.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the engine benchmark at its smoke sizes on the packaged server, so it cannot rot: every
 * figure must come out, positive and finite. Its values are not checked: speed targets belong to
 * the benchmark's runs (docs/performance.md), not to a test.
 */
class EngineBenchmarkSmokeTest {
    static final List<String> FIGURES = List.of(
            "scale-up",
            "groups.in-service", "groups.idle-cpu", "groups.heap", "groups.act", "groups.act-max",
            "time-to-n.p8.cloud", "time-to-n.p8.cloud-ratio", "time-to-n.p8.in-service", "time-to-n.p8.in-service-ratio",
            "time-to-n.p32.cloud", "time-to-n.p32.cloud-ratio", "time-to-n.p32.in-service", "time-to-n.p32.in-service-ratio",
            "overflow.capacity", "overflow.quota", "overflow.config", "overflow.transient",
            "death.count", "death.median", "death.max");

    @Test
    void every_figure_of_the_smoke_run_comes_out_positive_and_finite() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EngineBenchmark.Result r;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            r = EngineBenchmark.run(EngineBenchmark.Options.parse("--smoke"), out);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(r.failures()).as(output).isEmpty();
        Map<String, Figure> byName = r.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));
        assertThat(byName.keySet()).as(output).containsExactlyInAnyOrderElementsOf(FIGURES);
        assertThat(r.figures()).allSatisfy(f -> {
            assertThat(Double.isFinite(f.value())).as(f.line()).isTrue();
            assertThat(f.value()).as(f.line()).isPositive();
            assertThat(output).contains(f.line());
        });
    }

    @Test
    void options_are_read_and_bad_ones_refused() {
        EngineBenchmark.Options o = EngineBenchmark.Options.parse("--groups", "300", "--parallelism", "4,16", "--only", "groups,death");
        assertThat(o.groups()).isEqualTo(300);
        assertThat(o.parallelism()).containsExactly(4, 16);
        assertThat(o.runs("groups")).isTrue();
        assertThat(o.runs("scale-up")).isFalse();
        assertThat(EngineBenchmark.Options.parse("--smoke", "--groups", "7").groups()).isEqualTo(7);
        for (String[] bad : List.of(new String[] {"--groups", "0"}, new String[] {"--only", "everything"},
                new String[] {"--vms", "many"}, new String[] {"--frobnicate", "1"}, new String[] {"--groups"})) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EngineBenchmark.Options.parse(bad))
                    .isInstanceOf(EngineBenchmark.Usage.class);
        }
    }
}
