package phantom.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.api.ApiEndpoint;
import phantom.groups.GroupChanged;
import phantom.groups.Limits;
import phantom.api.action.ActionContext;
import phantom.api.action.Actions;
import phantom.core.driver.CloudDriver;
import phantom.reconcile.Ownership;
import phantom.reconcile.Reconciler;
import phantom.store.GroupNotifications;
import phantom.store.Database;
import phantom.store.Housekeeping;
import phantom.server.ops.ManagementServer;
import phantom.server.ops.ServerMetrics;

/**
 * A running Phantom: the database, the API on Jetty, and the reconciler. {@link #close()} stops
 * them in the reverse order, so no request is half-served and no write is lost.
 */
public final class PhantomServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PhantomServer.class);

    private final Database db;
    private final Map<String, CloudDriver> drivers;
    private final Reconciler reconciler;
    private final phantom.reconcile.ScheduledScaling schedules;
    private final Server jetty;
    private final ServerConnector connector;
    private final boolean https;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private final ServeLock serveLock;
    private final ApiUsers users;
    private final Housekeeping housekeeping;
    /** The cluster's change notifications; null on the embedded database. */
    private final GroupNotifications notifications;
    private final ServerMetrics metrics;
    /** /metrics, /healthz, /readyz; null when turned off (or its default address was taken). */
    private final ManagementServer management;

    private PhantomServer(Database db, Housekeeping housekeeping, Map<String, CloudDriver> drivers, Reconciler reconciler,
            phantom.reconcile.ScheduledScaling schedules, Server jetty, ServerConnector connector, boolean https, ServeLock serveLock, ApiUsers users,
            GroupNotifications notifications, ServerMetrics metrics,
            ManagementServer management) {
        this.metrics = metrics;
        this.management = management;
        this.notifications = notifications;
        this.serveLock = serveLock;
        this.housekeeping = housekeeping;
        this.users = users;
        this.db = db;
        this.drivers = drivers;
        this.reconciler = reconciler;
        this.schedules = schedules;
        this.jetty = jetty;
        this.connector = connector;
        this.https = https;
    }

    public static PhantomServer start(PhantomConfig config, Clock clock) throws Exception {
        ServeLock serveLock = ServeLock.acquire(config.dataDir());
        Map<String, CloudDriver> drivers;
        Database db;
        try {
            drivers = Sites.drivers(config.sites(), config.dataDir(), clock);
            db = Database.open(config.databaseOrEmbedded());
        } catch (RuntimeException e) {
            serveLock.close();
            throw e;
        }
        Reconciler reconciler = null;
        phantom.reconcile.ScheduledScaling schedules = null;
        ServerMetrics metrics = new ServerMetrics();
        ManagementServer management = null;
        Housekeeping housekeeping = null;
        GroupNotifications notifications = null;
        try {
            housekeeping = Housekeeping.start(db, clock);
            CredentialVault vault = CredentialVault.open(config.credentialsKeyFile());
            CloudCredentialStore credentials = new CloudCredentialStore(db, vault, clock);
            ApiUsers users = new ApiUsers(db, vault);
            List<String> sealedNow = users.sealPlainSecrets();
            if (!sealedNow.isEmpty()) {
                log.warn("sealed the API secrets of {} user(s) that were stored in plain text ({}); copies of the database made "
                        + "before now hold them readable: give those users new keys if such copies may exist", sealedNow.size(), sealedNow);
            }
            ConfiguredSites sites = new ConfiguredSites(drivers, credentials);
            Map<String, Duration> watch = Sites.watchIntervals(config);
            Ownership ownership = Ownership.SOLE;
            if (!config.databaseOrEmbedded().isEmbedded()) {
                ownership = ClusterNode.ownership(config, db);
                ClusterNode.warnAboutSingleNodeSites(config);
            }
            reconciler = new Reconciler(db, drivers, watch, credentials, clock, config.engine().settings(),
                    new phantom.reconcile.EngineMetrics(metrics.registry(), config.operations().metricsPerGroup()), ownership);
            Reconciler engine = reconciler;
            GroupChanged groupChanged = engine::groupChanged;
            if (!config.databaseOrEmbedded().isEmbedded()) {
                // every node, this one included, hears of each change and passes it to its engine
                notifications = GroupNotifications.listen(config.databaseOrEmbedded(), engine::groupChanged, engine::recheckAll);
                groupChanged = ClusterNode.notifying(db, engine);
            }
            String installation = db.transaction(tx -> tx.installation().id(clock.instant()));
            ActionContext ctx = ActionContext.of(db, sites, clock, Limits.DEFAULT, groupChanged, installation);
            List<phantom.api.action.Action> actions = Actions.all(ctx);
            schedules = new phantom.reconcile.ScheduledScaling(ctx.schedules(), ownership,
                    phantom.reconcile.ScheduledScaling.DEFAULT_PERIOD, metrics.registry());
            ApiEndpoint endpoint = new ApiEndpoint(users::byAccessKey, clock, actions,
                    phantom.api.ec2.Ec2Actions.all(sites), metrics.registry());
            // the console's changes go through the same action handlers as the API's
            phantom.server.console.Console console = new phantom.server.console.Console(db, users::byAccessKey, actions, clock);

            // blocking request handling on virtual threads: clients that are slow to send hold no platform thread
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("phantom-http");
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("phantom-api-"));
            Server jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendDateHeader(true);
            ServerConnector connector;
            if (config.tls() != null) {
                http.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server ssl = Tls.contextFactory(config.tls());
                connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
            } else {
                connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            }
            connector.setHost(config.host());
            connector.setPort(config.port());
            connector.setIdleTimeout(Math.round(config.http().idleTimeoutSeconds() * 1000));
            jetty.addConnector(connector);
            jetty.setHandler(metrics.timed(new HttpGateway(endpoint, console, config.http())));
            metrics.bindJetty(jetty);
            jetty.setStopTimeout(5_000);
            jetty.start(); // first: a port that cannot be bound stops the start before the engine runs
            management = ManagementServer.start(config.operations(), metrics.registry(), db, reconciler);
            reconciler.start();
            schedules.start();
            PhantomServer s = new PhantomServer(db, housekeeping, drivers, reconciler, schedules, jetty, connector,
                    config.tls() != null, serveLock, users, notifications, metrics, management);
            log.info("Phantom listening on {} with sites {} (watching {}), database {}", s.endpoint(),
                    List.copyOf(config.sites().keySet()), Sites.describeWatch(watch), db.describe());
            return s;
        } catch (Exception | Error e) {
            if (management != null) management.close();
            metrics.close();
            if (notifications != null) notifications.close();
            if (schedules != null) schedules.close();
            if (reconciler != null) reconciler.close();
            if (housekeeping != null) housekeeping.close();
            db.close();
            closeDrivers(drivers);
            serveLock.close();
            throw e;
        }
    }

    /** The management listener's address (/metrics, /healthz, /readyz); empty when there is none. */
    public java.util.Optional<URI> managementEndpoint() {
        return java.util.Optional.ofNullable(management).map(ManagementServer::endpoint);
    }

    private static void closeDrivers(Map<String, CloudDriver> drivers) {
        for (CloudDriver d : drivers.values()) {
            if (d instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ex) {
                    log.warn("closing a driver: {}", ex.toString());
                }
            }
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI endpoint() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create((https ? "https" : "http") + "://" + host + ":" + port());
    }

    public Database database() {
        return db;
    }

    /** The API users, whose secrets are sealed in the database. */
    ApiUsers users() {
        return users;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Starts no new cloud call (logging what is still in flight), stops taking requests, lets the
     * cloud calls in flight finish within the engine's shutdown timeout, then closes the database.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        schedules.close(); // no scheduled action runs once the server stops
        reconciler.stopStarting();
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("stopping the HTTP server: {}", e.toString());
        }
        if (management != null) management.close(); // /readyz stops answering ready as the API stops
        if (notifications != null) notifications.close();
        reconciler.close(); // in a cluster it then hands its groups over to the other nodes
        housekeeping.close();
        db.close();
        closeDrivers(drivers);
        try {
            serveLock.close();
        } catch (java.io.IOException e) {
            log.warn("releasing the serve lock: {}", e.toString());
        }
        metrics.close();
        log.info("Phantom stopped");
    }
}
