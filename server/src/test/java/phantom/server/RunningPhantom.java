package phantom.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import phantom.core.model.User;

/**
 * A packaged Phantom server ({@link PhantomProcess}: the distribution's {@code bin/phantom serve})
 * on a free loopback port with a temporary data directory, and AWS SDK for Java v2 clients for its
 * users. Tests talk to it over real HTTP and observe it from outside: the API, {@code phantom}
 * commands, the clouds.
 */
final class RunningPhantom implements AutoCloseable {
    /** Resync every 0.2 s, the default boot timeout and launch parallelism of the tests. */
    static final PhantomConfig.Engine TEST_ENGINE = new PhantomConfig.Engine(0.2, 30, 8);

    final Path dataDir;
    private final Path dir;
    private final PhantomProcess process;

    private RunningPhantom(Path dir, Path dataDir, PhantomProcess process) {
        this.dir = dir;
        this.dataDir = dataDir;
        this.process = process;
    }

    /** The four built-in sim sites, booting VMs in 50 ms, with a 0.2 s resync. */
    static RunningPhantom start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
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
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("phantom.yaml"), yaml(sites, TEST_ENGINE));
        PhantomProcess process = new PhantomProcess(config, dataDir);
        RunningPhantom phantom = new RunningPhantom(dir, dataDir, process);
        try {
            process.start();
        } catch (Exception e) {
            phantom.close();
            throw e;
        }
        return phantom;
    }

    /** The config file for these sites and engine settings, in the format of docs/configuration.md. */
    static String yaml(Map<String, SiteConfig> sites, PhantomConfig.Engine engine) {
        Map<String, Object> siteMap = new LinkedHashMap<>();
        sites.forEach((name, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("driver", s.driver());
            if (s.watchSeconds() != null) m.put("watch_seconds", s.watchSeconds());
            m.putAll(s.options());
            siteMap.put(name, m);
        });
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, Object> engineMap = new LinkedHashMap<>(Map.of("resync_seconds", engine.resyncSeconds(),
                "boot_timeout_seconds", engine.bootTimeoutSeconds(), "launch_parallelism", engine.launchParallelism()));
        if (engine.watchSeconds() != null) engineMap.put("watch_seconds", engine.watchSeconds());
        top.put("engine", engineMap);
        top.put("sites", siteMap);
        return new Yaml().dump(top);
    }

    /** The configuration of an in-process {@link PhantomServer} (for unit tests of the server's own classes). */
    static PhantomConfig config(Path dir, Map<String, SiteConfig> sites) {
        return ConfigLoader.defaults().withDataDir(dir).withListen("127.0.0.1", 0).withSites(sites).withEngine(TEST_ENGINE);
    }

    URI endpoint() {
        return process.endpoint();
    }

    /** Stops the server (SIGTERM, waits) and starts it again on the same port, config and data directory. */
    void restart() throws Exception {
        process.stop();
        process.start();
    }

    /** Runs a {@code phantom} command (e.g. {@code credentials set ...}) on this server's config and data directory. */
    String run(String... args) throws Exception {
        return process.run(args);
    }

    /** Runs a {@code phantom} command with this standard input (e.g. {@code credentials set ... secret_access_key}). */
    String runWithInput(String input, String... args) throws Exception {
        return process.runWithInput(input, args);
    }

    /** Creates a user with {@code phantom user add} (as an operator would, while the server runs) and returns its keys. */
    User user(String name) {
        String credentials;
        try {
            credentials = process.run("user", "add", name);
        } catch (Exception e) {
            throw new IllegalStateException("phantom user add " + name + " failed", e);
        }
        return new User(name, value(credentials, "aws_access_key_id"), value(credentials, "aws_secret_access_key"),
                Clock.systemUTC().instant());
    }

    /** A value of the AWS credentials-file text that {@code phantom user add} prints. */
    static String value(String credentialsFile, String name) {
        return credentialsFile.lines().filter(l -> l.startsWith(name + " = ")).map(l -> l.substring(name.length() + 3).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + credentialsFile));
    }

    AutoScalingClient client(User u) {
        return client(u.accessKeyId(), u.secretAccessKey());
    }

    AutoScalingClient client(String accessKey, String secret) {
        return client(endpoint(), accessKey, secret);
    }

    /** A client with the keys of this credentials-file text (what {@code phantom user add} prints). */
    static AutoScalingClient client(URI endpoint, String credentialsFile) {
        return client(endpoint, value(credentialsFile, "aws_access_key_id"), value(credentialsFile, "aws_secret_access_key"));
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
        process.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
