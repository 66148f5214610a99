package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.model.Installation;
import phantom.core.model.Instance;
import phantom.core.policy.InstanceObservation;
import phantom.store.Database;

/**
 * Finds and terminates the VMs Phantom launched that nothing accounts for any more (docs/design.md,
 * "Crash safety"). It lists nothing itself: it reads every {@link SiteWatcher}'s snapshot (one per
 * site and account), and {@link InstanceObservation#orphans} decides.
 *
 * <p>The known instances and live groups are read <em>after</em> the snapshots are taken: every
 * VM in a snapshot comes from a listing that ended before, or from a launch result written
 * through, and every launch writes its instance row before calling the cloud; so a VM whose launch
 * is still wanted always has its row among them, and an in-flight launch is never mistaken for an
 * orphan. A watcher whose last listing failed is skipped. One sweep runs at a time. Only VMs whose
 * group uuid carries this installation's id are listed ({@link Installation}). It also removes
 * finished instance rows older than {@link #KEEP_FINISHED} (the original reaped them after 7200 s).
 */
final class OrphanSweep {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    static final Duration KEEP_FINISHED = Duration.ofHours(2);

    private final Database db;
    private final SiteWatchers watchers;
    private final SiteLanes lanes;
    private final ExecutorService tasks;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private final Ownership ownership;

    OrphanSweep(Database db, SiteWatchers watchers, SiteLanes lanes, ExecutorService tasks, Clock clock, Ownership ownership) {
        this.ownership = ownership;
        this.db = db;
        this.watchers = watchers;
        this.lanes = lanes;
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * Sweeps now, waiting for a sweep in progress to end first, with a fresh listing of every
     * watcher (for tests and tools); returns how many VMs it terminated.
     */
    int sweep(Runnable refresh) throws InterruptedException {
        running.lockInterruptibly();
        try {
            refresh.run();
            return sweepAll();
        } finally {
            running.unlock();
        }
    }

    /** Sweeps the watchers' snapshots unless a sweep is in progress; returns how many VMs it terminated (0 when skipped). */
    int sweepIfIdle() throws InterruptedException {
        if (!running.tryLock()) return 0;
        try {
            return sweepAll();
        } finally {
            running.unlock();
        }
    }

    private int sweepAll() throws InterruptedException {
        Map<SiteWatcher, List<CloudInstance>> views = new LinkedHashMap<>();
        for (SiteWatcher w : watchers.all()) {
            Optional<List<CloudInstance>> view = w.view();
            if (view.isPresent()) views.put(w, view.get());
            else log.debug("orphan sweep: skipping {}: its last listing failed", w.key());
        }
        // Read what Phantom knows only now, after the snapshots (see the class comment). Every site's
        // rows: two sites may be one account (two names for one region), whose listings overlap.
        List<Instance> known = db.read(tx -> tx.instances().unfinished());
        Set<String> live = db.read(tx -> tx.groups().uuids());
        List<Callable<Integer>> kills = new ArrayList<>();
        for (Map.Entry<SiteWatcher, List<CloudInstance>> e : views.entrySet()) {
            SiteWatcher w = e.getKey();
            String site = w.key().site();
            for (InstanceObservation.Orphan o : InstanceObservation.orphans(e.getValue(), known, live)) {
                // In a cluster a VM is swept by the node that owns its group's shard, under that lease.
                Optional<Ownership.Lease> lease = ownership.enter(o.vm().groupUuid());
                if (lease.isEmpty()) continue;
                kills.add(() -> {
                    try (Ownership.Lease held = lease.get()) {
                        log.warn("orphan sweep: terminating VM {} on {}: {}", o.vm().cloudId(), site, o.reason());
                        lanes.call(site, "terminate " + o.vm().cloudId(), () -> {
                            held.requireValid("terminating orphan " + o.vm().cloudId());
                            w.driver().terminate(o.vm().cloudId(), w.key().credentials());
                            return null;
                        });
                        w.terminated(o.vm().cloudId());
                        lanes.metrics().termination(site, "orphan");
                        return 1;
                    } catch (CloudFault f) {
                        log.warn("orphan sweep: terminating {} on {} failed; trying again next sweep: {}",
                                o.vm().cloudId(), site, f.toString());
                        return 0;
                    } catch (phantom.store.LeaseLost f) {
                        log.info("orphan sweep: {}", f.getMessage());
                        return 0;
                    }
                });
            }
        }
        int terminated = 0;
        for (Future<Integer> f : tasks.invokeAll(kills)) terminated += result(f);
        int reaped = db.transaction(tx -> tx.instances().deleteFinishedBefore(clock.instant().minus(KEEP_FINISHED)));
        if (reaped > 0) log.debug("removed {} finished instance rows older than {}", reaped, KEEP_FINISHED);
        return terminated;
    }

    private static int result(Future<Integer> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException ie) throw ie;
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
