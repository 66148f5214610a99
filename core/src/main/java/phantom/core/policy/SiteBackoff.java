package phantom.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;
import phantom.core.driver.FaultClass;
import phantom.core.model.SiteHealth;

/**
 * Pure transitions of a {@link SiteHealth} after a launch on that site failed or succeeded
 * (docs/design.md, engine rule 4). The caller stores the result; nothing here reads a clock.
 *
 * <ul>
 *   <li>CAPACITY and QUOTA: the site backs off exponentially, 30 s doubling to 10 min, with equal
 *       jitter (half of the step fixed, half random from the seed), and gets one probe launch when
 *       the backoff ends.
 *   <li>CONFIG: the site is held for this group until the launch configuration or the credentials
 *       change (a different fingerprint); no time-based backoff.
 *   <li>TRANSIENT: short backoff, 0.5 s doubling to 60 s, retrying in place; after
 *       {@link #TRANSIENT_OVERFLOW_AFTER} consecutive failures the policy overflows as for CAPACITY,
 *       so a site that keeps timing out sends its share elsewhere after at most 0.5 + 1 + 2 s of
 *       backoff (plus the calls themselves), within 5 s of the first failure.
 * </ul>
 */
public final class SiteBackoff {
    public static final Duration CAPACITY_FIRST = Duration.ofSeconds(30);
    public static final Duration CAPACITY_LONGEST = Duration.ofMinutes(10);
    public static final Duration TRANSIENT_FIRST = Duration.ofMillis(500);
    public static final Duration TRANSIENT_LONGEST = Duration.ofSeconds(60);
    /** Consecutive TRANSIENT failures after which the site's shortfall overflows like a CAPACITY one. */
    public static final int TRANSIENT_OVERFLOW_AFTER = 3;

    private SiteBackoff() {
    }

    /**
     * The site's state after one failed launch.
     *
     * @param code the cloud's error code, shown to users (may be null)
     * @param fingerprint the fingerprint of the launch configuration and credentials that were used
     *     (see {@link LaunchFingerprint}); required for CONFIG, ignored otherwise
     * @param seed the jitter's only source of randomness: the same seed gives the same delay
     */
    public static SiteHealth onFailure(SiteHealth h, FaultClass cls, String code, String message, String fingerprint,
            Instant now, long seed) {
        Objects.requireNonNull(h, "site health");
        Objects.requireNonNull(cls, "fault class");
        Objects.requireNonNull(now, "now");
        String error = error(code, message);
        int failures = h.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : h.consecutiveFailures() + 1;
        return switch (cls) {
            case CONFIG -> {
                if (fingerprint == null || fingerprint.isBlank()) {
                    throw new IllegalArgumentException("a CONFIG failure on " + h.site()
                            + " needs the fingerprint of the launch configuration and credentials that failed");
                }
                yield new SiteHealth(h.groupId(), h.site(), failures, cls, error, null, fingerprint, now);
            }
            case CAPACITY, QUOTA ->
                new SiteHealth(h.groupId(), h.site(), failures, cls, error, now.plus(delay(cls, failures, seed)), null, now);
            case TRANSIENT -> {
                // A site that was out of capacity and now fails transiently has not shown it has room
                // again: keep overflowing rather than pinning the group's demand on it.
                boolean wasFull = h.consecutiveFailures() > 0
                        && (h.lastFault() == FaultClass.CAPACITY || h.lastFault() == FaultClass.QUOTA);
                int n = wasFull ? Math.max(failures, TRANSIENT_OVERFLOW_AFTER) : failures;
                yield new SiteHealth(h.groupId(), h.site(), n, cls, error, now.plus(delay(cls, n, seed)), null, now);
            }
        };
    }

    /** The site's state after a launch succeeded: no failures, no backoff, nothing held. */
    public static SiteHealth onSuccess(SiteHealth h, Instant now) {
        Objects.requireNonNull(h, "site health");
        return new SiteHealth(h.groupId(), h.site(), 0, null, null, null, null, Objects.requireNonNull(now, "now"));
    }

    /**
     * How long a site backs off after its {@code failures}-th consecutive failure of class {@code cls}:
     * a step of {@code first * 2^(failures-1)}, at most {@code longest}, of which half is fixed and
     * half uniformly random from {@code seed} (equal jitter). Always within [step/2, step].
     */
    public static Duration delay(FaultClass cls, int failures, long seed) {
        if (failures < 1) throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        long first;
        long longest;
        switch (Objects.requireNonNull(cls, "fault class")) {
            case CAPACITY, QUOTA -> {
                first = CAPACITY_FIRST.toMillis();
                longest = CAPACITY_LONGEST.toMillis();
            }
            case TRANSIENT -> {
                first = TRANSIENT_FIRST.toMillis();
                longest = TRANSIENT_LONGEST.toMillis();
            }
            default -> throw new IllegalArgumentException("CONFIG failures hold the site instead of backing off");
        }
        long step = Math.min(longest, first << Math.min(failures - 1, 30));
        long half = step / 2;
        return Duration.ofMillis(step - half + new SplittableRandom(seed).nextLong(half + 1));
    }

    /**
     * A sentence for activities and the group's status, e.g. "hotel returned
     * InsufficientInstanceCapacity 3 times, backing off 120 s". It describes the row as stored; a
     * hold that a new fingerprint lifted is the policy's call and is not seen here.
     */
    public static String describe(SiteHealth h, Instant now) {
        if (h.heldFor() != null) {
            return h.site() + " rejected the launch (" + (h.lastError() == null ? "configuration error" : h.lastError())
                    + "); no launches there until the launch configuration or credentials change";
        }
        if (h.consecutiveFailures() == 0) {
            if (h.backingOff(now)) return h.site() + " is backing off " + secondsLeft(h, now) + " s";
            return h.site() + " has no recent launch failures";
        }
        boolean inPlace = retriesInPlace(h);
        if (h.backingOff(now)) {
            return summary(h) + (inPlace ? ", retrying in " : ", backing off ") + secondsLeft(h, now) + " s";
        }
        return summary(h) + (inPlace ? ", retrying now" : "; backoff over, probing with one launch");
    }

    /** "hotel returned InsufficientInstanceCapacity 3 times". */
    static String summary(SiteHealth h) {
        int n = h.consecutiveFailures();
        return h.site() + " returned " + code(h) + " " + n + (n == 1 ? " time" : " times");
    }

    /** TRANSIENT failures below the threshold: the site keeps its share and is retried in place. */
    static boolean retriesInPlace(SiteHealth h) {
        return h.lastFault() == FaultClass.TRANSIENT && h.consecutiveFailures() > 0
                && h.consecutiveFailures() < TRANSIENT_OVERFLOW_AFTER;
    }

    private static long secondsLeft(SiteHealth h, Instant now) {
        long millis = Duration.between(now, h.backoffUntil()).toMillis();
        return (millis + 999) / 1000;
    }

    /** Stored as "code: message" so that {@link #code} can show the code alone. */
    private static String error(String code, String message) {
        boolean hasCode = code != null && !code.isBlank();
        boolean hasMessage = message != null && !message.isBlank();
        if (hasCode && hasMessage) return code + ": " + message;
        if (hasCode) return code;
        return hasMessage ? message : null;
    }

    private static String code(SiteHealth h) {
        if (h.lastError() == null) return h.lastFault() == null ? "an error" : h.lastFault().name();
        int colon = h.lastError().indexOf(": ");
        return colon < 0 ? h.lastError() : h.lastError().substring(0, colon);
    }
}
