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
 * @param credentialsKey the key file that encrypts users' cloud credentials; null for
 *     {@code data_dir/credentials.key}
 */
public record PhantomConfig(
        String host,
        int port,
        Path dataDir,
        DatabaseConfig database,
        Map<String, SiteConfig> sites,
        Tls tls,
        Engine engine,
        Path credentialsKey) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8445;

    public PhantomConfig {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
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
     */
    public record Engine(double resyncSeconds, double bootTimeoutSeconds, int launchParallelism,
            double shutdownTimeoutSeconds) {
        /** The reconciler's own defaults ({@link ReconcilerSettings#DEFAULT}), the one source. */
        public static final Engine DEFAULT = of(ReconcilerSettings.DEFAULT);

        /** With the default shutdown timeout. */
        public Engine(double resyncSeconds, double bootTimeoutSeconds, int launchParallelism) {
            this(resyncSeconds, bootTimeoutSeconds, launchParallelism,
                    seconds(ReconcilerSettings.DEFAULT.shutdownTimeout()));
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

        private static java.time.Duration duration(double s) {
            return java.time.Duration.ofNanos(Math.round(s * 1e9));
        }
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
        return new PhantomConfig(newHost, newPort, dataDir, database, sites, tls, engine, credentialsKey);
    }

    public PhantomConfig withDataDir(Path dir) {
        return new PhantomConfig(host, port, dir, database, sites, tls, engine, credentialsKey);
    }

    public PhantomConfig withTls(Tls newTls) {
        return new PhantomConfig(host, port, dataDir, database, sites, newTls, engine, credentialsKey);
    }

    public PhantomConfig withSites(Map<String, SiteConfig> newSites) {
        return new PhantomConfig(host, port, dataDir, database, newSites, tls, engine, credentialsKey);
    }

    public PhantomConfig withEngine(Engine newEngine) {
        return new PhantomConfig(host, port, dataDir, database, sites, tls, newEngine, credentialsKey);
    }
}
