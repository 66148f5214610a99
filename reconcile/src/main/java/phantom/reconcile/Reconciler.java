package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudDriver;
import phantom.core.model.Group;
import phantom.store.Database;

/**
 * The loop that keeps every group at its desired count (docs/design.md, "The engine"; docs/engine.md,
 * "The site watcher" and "The loop"). One {@link SiteWatcher} per site and account lists the site
 * every watch interval and keeps a snapshot that every group reads; its changes wake exactly the
 * groups they concern. Each group is reconciled by a {@link GroupPass}: it reads the group and its
 * slice of the snapshots, decides with the pure overflow policy and acts through the drivers,
 * writing every intent to the store before the cloud call. Passes are queued per group (never two
 * at once for one group; changes ahead of background work), run by many virtual-thread workers, and
 * repeated: after a change ({@link #enqueue}), a watcher's event, when the plan asks for it, after
 * a failure (with backoff), and when the resync ({@link Resync}: every group decided in memory)
 * finds something to do. Orphaned VMs are swept every resync, from the snapshots.
 *
 * <p>Thread-safe. The clock is used for every decision and record; the resync and retry delays
 * are real time.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /**
     * Workers (virtual threads). A pass mostly waits (for the store, for its cloud calls, which
     * {@link SiteLanes} bounds per site), so many run at once and no group waits for another's calls.
     */
    static final int WORKERS = 256;
    /** Least delay before a pass the previous one asked for. */
    static final Duration SHORTEST = Duration.ofMillis(100);
    /** First retry after a failed pass; doubles up to the resync period. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    /** How often a site is listed when the caller names no interval for it. */
    public static final Duration DEFAULT_WATCH = Duration.ofSeconds(2);

    private final Map<String, Duration> watchIntervals;
    private final EngineMetrics metrics;
    private final io.micrometer.core.instrument.Timer passTimer;
    private final Ownership ownership;
    private final Database db;
    private final Clock clock;
    private final ReconcilerSettings settings;
    private final SiteLanes lanes;
    private final ExecutorService tasks;
    private final ScheduledExecutorService scheduler;
    private final GroupPass pass;
    private final OrphanSweep sweep;
    private final WorkQueue queue;
    private final SiteWatchers watchers;
    private final Resync resync;
    private final Map<String, CloudDriver> sites;
    private final CredentialSource credentials;
    private volatile String installation;
    private final Ticker resyncTicker;
    private final Ticker sweepTicker;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile long stopBy;
    private volatile boolean closed;

    /**
     * @param drivers the configured sites' drivers, by site name
     * @param clock the time for decisions and records (tests pass a controllable one)
     * @param metrics where the engine's metrics go ({@link Ticker})
     */
    public Reconciler(Database db, Map<String, CloudDriver> drivers, CredentialSource credentials, Clock clock,
            ReconcilerSettings settings, MeterRegistry metrics) {
        this(db, drivers, Map.of(), credentials, clock, settings, metrics);
    }

    /**
     * @param drivers the configured sites' drivers, by site name
     * @param watchIntervals how often each site's watcher lists it, by site name (the server resolves a
     *     site's {@code watch_seconds}, then {@code engine.watch_seconds}, then the driver's default); a
     *     site missing here is watched every {@link #DEFAULT_WATCH}
     * @param clock the time for decisions and records (tests pass a controllable one)
     * @param metrics where the engine's metrics go ({@link Ticker})
     */
    public Reconciler(Database db, Map<String, CloudDriver> drivers, Map<String, Duration> watchIntervals,
            CredentialSource credentials, Clock clock, ReconcilerSettings settings, MeterRegistry metrics) {
        this(db, drivers, watchIntervals, credentials, clock, settings, metrics, Ownership.SOLE);
    }

    /**
     * @param ownership which groups this node reconciles: {@link Ownership#SOLE} for all of them, a
     *     {@link ShardOwnership} in a cluster of nodes on PostgreSQL (docs/cluster.md)
     */
    public Reconciler(Database db, Map<String, CloudDriver> drivers, Map<String, Duration> watchIntervals,
            CredentialSource credentials, Clock clock, ReconcilerSettings settings, MeterRegistry metrics,
            Ownership ownership) {
        this(db, drivers, watchIntervals, credentials, clock, settings,
                new EngineMetrics(Objects.requireNonNull(metrics, "metrics"), false), ownership);
    }

    /**
     * @param metrics the engine's metrics ({@link EngineMetrics}: counters, timers and the gauges the
     *     resync derives), on the registry the server publishes
     */
    public Reconciler(Database db, Map<String, CloudDriver> drivers, Map<String, Duration> watchIntervals,
            CredentialSource credentials, Clock clock, ReconcilerSettings settings, EngineMetrics metrics,
            Ownership ownership) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.passTimer = metrics.passTimer();
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.watchIntervals = Map.copyOf(Objects.requireNonNull(watchIntervals, "watchIntervals"));
        this.db = Objects.requireNonNull(db, "db");
        this.sites = Map.copyOf(Objects.requireNonNull(drivers, "drivers"));
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lanes = new SiteLanes(settings.parallelismPerSite(), settings.callTimeout(), metrics);
        this.tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("reconcile-task-", 0).factory());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reconcile-scheduler");
            t.setDaemon(true);
            return t;
        });
        ShortfallNotes notes = new ShortfallNotes(db);
        this.watchers = new SiteWatchers(sites, this.watchIntervals, DEFAULT_WATCH, lanes, clock, this::installationId,
                this::changed);
        Resync[] named = new Resync[1]; // the queue names groups as the resync knows them
        this.queue = new WorkQueue(this::runPass, WORKERS, SHORTEST, FIRST_RETRY, settings.resync(), scheduler,
                id -> groupName(named[0], id));
        this.resync = new Resync(db, sites, credentials, clock, settings, GroupPass.grace(settings), watchers, notes,
                queue::enqueueBackground, ownership, metrics);
        named[0] = resync;
        metrics.queue(queue);
        this.pass = new GroupPass(db, sites, credentials, clock, settings, lanes, tasks, notes, watchers, resync::remember,
                ownership);
        this.sweep = new OrphanSweep(db, watchers, lanes, tasks, clock, ownership);
        this.resyncTicker = new Ticker("resync", settings.resync(), metrics.registry(), resync::run);
        this.sweepTicker = new Ticker("orphan sweep", settings.resync(), metrics.registry(), sweep::sweepIfIdle);
    }

    /**
     * Starts the workers; then, on a task thread, lists every site once per account (all in
     * parallel), starts the watchers, enqueues every group (restart recovery) and sweeps orphans;
     * from then on the resync and the sweep run every {@code resync}.
     */
    public void start() {
        if (closed || stopping.get()) throw new IllegalStateException("the reconciler is closed");
        if (!started.compareAndSet(false, true)) return;
        queue.start();
        ownership.start(this::gained);
        long period = settings.resync().toNanos();
        try {
            tasks.execute(() -> {
                java.util.List<Group> groups = null;
                try {
                    groups = watchAllNow();
                } catch (InterruptedException e) {
                    return; // stopping
                } catch (Throwable t) { // Errors included: the loop must start whatever the first listing throws
                    log.warn("the first listing of the sites failed; the watchers and the resync keep trying", t);
                }
                watchers.start(scheduler, tasks);
                // Restart recovery: every group gets a pass, behind any change that arrives meanwhile.
                try {
                    if (groups == null) groups = db.read(tx -> tx.groups().all());
                    for (Group g : groups) if (ownership.owns(g.uuid())) queue.enqueueBackground(g.id());
                } catch (Throwable t) {
                    log.warn("could not read the groups at start; the resync picks them up", t);
                }
                try {
                    scheduler.scheduleWithFixedDelay(resyncTicker, period, period, TimeUnit.NANOSECONDS);
                    scheduler.scheduleWithFixedDelay(this::sweepInBackground, 0, period, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // stopping
                }
            });
        } catch (RejectedExecutionException e) {
            return;
        }
        java.util.Map<String, String> watch = new java.util.TreeMap<>();
        for (String site : sites.keySet()) watch.put(site, SiteLanes.text(watchers.interval(site)));
        log.info("reconciler started: resync {}, watch {}, boot timeout {}, {} calls per site, call timeout {},"
                + " shutdown timeout {}", settings.resync(), watch, settings.bootTimeout(), settings.parallelismPerSite(),
                settings.callTimeout(), settings.shutdownTimeout());
    }

    /** Asks for a pass of the group soon. Cheap and thread-safe; the API calls it after each change. */
    public void enqueue(long groupId) {
        queue.enqueue(groupId);
    }

    /**
     * A group changed (an API call on this node or, in a cluster, on another): asks for a pass soon
     * if this node reconciles it, or may (a group it has not seen yet; its pass finds out).
     */
    public void groupChanged(long groupId) {
        String uuid = resync.groupUuid(groupId);
        if (uuid == null || ownership.owns(uuid)) queue.enqueue(groupId);
    }

    /**
     * Re-checks every group now, on a task thread: after a gap in which changes may have been missed
     * (the cluster's notifications reconnected).
     */
    public void recheckAll() {
        if (stopping.get()) return;
        try {
            tasks.execute(resyncTicker);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * This node gained shards: lists the accounts their groups need, then gives each of their groups
     * a pass, ahead of background work (in-flight launches of the previous owner are adopted by
     * token, as after a restart).
     */
    private void gained(java.util.Set<Integer> shards) {
        if (stopping.get()) return;
        try {
            tasks.execute(() -> {
                try {
                    java.util.List<Group> groups = watchAllNow();
                    for (Group g : groups) {
                        if (shards.contains(phantom.store.ShardMap.of(g.uuid())) && ownership.owns(g.uuid())) queue.enqueue(g.id());
                    }
                } catch (InterruptedException e) {
                    // stopping
                } catch (Throwable t) {
                    log.warn("could not take over the groups of shards {} at once; the resync picks them up", shards, t);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Runs one pass of the group on the caller's thread (waiting while another pass of it runs),
     * and returns what it did. For tests and tools; exceptions of the pass are thrown. Once
     * started, the pass the result asks for next is scheduled as after any pass.
     */
    public PassResult reconcileNow(long groupId) {
        try {
            PassResult r = queue.runNow(groupId, () -> {
                pass.watchNow(groupId);
                return pass.run(groupId);
            });
            delayUntil(r).ifPresent(d -> queue.enqueueAfter(groupId, d));
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reconciling group " + groupId, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sweeps every site for orphaned VMs now, on the caller's thread (after a sweep in progress). */
    public void sweepOrphansNow() {
        try {
            sweep.sweep(() -> {
                try {
                    watchAllNow();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sweeping orphans", e);
        }
    }

    /**
     * Starts no new pass and no new cloud call from now on, and logs what it still waits for; the
     * calls in flight go on. {@link #close()} then waits for them at most the shutdown timeout,
     * counted from the first call of this method. Idempotent, quick, any thread.
     */
    public void stopStarting() {
        if (!stopping.compareAndSet(false, true)) return;
        stopBy = System.nanoTime() + settings.shutdownTimeout().toNanos();
        lanes.refuseNewCalls();
        watchers.close();
        queue.stopTaking();
        scheduler.shutdownNow();
        String busy = lanes.inFlight();
        if (!started.get()) return; // never ran: nothing to say
        if (busy.isEmpty()) log.info("stopping: no cloud call in flight");
        else log.info("stopping: starting no new cloud call; waiting for {} to return (up to {})", busy,
                SiteLanes.text(settings.shutdownTimeout()));
    }

    /** The cloud calls in flight, e.g. "3 launches on hotel"; empty when none. */
    public String callsInFlight() {
        return lanes.inFlight();
    }

    /**
     * Stops: {@link #stopStarting()}, then waits for the calls in flight and the recording of their
     * results, at most the shutdown timeout, then cuts short what is left and stops the threads.
     * Launches and terminations cut short, or never started, leave their intent recorded; the next
     * start adopts or re-issues them, as after a crash.
     */
    @Override
    public void close() {
        if (closed) return;
        stopStarting();
        closed = true;
        queue.close(Duration.ofNanos(Math.max(0, stopBy - System.nanoTime())));
        boolean idle;
        try {
            idle = lanes.awaitIdle(stopBy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        String left = lanes.inFlight();
        if (!idle && !left.isEmpty()) {
            log.warn("stopping: gave up after {} waiting for {}; they resume at the next start",
                    SiteLanes.text(settings.shutdownTimeout()), left);
        }
        tasks.shutdownNow();
        lanes.close();
        if (started.get()) ownership.close(); // after the last cloud call: the other nodes take over at once
        if (started.get()) log.info("reconciler stopped");
    }

    /** Passes that threw (and were retried), since the start. */
    long failedPasses() {
        return queue.failedPasses();
    }

    private Optional<Duration> runPass(long groupId) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            return delayUntil(pass.run(groupId));
        } finally {
            passTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /** "owner/name" of the group, or "group #id" before any round or pass has seen it. */
    private static String groupName(Resync resync, long id) {
        String name = resync == null ? null : resync.groupName(id);
        return name != null ? name : "group #" + id;
    }

    /** The engine's metrics, and the resync's age that readiness is judged by. */
    public EngineMetrics metrics() {
        return metrics;
    }

    /** How often the resync runs: a resync older than this (and then some) means the loop is stalled. */
    public Duration resyncInterval() {
        return settings.resync();
    }

    /**
     * The latest resync round: groups checked, groups enqueued, wall and CPU time (the CPU time of
     * the round's thread); null before the first. Each round is also logged at DEBUG by
     * {@code phantom.reconcile.Resync}.
     */
    public ResyncRound lastResync() {
        return resync.last();
    }

    /** Runs one resync round now, on the caller's thread, and returns its figures (for tests and tools). */
    public ResyncRound resyncNow() {
        return resync.run();
    }

    /** Groups waiting for a pass: {changes, background}. */
    int[] waiting() {
        return queue.waiting();
    }

    /** The groups waiting for a pass, changes first. */
    java.util.List<Long> waitingGroups() {
        return queue.waitingGroups();
    }

    /** Watch events: the groups whose VMs changed on a site get a pass, ahead of background work. */
    private void changed(java.util.Set<String> groupUuids) {
        for (String uuid : groupUuids) {
            if (!ownership.owns(uuid)) continue;
            Long id = resync.groupId(uuid);
            if (id != null) queue.enqueue(id);
        }
    }

    /** Makes the watchers every account needs and lists all of them now, in parallel; returns the groups it read. */
    java.util.List<Group> watchAllNow() throws InterruptedException {
        java.util.List<Group> groups = db.read(tx -> tx.groups().all());
        java.util.List<phantom.core.model.Instance> unfinished = db.read(tx -> tx.instances().unfinished());
        for (Group g : groups) resync.remember(g);
        watchers.retain(SiteWatchers.accounts(sites, credentials, owned(groups), unfinished));
        java.util.List<java.util.concurrent.Callable<Duration>> calls = new java.util.ArrayList<>();
        for (SiteWatcher w : watchers.all()) calls.add(w::watchNow);
        for (var f : tasks.invokeAll(calls)) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof InterruptedException ie) throw ie;
                log.warn("listing failed unexpectedly", e.getCause());
            }
        }
        return groups;
    }

    /** The groups of these that this node reconciles. */
    private java.util.List<Group> owned(java.util.List<Group> groups) {
        return groups.stream().filter(g -> ownership.owns(g.uuid())).toList();
    }

    private String installationId() {
        String id = installation;
        if (id == null) {
            id = db.transaction(tx -> tx.installation().id(clock.instant()));
            installation = id;
        }
        return id;
    }

    private Optional<Duration> delayUntil(PassResult r) {
        return r.nextCheck().map(at -> {
            Instant now = clock.instant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        });
    }

    /** The sweep runs on a task thread, so that a long sweep does not hold up the resync. */
    private void sweepInBackground() {
        if (stopping.get()) return;
        try {
            tasks.execute(sweepTicker);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }
}
