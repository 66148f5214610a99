package phantom.server;

import java.util.Map;

/**
 * One configured site: its name, its driver and the driver's options, as the config file gives them.
 *
 * @param options the driver's options (never the generic site keys {@code driver} and {@code watch_seconds})
 * @param watchSeconds the site's own {@code watch_seconds}: how often its watcher lists it; null when the
 *     file does not set it ({@link Sites#watchIntervals} then falls back to {@code engine.watch_seconds},
 *     then to the driver's default)
 */
public record SiteConfig(String name, String driver, Map<String, Object> options, Double watchSeconds) {
    public SiteConfig {
        options = Map.copyOf(options);
    }

    /** A site with no {@code watch_seconds} of its own. */
    public SiteConfig(String name, String driver, Map<String, Object> options) {
        this(name, driver, options, null);
    }
}
