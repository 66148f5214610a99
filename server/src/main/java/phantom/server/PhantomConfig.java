package phantom.server;

import phantom.reconcile.ReconcilerSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phantom.store.DatabaseConfig;

/**
 * Phantom's configuration, validated once at start-up and immutable after.
 *
 * @param database null for the embedded database in {@code dataDir}
 * @param sites the configured sites, in file order
 * @param tls null for plain HTTP
 * @param engine the reconciler's timings
 * @param credentialsKey the key file that encrypts users' cloud credentials and API secrets; null
 *     for {@code data_dir/credentials.key}
 * @param http how long the API waits for slow or silent clients
 * @param cluster how the nodes on one PostgreSQL share the groups (docs/cluster.md)
 * @param operations the management listener, metrics and logs (docs/operations.md)
 */
public record PhantomConfig(
        String host,
        int port,
        Path dataDir,
        DatabaseConfig database,
        Map<String, SiteConfig> sites,
        Tls tls,
        Engine engine,
        Path credentialsKey,
        Http http,
        Cluster cluster,
        Operations operations) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8445;

    public PhantomConfig {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
        if (cluster == null) cluster = Cluster.DEFAULT;
        if (operations == null) operations = Operations.DEFAULT;
    }

    /** With the default management listener, metrics and logs. */
    public PhantomConfig(String host, int port, Path dataDir, DatabaseConfig database, Map<String, SiteConfig> sites, Tls tls,
            Engine engine, Path credentialsKey, Http http, Cluster cluster) {
        this(host, port, dataDir, database, sites, tls, engine, credentialsKey, http, cluster, Operations.DEFAULT);
    }

    /**
     * The {@code management:}, {@code metrics:} and {@code logging:} sections (docs/operations.md).
     *
     * @param managementHost where {@code /metrics}, {@code /healthz} and {@code /readyz} are served;
     *     null when {@code management.listen: none}
     * @param managementGiven whether the address was configured (the file or --management-listen):
     *     then failing to bind it stops the start; the default address, when taken (a second Phantom
     *     on one machine), is only warned about
     * @param metricsPerGroup {@code metrics.per_group}: series per group ({@code group="owner/name"})
     */
    public record Operations(String managementHost, int managementPort, boolean managementGiven, boolean metricsPerGroup,
            phantom.server.ops.Logging.Settings logging) {
        public static final String DEFAULT_MANAGEMENT_HOST = "127.0.0.1";
        public static final int DEFAULT_MANAGEMENT_PORT = 8446;
        public static final Operations DEFAULT = new Operations(DEFAULT_MANAGEMENT_HOST, DEFAULT_MANAGEMENT_PORT, false, false,
                phantom.server.ops.Logging.Settings.DEFAULT);

        /** Serving management at this address (host null: not at all), as configured. */
        public Operations withManagement(String host, int port) {
            return new Operations(host, port, true, metricsPerGroup, logging);
        }

        public Operations withMetricsPerGroup(boolean perGroup) {
            return new Operations(managementHost, managementPort, managementGiven, perGroup, logging);
        }

        public Operations withLogging(phantom.server.ops.Logging.Settings newLogging) {
            return new Operations(managementHost, managementPort, managementGiven, metricsPerGroup, newLogging);
        }
    }

    /** With the default cluster settings. */
    public PhantomConfig(String host, int port, Path dataDir, DatabaseConfig database, Map<String, SiteConfig> sites, Tls tls,
            Engine engine, Path credentialsKey, Http http) {
        this(host, port, dataDir, database, sites, tls, engine, credentialsKey, http, Cluster.DEFAULT);
    }

    /**
     * The {@code cluster:} section: how the nodes on one PostgreSQL share the groups.
     *
     * @param leaseSeconds how long a node's shard leases last without renewal: a dead node's groups
     *     are taken over this long (plus about a second) after its last renewal
     * @param nodeName the name this node goes by in {@code phantom nodes} and the logs; null for
     *     "host:port" of its listener
     */
    public record Cluster(double leaseSeconds, String nodeName) {
        public static final Cluster DEFAULT = new Cluster(10, null);
        public static final double MIN_LEASE_SECONDS = 2;
        public static final double MAX_LEASE_SECONDS = 120;
    }

    /**
     * HTTPS: a PEM certificate chain and a PEM (PKCS#8) private key.
     */
    public record Tls(Path certificate, Path privateKey) {
    }

    /**
     * @param resyncSeconds how often every group is re-checked even without a change
     * @param bootTimeoutSeconds a VM not running this long after its launch is unhealthy and replaced
     * @param launchParallelism launches and terminations in flight at once, per site
     * @param shutdownTimeoutSeconds on SIGTERM or Ctrl-C, how long to wait for the cloud calls in
     *     flight before stopping anyway (what is cut short resumes at the next start)
     * @param watchSeconds how often the site watcher lists each site that has no {@code watch_seconds}
     *     of its own; null when {@code engine.watch_seconds} is not set, so each such site takes its
     *     driver's default ({@link Sites#watchIntervals})
     */
    public record Engine(double resyncSeconds, double bootTimeoutSeconds, int launchParallelism,
            double shutdownTimeoutSeconds, Double watchSeconds) {
        /** The reconciler's own defaults ({@link ReconcilerSettings#DEFAULT}), the one source. */
        public static final Engine DEFAULT = of(ReconcilerSettings.DEFAULT);

        /** With no {@code engine.watch_seconds}: every site is watched at its own or its driver's interval. */
        public Engine(double resyncSeconds, double bootTimeoutSeconds, int launchParallelism, double shutdownTimeoutSeconds) {
            this(resyncSeconds, bootTimeoutSeconds, launchParallelism, shutdownTimeoutSeconds, null);
        }

        /** With the default shutdown timeout and no {@code engine.watch_seconds}. */
        public Engine(double resyncSeconds, double bootTimeoutSeconds, int launchParallelism) {
            this(resyncSeconds, bootTimeoutSeconds, launchParallelism,
                    seconds(ReconcilerSettings.DEFAULT.shutdownTimeout()));
        }

        /** The same, watching every site without a {@code watch_seconds} of its own this often. */
        public Engine withWatchSeconds(Double seconds) {
            return new Engine(resyncSeconds, bootTimeoutSeconds, launchParallelism, shutdownTimeoutSeconds, seconds);
        }

        /** The reconciler's settings for these values (the call timeout is the default's). */
        public ReconcilerSettings settings() {
            return new ReconcilerSettings(duration(resyncSeconds), duration(bootTimeoutSeconds), launchParallelism,
                    ReconcilerSettings.DEFAULT.callTimeout(), duration(shutdownTimeoutSeconds));
        }

        private static Engine of(ReconcilerSettings s) {
            return new Engine(seconds(s.resync()), seconds(s.bootTimeout()), s.parallelismPerSite(),
                    seconds(s.shutdownTimeout()));
        }

        private static double seconds(java.time.Duration d) {
            return d.toNanos() / 1e9;
        }
    }

    /** A number of seconds from the config file as a duration, to the nanosecond. */
    static java.time.Duration duration(double seconds) {
        return java.time.Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * Bounds on what a client can hold: no request waits on a client for longer than these.
     *
     * @param idleTimeoutSeconds a connection on which nothing arrives this long is closed (between
     *     requests, and while a body is awaited)
     * @param bodyTimeoutSeconds a request's headers and body must have arrived this long after its
     *     first byte, or it is answered 408 {@code RequestTimeout} and the connection closed
     */
    public record Http(double idleTimeoutSeconds, double bodyTimeoutSeconds) {
        public static final Http DEFAULT = new Http(30, 20);
    }

    /** The built-in simulated sites, the FutureGrid clouds of the original. */
    public static Map<String, SiteConfig> builtInSites() {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        for (String name : List.of("hotel", "sierra", "foxtrot", "alamo")) {
            sites.put(name, new SiteConfig(name, "sim", Map.of()));
        }
        return sites;
    }

    public DatabaseConfig databaseOrEmbedded() {
        return database != null ? database : DatabaseConfig.embedded(dataDir);
    }

    public Path credentialsKeyFile() {
        return credentialsKey != null ? credentialsKey : dataDir.resolve("credentials.key");
    }

    public PhantomConfig withListen(String newHost, int newPort) {
        return new PhantomConfig(newHost, newPort, dataDir, database, sites, tls, engine, credentialsKey, http, cluster, operations);
    }

    public PhantomConfig withDataDir(Path dir) {
        return new PhantomConfig(host, port, dir, database, sites, tls, engine, credentialsKey, http, cluster, operations);
    }

    public PhantomConfig withTls(Tls newTls) {
        return new PhantomConfig(host, port, dataDir, database, sites, newTls, engine, credentialsKey, http, cluster, operations);
    }

    public PhantomConfig withSites(Map<String, SiteConfig> newSites) {
        return new PhantomConfig(host, port, dataDir, database, newSites, tls, engine, credentialsKey, http, cluster, operations);
    }

    public PhantomConfig withHttp(Http newHttp) {
        return new PhantomConfig(host, port, dataDir, database, sites, tls, engine, credentialsKey, newHttp, cluster, operations);
    }

    public PhantomConfig withCluster(Cluster newCluster) {
        return new PhantomConfig(host, port, dataDir, database, sites, tls, engine, credentialsKey, http, newCluster, operations);
    }

    public PhantomConfig withOperations(Operations newOperations) {
        return new PhantomConfig(host, port, dataDir, database, sites, tls, engine, credentialsKey, http, cluster, newOperations);
    }

    public PhantomConfig withEngine(Engine newEngine) {
        return new PhantomConfig(host, port, dataDir, database, sites, tls, newEngine, credentialsKey, http, cluster, operations);
    }
}
