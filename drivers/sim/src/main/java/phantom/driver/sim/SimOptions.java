package phantom.driver.sim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import phantom.core.driver.FaultClass;

/**
 * One sim site's options, validated once. See {@link SimDriverFactory} for what each means.
 *
 * @param capacity VMs the site holds across all owners, -1 for no limit
 * @param quota VMs one owner may hold on the site, -1 for no limit
 * @param seed the seed of every random draw of the site
 */
record SimOptions(
        String site,
        int capacity,
        double bootSeconds,
        double launchErrorRate,
        FaultClass launchErrorClass,
        double deathRatePerHour,
        long apiLatencyMs,
        int quota,
        long seed) {

    static final String CAPACITY = "capacity";
    static final String BOOT_SECONDS = "boot_seconds";
    static final String LAUNCH_ERROR_RATE = "launch_error_rate";
    static final String LAUNCH_ERROR_CLASS = "launch_error_class";
    static final String DEATH_RATE_PER_HOUR = "death_rate_per_hour";
    static final String API_LATENCY_MS = "api_latency_ms";
    static final String QUOTA = "quota";
    static final String SEED = "seed";

    static final Set<String> NAMES = Set.of(CAPACITY, BOOT_SECONDS, LAUNCH_ERROR_RATE, LAUNCH_ERROR_CLASS,
            DEATH_RATE_PER_HOUR, API_LATENCY_MS, QUOTA, SEED);

    static final int DEFAULT_CAPACITY = 16;
    static final double DEFAULT_BOOT_SECONDS = 5;
    static final double MAX_BOOT_SECONDS = 86_400;
    static final long MAX_API_LATENCY_MS = 60_000;

    /** Reads a site's options; absent ones take their defaults. The {@code driver} key is ignored. */
    static SimOptions parse(String site, Map<String, ?> options) {
        if (site == null || site.isBlank()) {
            throw new IllegalArgumentException("a sim site needs a non-blank name");
        }
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(NAMES);
        unknown.remove("driver");
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("site " + site + ": unknown sim option" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + "; the sim driver accepts " + new TreeSet<>(NAMES));
        }
        Reader r = new Reader(site, options);
        return new SimOptions(
                site,
                (int) r.integer(CAPACITY, DEFAULT_CAPACITY, -1, Integer.MAX_VALUE, "an integer >= -1"),
                r.number(BOOT_SECONDS, DEFAULT_BOOT_SECONDS, 0, MAX_BOOT_SECONDS, "a number of seconds from 0 to 86400"),
                r.number(LAUNCH_ERROR_RATE, 0, 0, 1, "a number from 0 to 1"),
                r.faultClass(LAUNCH_ERROR_CLASS, FaultClass.TRANSIENT),
                r.number(DEATH_RATE_PER_HOUR, 0, 0, Double.MAX_VALUE, "a number >= 0"),
                r.integer(API_LATENCY_MS, 0, 0, MAX_API_LATENCY_MS, "an integer from 0 to 60000"),
                (int) r.integer(QUOTA, -1, -1, Integer.MAX_VALUE, "an integer >= -1"),
                r.integer(SEED, seedOf(site), Long.MIN_VALUE, Long.MAX_VALUE, "an integer"));
    }

    /** The default seed: a stable hash (64-bit FNV-1a) of the site name, so runs repeat. */
    static long seedOf(String site) {
        long h = 0xcbf29ce484222325L;
        for (byte b : site.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private record Reader(String site, Map<String, ?> options) {

        private IllegalArgumentException bad(String name, String what, Object value) {
            String shown = value instanceof String s ? "'" + s + "'" : value == null ? "nothing" : "'" + value + "'";
            return new IllegalArgumentException("site " + site + ": " + name + " must be " + what + ", got " + shown);
        }

        long integer(String name, long dflt, long min, long max, String what) {
            if (!options.containsKey(name)) {
                return dflt;
            }
            Object v = options.get(name);
            long n;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                n = ((Number) v).longValue();
            } else if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
                n = b.longValue();
            } else if (v instanceof String s) {
                try {
                    n = Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    throw bad(name, what, v);
                }
            } else {
                throw bad(name, what, v);
            }
            if (n < min || n > max) {
                throw bad(name, what, v);
            }
            return n;
        }

        double number(String name, double dflt, double min, double max, String what) {
            if (!options.containsKey(name)) {
                return dflt;
            }
            Object v = options.get(name);
            double d;
            if (v instanceof Number num) {
                d = num.doubleValue();
            } else if (v instanceof String s) {
                try {
                    d = Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    throw bad(name, what, v);
                }
            } else {
                throw bad(name, what, v);
            }
            if (!Double.isFinite(d) || d < min || d > max) {
                throw bad(name, what, v);
            }
            return d;
        }

        FaultClass faultClass(String name, FaultClass dflt) {
            if (!options.containsKey(name)) {
                return dflt;
            }
            Object v = options.get(name);
            String what = "one of capacity, quota, config, transient";
            if (!(v instanceof String s)) {
                throw bad(name, what, v);
            }
            try {
                return FaultClass.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(name, what, v);
            }
        }
    }
}
