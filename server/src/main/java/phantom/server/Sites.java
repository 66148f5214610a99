package phantom.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverFactory;
import phantom.core.text.DidYouMean;

/**
 * Makes one driver per configured site with the driver factories found on the class path
 * ({@code META-INF/services/phantom.core.driver.CloudDriverFactory}). Unknown drivers and options
 * stop start-up with a message naming the site.
 */
final class Sites {
    private Sites() {
    }

    static Map<String, CloudDriverFactory> factories() {
        Map<String, CloudDriverFactory> out = new LinkedHashMap<>();
        for (CloudDriverFactory f : ServiceLoader.load(CloudDriverFactory.class)) out.put(f.name(), f);
        return out;
    }

    /**
     * Refuses an unknown driver or driver option, naming the near miss and the known names, and a bad
     * option value, as the driver checks it; the exception's key is the option's (for its line).
     */
    static void check(SiteConfig s, Map<String, CloudDriverFactory> factories) {
        CloudDriverFactory f = factories.get(s.driver());
        if (f == null) {
            throw new ConfigLoader.ConfigException("sites." + s.name() + ".driver", "site " + s.name() + ": unknown driver '"
                    + s.driver() + "'" + DidYouMean.hint(s.driver(), factories.keySet()) + " (known drivers: "
                    + String.join(", ", new TreeSet<>(factories.keySet())) + ")");
        }
        for (String option : s.options().keySet()) {
            if (!f.options().contains(option)) {
                Set<String> near = new TreeSet<>(f.options());
                near.addAll(ConfigLoader.SITE_KEYS);
                throw new ConfigLoader.ConfigException("sites." + s.name() + "." + option, "site " + s.name() + ": unknown "
                        + s.driver() + " option '" + option + "'" + DidYouMean.hint(option, near) + " (the " + s.driver()
                        + " driver takes: " + String.join(", ", new TreeSet<>(f.options())) + "; every site also takes "
                        + String.join(", ", new TreeSet<>(ConfigLoader.SITE_KEYS)) + ")");
            }
        }
        try {
            f.checkOptions(s.name(), s.options());
        } catch (IllegalArgumentException e) {
            String option = s.options().keySet().stream()
                    .filter(o -> Pattern.compile("(^|[^\\w])" + Pattern.quote(o) + "([^\\w]|$)").matcher(e.getMessage()).find())
                    .findFirst().orElse(null);
            throw new ConfigLoader.ConfigException("sites." + s.name() + (option == null ? "" : "." + option), e.getMessage());
        }
    }

    /**
     * How often each site's watcher lists it, by site name, in file order: the site's own
     * {@code watch_seconds}, else {@code engine.watch_seconds}, else its driver's
     * {@link CloudDriverFactory#defaultWatchInterval()}. The one place this is decided.
     */
    static Map<String, Duration> watchIntervals(PhantomConfig config) {
        Map<String, CloudDriverFactory> factories = factories();
        Map<String, Duration> out = new LinkedHashMap<>();
        for (SiteConfig s : config.sites().values()) {
            check(s, factories);
            Double seconds = s.watchSeconds() != null ? s.watchSeconds() : config.engine().watchSeconds();
            out.put(s.name(), seconds != null ? PhantomConfig.duration(seconds) : factories.get(s.driver()).defaultWatchInterval());
        }
        return out;
    }

    /** "hotel every 2 s, ec2 every 10 s", for the start-up line. */
    static String describeWatch(Map<String, Duration> intervals) {
        java.text.DecimalFormat f = new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        return intervals.entrySet().stream().map(e -> e.getKey() + " every " + f.format(e.getValue().toNanos() / 1e9) + " s")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static Map<String, CloudDriver> drivers(Map<String, SiteConfig> sites, Path dataDir, Clock clock) {
        Map<String, CloudDriverFactory> factories = factories();
        Map<String, CloudDriver> out = new LinkedHashMap<>();
        for (SiteConfig s : sites.values()) {
            check(s, factories);
            CloudDriverFactory f = factories.get(s.driver());
            try {
                out.put(s.name(), f.create(s.name(), s.options(), dataDir, clock));
            } catch (IllegalArgumentException e) {
                throw new ConfigLoader.ConfigException(e.getMessage());
            }
        }
        return out;
    }
}
