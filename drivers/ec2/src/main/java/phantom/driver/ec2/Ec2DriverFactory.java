package phantom.driver.ec2;

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
 * {@code driver: ec2}: a site on Amazon EC2 or an EC2-compatible cloud, through the AWS SDK for Java
 * v2. Options are described in {@link Ec2SiteOptions}: {@code region} (required), {@code endpoint},
 * {@code connect_timeout_seconds} (5), {@code request_timeout_seconds} (30), {@code max_retries} (2).
 * Each user needs the credentials {@code access_key_id} and {@code secret_access_key}, and may add
 * {@code session_token}. The driver returned is also {@link AutoCloseable}; closing it releases its
 * HTTP client and timer threads.
 */
public final class Ec2DriverFactory implements CloudDriverFactory {

    @Override
    public String name() {
        return "ec2";
    }

    @Override
    public Set<String> options() {
        return Ec2SiteOptions.NAMES;
    }

    @Override
    public void checkOptions(String site, Map<String, Object> options) {
        Ec2SiteOptions.parse(site, options == null ? Map.of() : options);
    }

    @Override
    public CloudDriver create(String site, Map<String, Object> options, Path dataDir, Clock clock) {
        return new Ec2Driver(Ec2SiteOptions.parse(site, options == null ? Map.of() : options));
    }

    /**
     * 10 s. EC2 throttles Describe* calls per account and region with a token bucket (100 tokens,
     * 20 added per second); one listing is one DescribeInstances per 1,000 VMs, so 10 s keeps an
     * account of 10,000 VMs at one call a second (docs/engine.md, "Watch intervals and cloud rate limits").
     */
    @Override
    public Duration defaultWatchInterval() {
        return DEFAULT_WATCH_INTERVAL;
    }

    static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(10);

    @Override
    public Set<String> credentialNames() {
        return AwsKeys.NAMES;
    }

    @Override
    public void checkCredentials(String site, Map<String, Object> options, CloudCredentials credentials) {
        try {
            AwsKeys.from(site, credentials);
        } catch (CloudFault e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
