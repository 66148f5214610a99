package phantom.driver.sim;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The random draws of one launch attempt, a pure function of the site's seed and the attempt's
 * number, so a site replays the same history from the same seed, across restarts too.
 */
final class Dice {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    /** Lifetimes longer than this count as "never dies". */
    private static final double NEVER_SECONDS = 100.0 * 365 * 24 * 3600;

    private final SplittableRandom random;

    private Dice(SplittableRandom random) {
        this.random = random;
    }

    static Dice forLaunch(long seed, long attempt) {
        return new Dice(new SplittableRandom(mix64(seed + attempt * GOLDEN)));
    }

    /** True with probability {@code rate}: 0 never, 1 always. Always consumes one draw. */
    boolean fails(double rate) {
        return random.nextDouble() < rate;
    }

    /**
     * How long the VM lives: exponentially distributed with the given rate per hour; null (never
     * dies) when the rate is 0. Always consumes one draw.
     */
    Duration lifetime(double ratePerHour) {
        double u = random.nextDouble();
        if (ratePerHour <= 0) {
            return null;
        }
        double seconds = -Math.log1p(-u) / ratePerHour * 3600;
        if (seconds > NEVER_SECONDS) {
            return null;
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * EC2-style id: "i-" and 17 hex digits. Distinct for distinct attempts of one site (the mix is a
     * bijection), and distinct between sites and data directories because each site's state draws its
     * own random salt when it is first created.
     */
    static String instanceId(long salt, long attempt) {
        String hex = Long.toHexString(mix64(mix64(salt) + attempt * GOLDEN));
        return "i-" + "0".repeat(17 - hex.length()) + hex;
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, a bijection on longs. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
