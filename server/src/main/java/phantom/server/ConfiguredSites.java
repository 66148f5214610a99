package phantom.server;

import java.util.List;
import java.util.Map;
import phantom.api.SiteCatalog;

/** The configured sites as the API sees them. */
final class ConfiguredSites implements SiteCatalog {
    private final List<String> names;

    ConfiguredSites(Map<String, SiteConfig> sites) {
        this.names = List.copyOf(sites.keySet());
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public List<String> missingCredentials(String owner, String site) {
        return List.of();
    }
}
