package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudInstance;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.SitePreference;

/**
 * The {@link SiteWatcher}s of every configured site: one per (site, account). An account is the
 * credentials a listing needs: {@link CloudCredentials#NONE} for a driver that needs none, else one
 * per distinct credentials among the owners of the groups that use the site or have unfinished
 * instances there ({@link #accounts}, the one place that decides it). A watcher for an account
 * that appears between two resyncs (a new user's first group) is made when a pass first asks for
 * it; the resync stops the watchers no account needs any more.
 *
 * <p>Once {@link #start started}, each watcher lists on its own schedule (its interval, or its
 * backoff), on a task thread, so a slow or failing site never delays another.
 */
final class SiteWatchers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SiteWatchers.class);

    private final Map<String, CloudDriver> drivers;
    private final Map<String, Duration> intervals;
    private final Duration defaultInterval;
    private final SiteLanes lanes;
    private final Clock clock;
    private final Supplier<String> installation;
    private final Consumer<Set<String>> onChange;
    private final ConcurrentMap<SiteWatcher.Key, SiteWatcher> watchers = new ConcurrentHashMap<>();
    private final Map<SiteWatcher.Key, ScheduledFuture<?>> schedules = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private ExecutorService tasks;
    private volatile boolean stopped;

    SiteWatchers(Map<String, CloudDriver> drivers, Map<String, Duration> intervals, Duration defaultInterval,
            SiteLanes lanes, Clock clock, Supplier<String> installation, Consumer<Set<String>> onChange) {
        this.drivers = drivers;
        this.intervals = intervals;
        this.defaultInterval = defaultInterval;
        this.lanes = lanes;
        this.clock = clock;
        this.installation = installation;
        this.onChange = onChange;
    }

    /** The watch interval of a site. */
    Duration interval(String site) {
        return intervals.getOrDefault(site, defaultInterval);
    }

    /**
     * The accounts every configured site is to be listed with.
     *
     * @param unfinished the instances not yet finished (others are ignored)
     */
    static Set<SiteWatcher.Key> accounts(Map<String, CloudDriver> drivers, CredentialSource credentials,
            List<Group> groups, List<Instance> unfinished) {
        Map<Long, Group> byId = new HashMap<>();
        for (Group g : groups) byId.put(g.id(), g);
        Set<SiteWatcher.Key> out = new LinkedHashSet<>();
        for (Map.Entry<String, CloudDriver> e : drivers.entrySet()) {
            String site = e.getKey();
            if (!e.getValue().capabilities().needsCredentials()) {
                out.add(new SiteWatcher.Key(site, CloudCredentials.NONE));
                continue;
            }
            Set<String> owners = new TreeSet<>();
            for (Group g : groups) {
                for (SitePreference p : g.clouds()) {
                    if (p.site().equals(site)) owners.add(g.owner());
                }
            }
            for (Instance i : unfinished) {
                Group g = byId.get(i.groupId());
                if (!i.state().finished() && i.site().equals(site) && g != null) owners.add(g.owner());
            }
            for (String owner : owners) {
                CloudCredentials c = credentials.credentials(owner, site);
                if (c != null && !c.isEmpty()) out.add(new SiteWatcher.Key(site, c));
            }
        }
        return out;
    }

    /**
     * Starts watching: the watchers there are list again after their interval (they have just
     * listed), every watcher made from now on lists at once; then each on its own schedule.
     */
    synchronized void start(ScheduledExecutorService scheduler, ExecutorService tasks) {
        this.scheduler = scheduler;
        this.tasks = tasks;
        for (SiteWatcher w : watchers.values()) schedule(w, w.known() ? w.interval() : Duration.ZERO);
    }

    /** Keeps exactly the watchers of {@code accounts}: makes the missing ones, stops the others. */
    void retain(Set<SiteWatcher.Key> accounts) {
        for (SiteWatcher.Key k : accounts) watcher(k);
        for (SiteWatcher.Key k : List.copyOf(watchers.keySet())) {
            if (!accounts.contains(k)) {
                watchers.remove(k);
                synchronized (this) {
                    ScheduledFuture<?> f = schedules.remove(k);
                    if (f != null) f.cancel(false);
                }
                log.debug("stopped watching {}: no group needs that account there", k);
            }
        }
    }

    /** The watcher of a site and account, made (and, once started, scheduled at once) if missing; null for an unknown site. */
    SiteWatcher watcher(SiteWatcher.Key key) {
        CloudDriver driver = drivers.get(key.site());
        if (driver == null) return null;
        SiteWatcher existing = watchers.get(key);
        if (existing != null) return existing;
        SiteWatcher made = new SiteWatcher(key, driver, lanes, clock, installation, interval(key.site()), onChange);
        SiteWatcher w = watchers.putIfAbsent(key, made);
        if (w != null) return w;
        synchronized (this) {
            if (scheduler != null) schedule(made, Duration.ZERO);
        }
        return made;
    }

    /** Every watcher of one site. */
    List<SiteWatcher> of(String site) {
        List<SiteWatcher> out = new ArrayList<>();
        for (SiteWatcher w : watchers.values()) {
            if (w.key().site().equals(site)) out.add(w);
        }
        return out;
    }

    /** Every watcher. */
    List<SiteWatcher> all() {
        return List.copyOf(watchers.values());
    }

    /**
     * The group's part of a site's snapshot as one account sees it; empty when unknown (no
     * listing yet, the last one failed, or the site cannot be listed with these credentials).
     */
    Optional<SiteWatcher.Slice> slice(SiteLaunch site, Group g, List<Instance> instances) {
        SiteWatcher w = watcherFor(site);
        return w == null ? Optional.empty() : w.slice(g.uuid(), instances);
    }

    /** The watcher a group's pass reads for a site, or null when the site cannot be listed for it. */
    SiteWatcher watcherFor(SiteLaunch site) {
        if (site.driver() == null) return null;
        if (site.driver().capabilities().needsCredentials() && site.credentials().isEmpty()) return null;
        return watcher(key(site));
    }

    static SiteWatcher.Key key(SiteLaunch site) {
        return new SiteWatcher.Key(site.site(),
                site.driver().capabilities().needsCredentials() ? site.credentials() : CloudCredentials.NONE);
    }

    /**
     * Writes a launched VM through to its watcher. A VM that boots brings the watcher's next listing
     * forward to its booting pace ({@link SiteWatcher#whileBooting()}) if it was further away: the
     * listing then shows the VM running soon after it does, not up to a whole interval later.
     */
    void launched(SiteLaunch site, CloudInstance vm) {
        SiteWatcher w = watcherFor(site);
        if (w == null) return;
        w.launched(vm);
        if (vm.state() == phantom.core.driver.CloudState.PENDING) sooner(w, w.whileBooting());
    }

    /** How long until the watcher of {@code key} lists next; empty when none is scheduled (for tests). */
    synchronized Optional<Duration> nextListingIn(SiteWatcher.Key key) {
        ScheduledFuture<?> f = schedules.get(key);
        return f == null || f.isDone() ? Optional.empty() : Optional.of(Duration.ofNanos(f.getDelay(TimeUnit.NANOSECONDS)));
    }

    /** Moves the watcher's next listing to {@code delay} from now if it is scheduled later (never one under way). */
    private synchronized void sooner(SiteWatcher w, Duration delay) {
        ScheduledFuture<?> f = schedules.get(w.key());
        if (f == null || f.isDone() || f.getDelay(TimeUnit.NANOSECONDS) <= delay.toNanos()) return;
        if (f.cancel(false)) schedule(w, delay);
    }

    /** Writes a terminated VM through to its watcher. */
    void terminated(SiteLaunch site, String cloudId) {
        SiteWatcher w = watcherFor(site);
        if (w != null) w.terminated(cloudId);
    }

    private synchronized void schedule(SiteWatcher w, Duration delay) {
        if (stopped || scheduler == null || watchers.get(w.key()) != w) return;
        try {
            schedules.put(w.key(), scheduler.schedule(() -> runOnTask(w), delay.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void runOnTask(SiteWatcher w) {
        try {
            tasks.execute(() -> {
                Duration next = w.interval();
                try {
                    next = w.watchNow();
                } catch (InterruptedException e) {
                    return; // shutting down
                } catch (RuntimeException e) {
                    log.warn("watching {} failed unexpectedly; trying again in {}", w.key(), SiteLanes.text(next), e);
                }
                schedule(w, next);
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @Override
    public synchronized void close() {
        stopped = true;
        schedules.values().forEach(f -> f.cancel(false));
        schedules.clear();
    }
}
