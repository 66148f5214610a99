package phantom.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import phantom.bench.load.MotoProcess;

/**
 * Runs the take-over benchmark's smoke run (3 packaged nodes on an embedded PostgreSQL, moto's EC2,
 * one SIGKILL mid scale-up, lease 3 s), so it cannot rot: both times must come out, and the cloud
 * must hold no duplicate and no orphan VM, nor anything after the groups are deleted. No time is
 * asserted (docs/performance.md has the measured figures). Needs moto: fails without it when
 * {@code CI=true}, is skipped otherwise.
 */
class TakeoverBenchmarkSmokeTest {

    @Test
    void a_node_killed_mid_scale_up_is_taken_over_with_no_duplicate_and_no_orphan() throws Exception {
        if (!MotoProcess.installed()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(MotoProcess.MISSING);
            }
            Assumptions.abort(MotoProcess.MISSING);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TakeoverBenchmark.Result r;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            r = TakeoverBenchmark.run(TakeoverBenchmark.Options.parse("--smoke"), out);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.print(output);

        assertThat(r.outcomes()).as(output).hasSize(1);
        TakeoverBenchmark.Outcome kill = r.outcomes().get(0);
        assertThat(kill.event()).isEqualTo(TakeoverBenchmark.Event.KILL_SCALE_UP);
        assertThat(kill.shardsMoved()).as(output).isPositive();
        assertThat(kill.shardsHeldSeconds()).as(output).isNotNull().isPositive();
        assertThat(kill.groupsAtNSeconds()).as(output).isNotNull().isPositive();
        assertThat(kill.duplicates()).as(output).isZero();
        assertThat(kill.orphans()).as(output).isZero();
        assertThat(r.leftAfterDelete()).as(output).isZero();
        assertThat(r.table()).contains("| kill -9 of a node mid scale-up | 3 nodes, 3 groups, 3-9 VMs | 3 |");
    }

    @Test
    void options_are_read_and_bad_ones_refused() {
        TakeoverBenchmark.Options d = TakeoverBenchmark.Options.parse();
        assertThat(d.runs()).isEqualTo(3);
        assertThat(d.leaseSeconds()).isEqualTo(10);
        assertThat(d.events()).containsExactly(TakeoverBenchmark.Event.values());
        TakeoverBenchmark.Options o = TakeoverBenchmark.Options.parse("--runs", "5", "--lease", "2.5", "--events", "ca");
        assertThat(o.runs()).isEqualTo(5);
        assertThat(o.leaseSeconds()).isEqualTo(2.5);
        assertThat(o.events()).containsExactly(TakeoverBenchmark.Event.PAUSE, TakeoverBenchmark.Event.KILL_SCALE_UP);
        TakeoverBenchmark.Options smoke = TakeoverBenchmark.Options.parse("--smoke");
        assertThat(smoke.runs()).isEqualTo(1);
        assertThat(smoke.leaseSeconds()).isEqualTo(3);
        assertThat(smoke.events()).containsExactly(TakeoverBenchmark.Event.KILL_SCALE_UP);
        assertThatThrownBy(() -> TakeoverBenchmark.Options.parse("--lease", "1")).hasMessageContaining("2 to 120");
        assertThatThrownBy(() -> TakeoverBenchmark.Options.parse("--events", "ax")).hasMessageContaining("unknown event x");
        assertThatThrownBy(() -> TakeoverBenchmark.Options.parse("--runs", "0")).hasMessageContaining("--runs");
        assertThatThrownBy(() -> TakeoverBenchmark.Options.parse("--fast")).hasMessageContaining("unknown option --fast");
    }

    @Test
    void the_table_gives_median_and_max_and_names_timeouts() {
        TakeoverBenchmark.Options o = TakeoverBenchmark.Options.parse("--events", "a", "--runs", "3");
        List<TakeoverBenchmark.Outcome> outcomes = List.of(
                new TakeoverBenchmark.Outcome(TakeoverBenchmark.Event.KILL_SCALE_UP, 1, 10.2, 12.0, 11.0, 22, 0, 0, -1),
                new TakeoverBenchmark.Outcome(TakeoverBenchmark.Event.KILL_SCALE_UP, 2, 11.4, 14.0, 13.0, 21, 1, 0, -1),
                new TakeoverBenchmark.Outcome(TakeoverBenchmark.Event.KILL_SCALE_UP, 3, 10.9, null, 12.5, 21, 0, 2, -1));
        String table = TakeoverBenchmark.table(o, outcomes, 0);
        assertThat(table).contains("| kill -9 of a node mid scale-up | 3 nodes, 6 groups, 12-30 VMs | 10 | 10.9 s / 11.4 s"
                + " | 14.0 s / > 120 s (1 of 3 timed out) | 1 | 2 |");
        assertThat(table).contains("kill -9 of a node mid scale-up: 12.5 s / 13.0 s");
        assertThat(table).contains("after deleting every group: 0 VMs live in moto");
        assertThat(TakeoverBenchmark.medianMax(List.of(1.0, 3.0), 120)).isEqualTo("2.0 s / 3.0 s");
    }
}
