package phantom.driver.openstack;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverFactory;
import phantom.core.driver.CloudFault;

/**
 * Makes OpenStack sites ({@code driver: openstack}). Options: {@code auth_url} (required, the Keystone
 * v3 URL ending in {@code /v3}), {@code region}, {@code interface} (public, internal or admin; default
 * public), {@code user_domain_name} and {@code project_domain_name} (defaults for users whose
 * credentials name none; default "Default"), {@code network} (id or name to attach servers to) and
 * {@code request_timeout_seconds} (default 30). See the module's README.md.
 */
public final class OpenStackDriverFactory implements CloudDriverFactory {

    @Override
    public String name() {
        return "openstack";
    }

    @Override
    public Set<String> options() {
        return SiteOptions.NAMES;
    }

    @Override
    public void checkOptions(String site, Map<String, Object> options) {
        SiteOptions.parse(site, options);
    }

    @Override
    public CloudDriver create(String site, Map<String, Object> options, Path dataDir, Clock clock) {
        return new OpenStackDriver(SiteOptions.parse(site, options), clock);
    }

    /**
     * 15 s. OpenStack's API limits are set by each deployment (a proxy's rate limit, the cost of
     * {@code GET /servers/detail} to Nova's database), and a listing is two such calls per project
     * (live servers, and recently deleted ones with {@code changes-since}); docs/engine.md, "Watch
     * intervals and cloud rate limits".
     */
    @Override
    public Duration defaultWatchInterval() {
        return DEFAULT_WATCH_INTERVAL;
    }

    static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(15);

    @Override
    public Set<String> credentialNames() {
        return Identity.NAMES;
    }

    @Override
    public void checkCredentials(String site, Map<String, Object> options, CloudCredentials credentials) {
        try {
            Identity.of(credentials, SiteOptions.parse(site, options));
        } catch (CloudFault e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
