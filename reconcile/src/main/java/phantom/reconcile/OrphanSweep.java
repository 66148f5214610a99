package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.model.Group;
import phantom.core.model.Installation;
import phantom.core.model.Instance;
import phantom.core.policy.InstanceObservation;
import phantom.store.Database;

/**
 * Finds and terminates the VMs Phantom launched that nothing accounts for any more (docs/design.md,
 * "Crash safety"): each site is listed once per distinct set of credentials its users have (once
 * with none for a site that needs none), and {@link InstanceObservation#orphans} decides.
 *
 * <p>The known instances and live groups are read <em>after</em> the listing: every launch writes
 * its instance row before calling the cloud, so a VM in the listing whose launch is still wanted
 * is always among them, and an in-flight launch is never mistaken for an orphan. One sweep runs
 * at a time. Only VMs whose group uuid carries this installation's id are considered
 * ({@link Installation}). It also removes finished instance rows older than {@link #KEEP_FINISHED}
 * (the original reaped them after 7200 s).
 */
final class OrphanSweep {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    static final Duration KEEP_FINISHED = Duration.ofHours(2);

    private final Database db;
    private final Map<String, CloudDriver> drivers;
    private final CredentialSource credentials;
    private final SiteLanes lanes;
    private final ExecutorService tasks;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    OrphanSweep(Database db, Map<String, CloudDriver> drivers, CredentialSource credentials, SiteLanes lanes,
            ExecutorService tasks, Clock clock) {
        this.db = db;
        this.drivers = drivers;
        this.credentials = credentials;
        this.lanes = lanes;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Sweeps now, waiting for a sweep in progress to end first; returns how many VMs it terminated. */
    int sweep() throws InterruptedException {
        running.lockInterruptibly();
        try {
            return sweepAll();
        } finally {
            running.unlock();
        }
    }

    /** Sweeps unless a sweep is in progress; returns how many VMs it terminated (0 when skipped). */
    int sweepIfIdle() throws InterruptedException {
        if (!running.tryLock()) return 0;
        try {
            return sweepAll();
        } finally {
            running.unlock();
        }
    }

    private int sweepAll() throws InterruptedException {
        String installation = db.transaction(tx -> tx.installation().id(clock.instant()));
        List<Group> groups = db.read(tx -> tx.groups().all());
        List<Instance> instances = db.read(tx -> tx.instances().all());
        List<Callable<Integer>> sites = new ArrayList<>();
        for (Map.Entry<String, CloudDriver> e : drivers.entrySet()) {
            String site = e.getKey();
            CloudDriver driver = e.getValue();
            for (CloudCredentials creds : accounts(site, driver, groups, instances)) {
                sites.add(() -> sweep(site, driver, creds, installation));
            }
        }
        int terminated = 0;
        for (Future<Integer> f : tasks.invokeAll(sites)) terminated += result(f);
        int reaped = db.transaction(tx -> tx.instances().deleteFinishedBefore(clock.instant().minus(KEEP_FINISHED)));
        if (reaped > 0) log.debug("removed {} finished instance rows older than {}", reaped, KEEP_FINISHED);
        return terminated;
    }

    /** The distinct credentials to list the site with. */
    private Set<CloudCredentials> accounts(String site, CloudDriver driver, List<Group> groups, List<Instance> instances) {
        if (!driver.capabilities().needsCredentials()) return Set.of(CloudCredentials.NONE);
        Set<String> owners = new TreeSet<>();
        for (Group g : groups) {
            if (g.clouds().stream().anyMatch(p -> p.site().equals(site))) owners.add(g.owner());
        }
        for (Instance i : instances) {
            if (!i.state().finished() && i.site().equals(site)) {
                groups.stream().filter(g -> g.id() == i.groupId()).findFirst().ifPresent(g -> owners.add(g.owner()));
            }
        }
        Set<CloudCredentials> out = new LinkedHashSet<>();
        for (String owner : owners) {
            CloudCredentials c = credentials.credentials(owner, site);
            if (c != null && !c.isEmpty()) out.add(c);
        }
        return out;
    }

    private int sweep(String site, CloudDriver driver, CloudCredentials creds, String installation)
            throws InterruptedException {
        List<CloudInstance> listing;
        try {
            // Only VMs of this installation's groups: another Phantom sharing the account keeps its own.
            listing = lanes.call(site, "list", () -> driver.list(creds)).stream()
                    .filter(vm -> Installation.owns(installation, vm.groupUuid())).toList();
        } catch (CloudFault f) {
            log.warn("orphan sweep: listing {} failed; trying again next sweep: {}", site, f.toString());
            return 0;
        }
        // Read what Phantom knows only now, after the listing (see the class comment). Every site's
        // rows: two sites may be one account (two names for one region), whose listings overlap.
        List<Instance> known = db.read(tx -> tx.instances().all());
        Set<String> live = new LinkedHashSet<>();
        for (Group g : db.read(tx -> tx.groups().all())) live.add(g.uuid());
        List<Callable<Integer>> kills = new ArrayList<>();
        for (InstanceObservation.Orphan o : InstanceObservation.orphans(listing, known, live)) {
            kills.add(() -> {
                log.warn("orphan sweep: terminating VM {} on {}: {}", o.vm().cloudId(), site, o.reason());
                try {
                    lanes.call(site, "terminate " + o.vm().cloudId(), () -> {
                        driver.terminate(o.vm().cloudId(), creds);
                        return null;
                    });
                    return 1;
                } catch (CloudFault f) {
                    log.warn("orphan sweep: terminating {} on {} failed; trying again next sweep: {}", o.vm().cloudId(),
                            site, f.toString());
                    return 0;
                }
            });
        }
        int terminated = 0;
        for (Future<Integer> f : tasks.invokeAll(kills)) terminated += result(f);
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
