package phantom.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import phantom.core.model.User;

/**
 * A Phantom server started in this JVM on a free loopback port with a temporary data directory, and
 * AWS SDK for Java v2 clients for its users. Tests talk to it over real HTTP.
 */
final class RunningPhantom implements AutoCloseable {
    final Path dataDir;
    final PhantomServer server;

    private RunningPhantom(Path dataDir, PhantomServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    /** The four built-in sim sites, booting VMs in 50 ms, with a 0.2 s resync. */
    static RunningPhantom start() throws Exception {
        Map<String, SiteConfig> sites = new java.util.LinkedHashMap<>();
        for (String name : PhantomConfig.builtInSites().keySet()) sites.put(name, sim(name, Map.of()));
        return start(sites);
    }

    static SiteConfig sim(String name, Map<String, Object> options) {
        Map<String, Object> o = new java.util.HashMap<>(Map.of("boot_seconds", 0.05));
        o.putAll(options);
        return new SiteConfig(name, "sim", o);
    }

    static RunningPhantom start(Map<String, SiteConfig> sites) throws Exception {
        Path dir = Files.createTempDirectory("phantom-test");
        return new RunningPhantom(dir, PhantomServer.start(config(dir, sites), Clock.systemUTC()));
    }

    static PhantomConfig config(Path dir, Map<String, SiteConfig> sites) {
        return ConfigLoader.defaults().withDataDir(dir).withListen("127.0.0.1", 0).withSites(sites)
                .withEngine(new PhantomConfig.Engine(0.2, 30, 8));
    }

    URI endpoint() {
        return server.endpoint();
    }

    /** Creates a user (its secret sealed in the database, as {@code phantom user add} does) and returns its keys. */
    User user(String name) {
        return server.users().add(name, Clock.systemUTC().instant());
    }

    AutoScalingClient client(User u) {
        return client(u.accessKeyId(), u.secretAccessKey());
    }

    AutoScalingClient client(String accessKey, String secret) {
        return client(endpoint(), accessKey, secret);
    }

    static AutoScalingClient client(URI endpoint, String accessKey, String secret) {
        return AutoScalingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public void close() throws Exception {
        server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
