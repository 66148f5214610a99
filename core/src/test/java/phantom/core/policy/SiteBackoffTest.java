package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import phantom.core.driver.FaultClass;
import phantom.core.model.SiteHealth;

class SiteBackoffTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final SiteHealth FRESH = SiteHealth.fresh(7, "hotel");

    static Stream<Arguments> steps() {
        return Stream.of(
                // fault class, consecutive failures, full step in milliseconds (the delay is within [step/2, step])
                arguments(FaultClass.CAPACITY, 1, 30_000), arguments(FaultClass.CAPACITY, 2, 60_000),
                arguments(FaultClass.CAPACITY, 3, 120_000), arguments(FaultClass.CAPACITY, 4, 240_000),
                arguments(FaultClass.CAPACITY, 5, 480_000), arguments(FaultClass.CAPACITY, 6, 600_000),
                arguments(FaultClass.CAPACITY, 40, 600_000), arguments(FaultClass.CAPACITY, Integer.MAX_VALUE, 600_000),
                arguments(FaultClass.QUOTA, 1, 30_000), arguments(FaultClass.QUOTA, 9, 600_000),
                arguments(FaultClass.TRANSIENT, 1, 500), arguments(FaultClass.TRANSIENT, 2, 1_000),
                arguments(FaultClass.TRANSIENT, 3, 2_000), arguments(FaultClass.TRANSIENT, 4, 4_000),
                arguments(FaultClass.TRANSIENT, 7, 32_000), arguments(FaultClass.TRANSIENT, 8, 60_000),
                arguments(FaultClass.TRANSIENT, 64, 60_000));
    }

    @ParameterizedTest(name = "{0} x{1}: within [{2}/2, {2}] ms")
    @MethodSource("steps")
    void jitter_is_deterministic_under_the_seed_and_within_bounds(FaultClass cls, int failures, int stepMillis) {
        long step = stepMillis;
        SplittableRandom seeds = new SplittableRandom(failures * 31L + cls.ordinal());
        Set<Duration> seen = new HashSet<>();
        for (int k = 0; k < 2000; k++) {
            long seed = seeds.nextLong();
            Duration d = SiteBackoff.delay(cls, failures, seed);
            assertThat(d.toMillis()).as("seed %d", seed).isBetween(step / 2, step);
            assertThat(SiteBackoff.delay(cls, failures, seed)).as("same seed, same delay").isEqualTo(d);
            seen.add(d);
        }
        // the random half has step/2 + 1 possible millisecond values
        assertThat(seen).as("the jitter varies with the seed").hasSizeGreaterThan((int) Math.min(1000, step / 4));
    }

    @Test
    void capacity_failure_counts_and_backs_off_by_the_seeded_delay() {
        SiteHealth h = SiteBackoff.onFailure(FRESH, FaultClass.CAPACITY, "InsufficientInstanceCapacity", "no room",
                "fp", NOW, 11);
        h = SiteBackoff.onFailure(h, FaultClass.CAPACITY, "InsufficientInstanceCapacity", "no room", "fp", NOW, 12);

        assertThat(h).isEqualTo(new SiteHealth(7, "hotel", 2, FaultClass.CAPACITY, "InsufficientInstanceCapacity: no room",
                NOW.plus(SiteBackoff.delay(FaultClass.CAPACITY, 2, 12)), null, NOW));
    }

    @Test
    void config_failure_holds_the_site_for_the_fingerprint_without_a_time_backoff() {
        SiteHealth h = SiteBackoff.onFailure(FRESH, FaultClass.CONFIG, "InvalidAMIID.NotFound", "no such image",
                "fp-a", NOW, 1);

        assertThat(h.heldFor()).isEqualTo("fp-a");
        assertThat(h.backoffUntil()).isNull();
        assertThat(h.consecutiveFailures()).isEqualTo(1);
        assertThat(h.lastError()).isEqualTo("InvalidAMIID.NotFound: no such image");
        assertThatThrownBy(() -> SiteBackoff.onFailure(FRESH, FaultClass.CONFIG, "X", "y", null, NOW, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the fingerprint");
    }

    @Test
    void a_later_capacity_failure_clears_a_hold() {
        SiteHealth held = SiteBackoff.onFailure(FRESH, FaultClass.CONFIG, "AuthFailure", null, "fp-a", NOW, 1);

        SiteHealth h = SiteBackoff.onFailure(held, FaultClass.CAPACITY, "InsufficientInstanceCapacity", null, "fp-b", NOW, 1);

        assertThat(h.heldFor()).isNull();
        assertThat(h.backingOff(NOW)).isTrue();
    }

    @Test
    void transient_failures_count_up_to_the_overflow_threshold() {
        SiteHealth h = FRESH;
        for (int n = 1; n <= 3; n++) {
            h = SiteBackoff.onFailure(h, FaultClass.TRANSIENT, "RequestLimitExceeded", "slow down", null, NOW, n);
            assertThat(SiteBackoff.retriesInPlace(h)).as("after %d", n).isEqualTo(n < SiteBackoff.TRANSIENT_OVERFLOW_AFTER);
            assertThat(h.backoffUntil()).isEqualTo(NOW.plus(SiteBackoff.delay(FaultClass.TRANSIENT, n, n)));
        }
    }

    @Test
    void a_transient_failure_after_capacity_ones_keeps_the_site_overflowing() {
        SiteHealth full = SiteBackoff.onFailure(FRESH, FaultClass.CAPACITY, "InsufficientInstanceCapacity", null, null, NOW, 1);

        SiteHealth h = SiteBackoff.onFailure(full, FaultClass.TRANSIENT, "RequestTimeout", null, null, NOW, 2);

        assertThat(h.consecutiveFailures()).isEqualTo(SiteBackoff.TRANSIENT_OVERFLOW_AFTER);
        assertThat(SiteBackoff.retriesInPlace(h)).isFalse();
    }

    @Test
    void success_resets_failures_backoff_and_hold() {
        SiteHealth h = SiteBackoff.onFailure(FRESH, FaultClass.CONFIG, "AuthFailure", null, "fp-a", NOW, 1);
        h = SiteBackoff.onFailure(h, FaultClass.QUOTA, "InstanceLimitExceeded", null, null, NOW, 1);

        assertThat(SiteBackoff.onSuccess(h, NOW.plusSeconds(5)))
                .isEqualTo(new SiteHealth(7, "hotel", 0, null, null, null, null, NOW.plusSeconds(5)));
    }

    @Test
    void bad_arguments_are_refused() {
        assertThatThrownBy(() -> SiteBackoff.delay(FaultClass.CAPACITY, 0, 1)).hasMessage("failures must be >= 1, got 0");
        assertThatThrownBy(() -> SiteBackoff.delay(FaultClass.CONFIG, 1, 1))
                .hasMessage("CONFIG failures hold the site instead of backing off");
    }

    static Stream<Arguments> descriptions() {
        Instant in120 = NOW.plusSeconds(120);
        return Stream.of(
                arguments("fresh", FRESH, "hotel has no recent launch failures"),
                arguments("capacity, backing off",
                        new SiteHealth(7, "hotel", 3, FaultClass.CAPACITY, "InsufficientInstanceCapacity: no room", in120,
                                null, NOW),
                        "hotel returned InsufficientInstanceCapacity 3 times, backing off 120 s"),
                arguments("partial seconds round up",
                        new SiteHealth(7, "hotel", 1, FaultClass.QUOTA, "InstanceLimitExceeded", NOW.plusMillis(29_001),
                                null, NOW),
                        "hotel returned InstanceLimitExceeded 1 time, backing off 30 s"),
                arguments("backoff over",
                        new SiteHealth(7, "hotel", 3, FaultClass.CAPACITY, "InsufficientInstanceCapacity: no room",
                                NOW.minusSeconds(1), null, NOW),
                        "hotel returned InsufficientInstanceCapacity 3 times; backoff over, probing with one launch"),
                arguments("transient, retrying",
                        new SiteHealth(7, "hotel", 2, FaultClass.TRANSIENT, "RequestLimitExceeded: slow down",
                                NOW.plusSeconds(10), null, NOW),
                        "hotel returned RequestLimitExceeded 2 times, retrying in 10 s"),
                arguments("transient, retry due",
                        new SiteHealth(7, "hotel", 1, FaultClass.TRANSIENT, "RequestLimitExceeded", NOW, null, NOW),
                        "hotel returned RequestLimitExceeded 1 time, retrying now"),
                arguments("held",
                        new SiteHealth(7, "hotel", 1, FaultClass.CONFIG, "AuthFailure: bad key", null, "fp", NOW),
                        "hotel rejected the launch (AuthFailure: bad key); no launches there until the launch"
                                + " configuration or credentials change"),
                arguments("no error text",
                        new SiteHealth(7, "hotel", 1, FaultClass.QUOTA, null, in120, null, NOW),
                        "hotel returned QUOTA 1 time, backing off 120 s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptions")
    void describes_the_site_in_a_sentence(String name, SiteHealth h, String sentence) {
        assertThat(SiteBackoff.describe(h, NOW)).isEqualTo(sentence);
    }
}
