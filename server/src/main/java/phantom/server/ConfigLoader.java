package phantom.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import phantom.core.driver.CloudDriverFactory;
import phantom.core.text.DidYouMean;
import phantom.store.DatabaseConfig;

/**
 * Reads the YAML config file (docs/configuration.md). Every key has a default; unknown keys and bad
 * values stop start-up with a message that names the file, the line and the key, and what is expected.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("listen", "data_dir", "database", "sites", "tls", "engine", "credentials_key_file", "http",
            "cluster", "management", "metrics", "logging");

    /** A site's keys that the server reads itself, never passed to its driver as options. */
    static final String SITE_DRIVER = "driver";
    static final String SITE_WATCH_SECONDS = "watch_seconds";
    static final Set<String> SITE_KEYS = Set.of(SITE_DRIVER, SITE_WATCH_SECONDS);

    /** The shortest watch interval: a listing every 10 ms is already far beyond any cloud's rate limit. */
    static final double MIN_WATCH_SECONDS = 0.01;
    /** The longest: a dead VM is noticed at the latest at the next listing, so a day is already too slow. */
    static final double MAX_WATCH_SECONDS = 86_400;

    private final Function<String, String> env;

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** The configuration with no file at all. */
    public static PhantomConfig defaults() {
        return new PhantomConfig(PhantomConfig.DEFAULT_HOST, PhantomConfig.DEFAULT_PORT, defaultDataDir(), null,
                PhantomConfig.builtInSites(), null, PhantomConfig.Engine.DEFAULT, null,
                PhantomConfig.Http.DEFAULT);
    }

    static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".phantom");
    }

    /**
     * Reads and checks one file. Every error names the file, and the line of the key it is about
     * when there is one: {@code config file /etc/phantom.yaml, line 7: ...}.
     */
    public PhantomConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist (give the path of a YAML file to --config,"
                    + " or leave --config out to run with the built-in defaults)");
        } catch (AccessDeniedException e) {
            throw new ConfigException("config file " + file + " cannot be read: permission denied");
        } catch (MalformedInputException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        Object root;
        KeyLines lines;
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            root = yaml.load(text);
            lines = KeyLines.of(yaml.compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? "" : ", line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            throw new ConfigException("config file " + file + where + " is not valid YAML: " + e.getProblem()
                    + " (YAML: one key: value per line, nested keys indented with spaces, never tabs)");
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
        }
        try {
            return parse(root);
        } catch (ConfigException e) {
            Integer line = e.key == null ? null : lines.lineOf(e.key);
            throw new ConfigException("config file " + file + (line == null ? "" : ", line " + line) + ": " + e.getMessage());
        }
    }

    private PhantomConfig parse(Object root) {
        if (root == null) return defaults();
        Map<String, Object> top = map(root, "the config file", null);
        unknownKeys(top, TOP, "the config file", null);

        PhantomConfig c = defaults();
        if (top.containsKey("listen")) {
            HostPort hp;
            try {
                hp = HostPort.parse(string(top.get("listen"), "listen"));
            } catch (RuntimeException e) {
                throw new ConfigException("listen", "listen: " + e.getMessage());
            }
            c = c.withListen(hp.host(), hp.port());
        }
        if (top.containsKey("data_dir")) c = c.withDataDir(path(string(top.get("data_dir"), "data_dir")));
        DatabaseConfig db = top.containsKey("database") ? database(map(top.get("database"), "database", "database")) : null;
        Map<String, SiteConfig> sites = top.containsKey("sites") ? sites(top.get("sites")) : c.sites();
        PhantomConfig.Tls tls = top.containsKey("tls") ? tls(map(top.get("tls"), "tls", "tls")) : null;
        PhantomConfig.Engine engine = top.containsKey("engine") ? engine(map(top.get("engine"), "engine", "engine")) : c.engine();
        Path key = top.containsKey("credentials_key_file") ? path(string(top.get("credentials_key_file"), "credentials_key_file")) : null;
        PhantomConfig.Http http = top.containsKey("http") ? http(map(top.get("http"), "http", "http")) : c.http();
        PhantomConfig.Cluster cluster = PhantomConfig.Cluster.DEFAULT;
        if (top.containsKey("cluster")) {
            if (db == null || db.isEmbedded()) {
                throw new ConfigException("cluster", "cluster: needs a PostgreSQL database: (the embedded database runs one node;"
                        + " see docs/cluster.md)");
            }
            cluster = cluster(map(top.get("cluster"), "cluster", "cluster"));
        }
        PhantomConfig.Operations ops = PhantomConfig.Operations.DEFAULT;
        if (top.containsKey("management")) {
            Map<String, Object> m = map(top.get("management"), "management", "management");
            unknownKeys(m, Set.of("listen"), "management", "management");
            if (m.containsKey("listen")) {
                HostPort hp = managementListen(string(m.get("listen"), "management.listen"), "management.listen");
                ops = hp == null ? ops.withManagement(null, 0) : ops.withManagement(hp.host(), hp.port());
            }
        }
        if (top.containsKey("metrics")) {
            Map<String, Object> m = map(top.get("metrics"), "metrics", "metrics");
            unknownKeys(m, Set.of("per_group"), "metrics", "metrics");
            if (m.containsKey("per_group")) ops = ops.withMetricsPerGroup(bool(m.get("per_group"), "metrics.per_group"));
        }
        if (top.containsKey("logging")) ops = ops.withLogging(logging(map(top.get("logging"), "logging", "logging")));
        return new PhantomConfig(c.host(), c.port(), c.dataDir(), db, sites, tls, engine, key, http, cluster, ops);
    }

    /**
     * {@code management.listen} or {@code --management-listen}: HOST:PORT, or {@code none} (null:
     * no management listener).
     */
    static HostPort managementListen(String value, String key) {
        if (value == null) throw new ConfigException(key, key + " must be HOST:PORT (e.g. 127.0.0.1:8446) or none");
        if (value.trim().equalsIgnoreCase("none")) return null;
        try {
            return HostPort.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, key + ": " + e.getMessage() + " (or none to serve no /metrics, /healthz, /readyz)");
        }
    }

    private static phantom.server.ops.Logging.Settings logging(Map<String, Object> m) {
        unknownKeys(m, Set.of("format", "levels"), "logging", "logging");
        String format = m.containsKey("format") ? string(m.get("format"), "logging.format") : "text";
        if (!"text".equals(format) && !"json".equals(format)) {
            throw new ConfigException("logging.format", "logging.format must be text or json, got '" + format + "'");
        }
        Map<String, String> levels = new LinkedHashMap<>();
        if (m.containsKey("levels")) {
            map(m.get("levels"), "logging.levels", "logging.levels").forEach((logger, level) -> {
                String key = "logging.levels." + logger;
                String name = string(level, key);
                if (name == null || !phantom.server.ops.Logging.LEVELS.contains(name.toUpperCase(java.util.Locale.ROOT))) {
                    throw new ConfigException(key, key + " must be one of " + String.join(", ", phantom.server.ops.Logging.LEVELS)
                            + ", got '" + level + "' (e.g. phantom.reconcile: DEBUG)");
                }
                if (logger.isBlank() || logger.chars().anyMatch(Character::isWhitespace)) {
                    throw new ConfigException(key, "logging.levels: '" + logger + "' is not a logger name (a package such as"
                            + " phantom.reconcile, or root)");
                }
                levels.put("root".equals(logger) ? org.slf4j.Logger.ROOT_LOGGER_NAME : logger, name.toUpperCase(java.util.Locale.ROOT));
            });
        }
        return new phantom.server.ops.Logging.Settings("json".equals(format), levels);
    }

    private static boolean bool(Object v, String key) {
        if (v instanceof Boolean b) return b;
        throw new ConfigException(key, key + " must be true or false, got '" + v + "'");
    }

    private DatabaseConfig database(Map<String, Object> m) {
        unknownKeys(m, Set.of("url", "user", "password", "password_env"), "database", "database");
        String url = string(m.get("url"), "database.url");
        if (url == null || !url.startsWith("jdbc:")) {
            throw new ConfigException("database.url", "database.url must be a JDBC URL, for example jdbc:postgresql://db.example.org:5432/phantom");
        }
        String password = string(m.get("password"), "database.password");
        String passwordEnv = string(m.get("password_env"), "database.password_env");
        if (passwordEnv != null) {
            password = env.apply(passwordEnv);
            if (password == null) {
                throw new ConfigException("database.password_env", "database.password_env names " + passwordEnv + ", which is not set in the environment");
            }
        }
        return new DatabaseConfig(url, string(m.get("user"), "database.user"), password);
    }

    private static Map<String, SiteConfig> sites(Object raw) {
        Map<String, Object> m = map(raw, "sites", "sites");
        if (m.isEmpty()) throw new ConfigException("sites", "sites is empty: configure at least one site");
        Map<String, CloudDriverFactory> factories = Sites.factories();
        Map<String, SiteConfig> out = new LinkedHashMap<>();
        m.forEach((name, value) -> {
            String key = "sites." + name;
            if (name.isBlank() || name.matches(".*[,@;|].*") || name.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(key, "site name '" + name + "' must be non-empty, without spaces, ',', '@', ';' or '|'"
                        + " (users write it in family@site and in the clouds tag, site:max,site:max)");
            }
            Map<String, Object> opts = new LinkedHashMap<>(map(value, key, key));
            Object driver = opts.remove(SITE_DRIVER);
            if (driver == null) {
                throw new ConfigException(key, key + ".driver is missing (one of " + String.join(", ", new TreeSet<>(factories.keySet())) + ")");
            }
            Double watch = opts.containsKey(SITE_WATCH_SECONDS)
                    ? watchSeconds(opts.remove(SITE_WATCH_SECONDS), key + "." + SITE_WATCH_SECONDS) : null;
            SiteConfig site = new SiteConfig(name, string(driver, key + ".driver"), opts, watch);
            Sites.check(site, factories);
            out.put(name, site);
        });
        return out;
    }

    private static PhantomConfig.Tls tls(Map<String, Object> m) {
        unknownKeys(m, Set.of("certificate", "private_key"), "tls", "tls");
        String cert = string(m.get("certificate"), "tls.certificate");
        String key = string(m.get("private_key"), "tls.private_key");
        if (cert == null || key == null) throw new ConfigException("tls", "tls needs both certificate and private_key (PEM files)");
        return new PhantomConfig.Tls(path(cert), path(key));
    }

    private static PhantomConfig.Engine engine(Map<String, Object> m) {
        unknownKeys(m, Set.of("resync_seconds", "boot_timeout_seconds", "launch_parallelism", "shutdown_timeout_seconds",
                        "watch_seconds"), "engine", "engine");
        PhantomConfig.Engine d = PhantomConfig.Engine.DEFAULT;
        double resync = number(m.getOrDefault("resync_seconds", d.resyncSeconds()), "engine.resync_seconds", 0.01);
        double boot = number(m.getOrDefault("boot_timeout_seconds", d.bootTimeoutSeconds()), "engine.boot_timeout_seconds", 0.01);
        double par = number(m.getOrDefault("launch_parallelism", d.launchParallelism()), "engine.launch_parallelism", 1);
        if (par != Math.rint(par) || par > 1000) throw new ConfigException("engine.launch_parallelism", "engine.launch_parallelism must be a whole number from 1 to 1000");
        double stop = number(m.getOrDefault("shutdown_timeout_seconds", d.shutdownTimeoutSeconds()),
                "engine.shutdown_timeout_seconds", 0);
        Double watch = m.containsKey("watch_seconds") ? watchSeconds(m.get("watch_seconds"), "engine.watch_seconds") : null;
        return new PhantomConfig.Engine(resync, boot, (int) par, stop, watch);
    }

    /** {@code engine.watch_seconds} or a site's {@code watch_seconds}: a number of seconds, 0.01 to 86400. */
    private static double watchSeconds(Object v, String key) {
        double s = number(v, key, MIN_WATCH_SECONDS);
        if (s > MAX_WATCH_SECONDS) {
            throw new ConfigException(key, key + " must be at most " + (long) MAX_WATCH_SECONDS + " seconds, got '" + v + "'");
        }
        return s;
    }

    private static PhantomConfig.Cluster cluster(Map<String, Object> m) {
        unknownKeys(m, Set.of("lease_seconds", "node_name"), "cluster", "cluster");
        PhantomConfig.Cluster d = PhantomConfig.Cluster.DEFAULT;
        double lease = number(m.getOrDefault("lease_seconds", d.leaseSeconds()), "cluster.lease_seconds",
                PhantomConfig.Cluster.MIN_LEASE_SECONDS);
        if (lease > PhantomConfig.Cluster.MAX_LEASE_SECONDS) {
            throw new ConfigException("cluster.lease_seconds", "cluster.lease_seconds must be at most "
                    + (long) PhantomConfig.Cluster.MAX_LEASE_SECONDS + " seconds (a dead node's groups wait this long), got '"
                    + m.get("lease_seconds") + "'");
        }
        String name = string(m.get("node_name"), "cluster.node_name");
        if (name != null && (name.isBlank() || name.length() > 200 || name.contains("/") || name.chars().anyMatch(ch -> ch < 0x20))) {
            throw new ConfigException("cluster.node_name", "cluster.node_name must be 1 to 200 characters, without '/' or control"
                    + " characters, got '" + name + "'");
        }
        return new PhantomConfig.Cluster(lease, name);
    }

    private static PhantomConfig.Http http(Map<String, Object> m) {
        unknownKeys(m, Set.of("idle_timeout_seconds", "body_timeout_seconds"), "http", "http");
        PhantomConfig.Http d = PhantomConfig.Http.DEFAULT;
        double idle = number(m.getOrDefault("idle_timeout_seconds", d.idleTimeoutSeconds()), "http.idle_timeout_seconds", 0.1);
        double body = number(m.getOrDefault("body_timeout_seconds", d.bodyTimeoutSeconds()), "http.body_timeout_seconds", 0.1);
        if (idle > 3600 || body > 3600) throw new ConfigException("http", "http timeouts must be at most 3600 seconds");
        return new PhantomConfig.Http(idle, body);
    }

    static Path path(String s) {
        if (s.equals("~")) return Path.of(System.getProperty("user.home"));
        if (s.startsWith("~/")) return Path.of(System.getProperty("user.home"), s.substring(2));
        return Path.of(s);
    }

    private static double number(Object v, String key, double min) {
        if (!(v instanceof Number n) || n.doubleValue() < min || !Double.isFinite(n.doubleValue())) {
            throw new ConfigException(key, key + " must be a number >= " + min + ", got '" + v + "'");
        }
        return n.doubleValue();
    }

    private static String string(Object v, String key) {
        if (v == null) return null;
        if (v instanceof Map || v instanceof Iterable) throw new ConfigException(key, key + " must be a single value, not a list or a mapping");
        return v.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String where, String key) {
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(key, where + " must be a mapping of keys to values (key: value lines indented under it), got '" + v + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) m).forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    private static void unknownKeys(Map<String, Object> m, Set<String> known, String where, String prefix) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new ConfigException(prefix == null ? k : prefix + "." + k, "unknown key '" + k + "' in " + where
                        + DidYouMean.hint(k, known) + " (known keys: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** A bad configuration, with a message for the operator. */
    public static final class ConfigException extends RuntimeException {
        /** The dotted path of the key the message is about ({@code sites.hotel.capacity}), or null. */
        final String key;

        public ConfigException(String message) {
            this(null, message);
        }

        public ConfigException(String key, String message) {
            super(message);
            this.key = key;
        }
    }
}
