package phantom.server;

import java.util.List;
import java.util.Map;
import phantom.core.group.SiteCatalog;
import phantom.core.driver.CloudDriver;

/** The configured sites as the API sees them, with the credentials check for sites that need them. */
final class ConfiguredSites implements SiteCatalog {
    private final Map<String, CloudDriver> drivers;
    private final List<String> names;
    private final CloudCredentialStore credentials;

    ConfiguredSites(Map<String, CloudDriver> drivers, CloudCredentialStore credentials) {
        this.drivers = Map.copyOf(drivers);
        this.names = List.copyOf(drivers.keySet());
        this.credentials = credentials;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public List<String> missingCredentials(String owner, String site) {
        CloudDriver d = drivers.get(site);
        if (d == null || !d.capabilities().needsCredentials() || credentials.has(owner, site)) return List.of();
        return d.capabilities().credentialNames();
    }
}
