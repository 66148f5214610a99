package phantom.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import phantom.driver.sim.SimVm;

class ReplacementsTest {
    static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    static SimVm vm(int n, double launched, Double dies, Double terminated) {
        return new SimVm("i-" + n, "ph-" + n, "g", "bench", "mortal-g", "ami-1", "m1.small", at(launched), at(launched + 0.2),
                dies == null ? null : at(dies), terminated == null ? null : at(terminated));
    }

    static Instant at(double s) {
        return T.plusNanos((long) (s * 1e9));
    }

    @Test
    void each_death_is_matched_to_the_first_later_launch_and_the_initial_fill_replaces_nothing() {
        List<SimVm> vms = new ArrayList<>(List.of(
                vm(1, 0, 5.0, 6.0),      // initial; dies at 5, replaced by vm 3 at 6.5
                vm(2, 0, null, null),    // initial
                vm(3, 6.5, 9.0, 10.0),   // dies at 9, replaced by vm 4 at 10.25
                vm(4, 10.25, 30.0, null), // dies at 30: after the measured window
                vm(5, 31, null, null)));
        EngineBenchmark.Replacements r = EngineBenchmark.Replacements.of(vms, 2, at(1), at(20));
        assertThat(r.delays()).containsExactly(1.5, 1.25);
        assertThat(r.unreplaced()).isZero();
    }

    @Test
    void deaths_before_the_window_take_their_replacement_and_unreplaced_deaths_are_counted() {
        List<SimVm> vms = List.of(
                vm(1, 0, 0.5, 1.0),      // dies before the window: its replacement is vm 3, not measured
                vm(2, 0, 4.0, null),     // dies in the window, never replaced
                vm(3, 1.5, null, null),
                vm(4, 0, null, 3.0));    // initial too; terminated at 3 (its fated death never comes) - not a death
        EngineBenchmark.Replacements r = EngineBenchmark.Replacements.of(vms, 3, at(2), at(10));
        assertThat(r.delays()).isEmpty();
        assertThat(r.unreplaced()).isEqualTo(1);
    }
}
