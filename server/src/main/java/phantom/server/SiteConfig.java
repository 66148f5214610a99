package phantom.server;

import java.util.Map;

/** One configured site: its name, its driver and the driver's options, as the config file gives them. */
public record SiteConfig(String name, String driver, Map<String, Object> options) {
    public SiteConfig {
        options = Map.copyOf(options);
    }
}
