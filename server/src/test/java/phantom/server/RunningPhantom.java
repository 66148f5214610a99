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

    static RunningPhantom start() throws Exception {
        return start(Map.of());
    }

    static RunningPhantom start(Map<String, SiteConfig> sites) throws Exception {
        Path dir = Files.createTempDirectory("phantom-test");
        PhantomConfig config = ConfigLoader.defaults().withDataDir(dir).withListen("127.0.0.1", 0);
        if (!sites.isEmpty()) {
            config = new PhantomConfig(config.host(), config.port(), dir, null, sites, null, config.engine());
        }
        return new RunningPhantom(dir, PhantomServer.start(config, Clock.systemUTC()));
    }

    URI endpoint() {
        return server.endpoint();
    }

    /** Creates a user and returns its keys. */
    User user(String name) {
        User u = UserKeys.newUser(name, Clock.systemUTC().instant());
        server.database().transaction(tx -> {
            tx.users().insert(u);
            return null;
        });
        return u;
    }

    AutoScalingClient client(User u) {
        return client(u.accessKeyId(), u.secretAccessKey());
    }

    AutoScalingClient client(String accessKey, String secret) {
        return AutoScalingClient.builder()
                .endpointOverride(endpoint())
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
