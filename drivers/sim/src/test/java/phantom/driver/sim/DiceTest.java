package phantom.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The draws behind injected failures, deaths and ids: deterministic, with the intended distributions. */
class DiceTest {
    private static final int DRAWS = 20_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.05, 0.3, 0.5, 0.9, 1.0})
    void a_failure_rate_fails_that_fraction_of_attempts(double rate) {
        int failed = 0;
        for (int n = 0; n < DRAWS; n++) {
            if (Dice.forLaunch(11, n).fails(rate)) {
                failed++;
            }
        }
        // binomial standard deviation is at most 71 for 20,000 draws; allow 5 of them
        assertThat(failed).isBetween((int) (rate * DRAWS) - 355, (int) (rate * DRAWS) + 355);
        if (rate == 0.0 || rate == 1.0) {
            assertThat(failed).isEqualTo((int) (rate * DRAWS));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1.0, 6.0})
    void lifetimes_are_exponential_with_the_rate_per_hour(double ratePerHour) {
        double hoursSum = 0;
        int deadWithinMeanLife = 0;
        for (int n = 0; n < DRAWS; n++) {
            Dice dice = Dice.forLaunch(5, n);
            dice.fails(0);
            double hours = dice.lifetime(ratePerHour).toNanos() / 3.6e12;
            hoursSum += hours;
            if (hours < 1 / ratePerHour) {
                deadWithinMeanLife++;
            }
        }
        double mean = hoursSum / DRAWS;
        // mean 1/rate (standard error 0.7% of it); P(T < 1/rate) = 1 - 1/e = 0.632 (standard deviation 68 draws)
        assertThat(mean * ratePerHour).isBetween(0.97, 1.03);
        assertThat(deadWithinMeanLife).isBetween(12_300, 12_980);
    }

    @Test
    void no_death_rate_means_no_death() {
        assertThat(Dice.forLaunch(1, 1).lifetime(0)).isNull();
        // a rate so small that lifetimes exceed a century also counts as never
        assertThat(Dice.forLaunch(1, 1).lifetime(1e-12)).isNull();
    }

    @Test
    void the_same_seed_and_attempt_draw_the_same() {
        for (int n = 0; n < 100; n++) {
            Dice a = Dice.forLaunch(99, n);
            Dice b = Dice.forLaunch(99, n);
            assertThat(a.fails(0.5)).isEqualTo(b.fails(0.5));
            assertThat(a.lifetime(2)).isEqualTo(b.lifetime(2));
        }
        Duration first = Dice.forLaunch(99, 0).lifetime(2);
        assertThat(Dice.forLaunch(100, 0).lifetime(2)).isNotEqualTo(first);
        assertThat(Dice.forLaunch(99, 1).lifetime(2)).isNotEqualTo(first);
    }

    @Test
    void instance_ids_look_like_ec2_and_never_repeat_within_a_site() {
        Set<String> ids = new HashSet<>();
        for (long n = 0; n < 100_000; n++) {
            ids.add(Dice.instanceId(0x5eed, n));
        }
        assertThat(ids).hasSize(100_000).allSatisfy(id -> assertThat(id).matches("i-[0-9a-f]{17}"));
        assertThat(Dice.instanceId(1, 0)).isEqualTo(Dice.instanceId(1, 0)).isNotEqualTo(Dice.instanceId(2, 0));
    }
}
