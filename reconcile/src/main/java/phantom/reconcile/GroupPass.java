package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudInstance;
import phantom.core.group.Processes;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.core.policy.GroupSpec;
import phantom.core.policy.InstanceObservation;
import phantom.core.policy.OverflowPolicy;
import phantom.core.policy.Plan;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * One reconciliation pass of one group, in three steps: {@link #load} (read the group, its
 * instances, site health and launch configurations from the store, and its slice of each site's
 * {@link SiteWatcher} snapshot: no cloud listing), {@link #decide} (pure: merge the snapshots into
 * the instances, plan with {@link OverflowPolicy}, find lost launches) and act (store what the
 * observation changed, and have the {@link Actuator} carry the plan out). Level-triggered: it
 * re-reads everything each time, so a missed wake-up is repaired by the next pass. The resync runs
 * the same {@link #decide} over every group in memory ({@link Resync}). Callers guarantee that a
 * group is never in two passes at once.
 */
final class GroupPass {
    private static final Logger log = LoggerFactory.getLogger(GroupPass.class);
    /** How soon a termination whose call failed is tried again (its VM is still listed). */
    static final Duration TERMINATE_RETRY = Duration.ofSeconds(5);

    private final Database db;
    private final Map<String, CloudDriver> drivers;
    private final CredentialSource credentials;
    private final Clock clock;
    private final ReconcilerSettings settings;
    private final Duration grace;
    private final SiteWatchers watchers;
    private final Actuator actuator;
    private final ShortfallNotes notes;
    /** Told of every group a pass loads, so that its VMs' watch events reach it. */
    private final java.util.function.Consumer<Group> seen;
    private final Ownership ownership;

    GroupPass(Database db, Map<String, CloudDriver> drivers, CredentialSource credentials, Clock clock,
            ReconcilerSettings settings, SiteLanes lanes, ExecutorService tasks, ShortfallNotes notes,
            SiteWatchers watchers, java.util.function.Consumer<Group> seen, Ownership ownership) {
        this.ownership = ownership;
        this.db = db;
        this.drivers = drivers;
        this.credentials = credentials;
        this.clock = clock;
        this.settings = settings;
        this.grace = grace(settings);
        this.watchers = watchers;
        this.actuator = new Actuator(db, lanes, tasks, clock, watchers);
        this.notes = notes;
        this.seen = seen;
    }

    /**
     * How long an instance may be missing from its site's listing before that counts: the engine's
     * 60 s, or twice the call timeout if that is longer (a launch call must end within the grace).
     */
    static Duration grace(ReconcilerSettings settings) {
        Duration twice = settings.callTimeout().multipliedBy(2);
        return twice.compareTo(InstanceObservation.DEFAULT_GRACE) > 0 ? twice : InstanceObservation.DEFAULT_GRACE;
    }

    Duration grace() {
        return grace;
    }

    /**
     * What a pass decides on: the stored group, its instances and site health, how to reach each
     * site it uses or has unfinished instances on, and its slice of each site's snapshot (empty:
     * unknown).
     */
    record Loaded(Group group, List<Instance> instances, Map<String, SiteHealth> health, Map<String, SiteLaunch> sites,
            Map<String, Optional<SiteWatcher.Slice>> slices) {

        /** Each site's VMs of this group as listings, empty where unknown. */
        Map<String, Optional<List<CloudInstance>>> listings() {
            Map<String, Optional<List<CloudInstance>>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Optional<SiteWatcher.Slice>> e : slices.entrySet()) {
                out.put(e.getKey(), e.getValue().map(SiteWatcher.Slice::vms));
            }
            return out;
        }
    }

    /**
     * What a pass would do.
     *
     * @param instances the instances as observed
     * @param changes the observed instances that differ from the stored ones: (before, after) pairs
     * @param lost requested instances whose launch was lost and that the plan keeps
     */
    record Decision(List<Instance> instances, List<Instance[]> changes, Plan plan, List<Instance> lost) {
    }

    /** The group's data from the store and its slices of the watchers' snapshots; empty when the group is gone. */
    Optional<Loaded> load(long groupId) {
        record Rows(Group group, List<Instance> instances, Map<String, SiteHealth> health, List<LaunchConfiguration> family) {
        }
        Rows rows = db.read(tx -> tx.groups().byId(groupId)
                .map(g -> new Rows(g, tx.instances().forGroup(groupId), tx.siteHealth().forGroup(groupId),
                        tx.launchConfigurations().byFamily(g.owner(), g.family())))
                .orElse(null));
        if (rows == null) return Optional.empty();
        return Optional.of(assemble(rows.group(), rows.instances(), rows.health(), rows.family(), drivers, credentials,
                watchers));
    }

    /** A {@link Loaded} from rows already read (one group's, or the resync's bulk read). */
    static Loaded assemble(Group g, List<Instance> instances, Map<String, SiteHealth> health,
            List<LaunchConfiguration> family, Map<String, CloudDriver> drivers, CredentialSource credentials,
            SiteWatchers watchers) {
        Set<String> siteNames = new LinkedHashSet<>();
        for (SitePreference p : g.clouds()) siteNames.add(p.site());
        for (Instance i : instances) {
            if (!i.state().finished()) siteNames.add(i.site());
        }
        Map<String, SiteLaunch> sites = new LinkedHashMap<>();
        Map<String, Optional<SiteWatcher.Slice>> slices = new LinkedHashMap<>();
        for (String site : siteNames) {
            SiteLaunch s = SiteLaunch.resolve(g, site, family, drivers, credentials);
            sites.put(site, s);
            slices.put(site, watchers.slice(s, g, instances));
        }
        return new Loaded(g, instances, health, sites, slices);
    }

    /**
     * Pure: merges each site's slice into the instances, plans, and finds the lost launches the plan
     * keeps. A lost launch is judged against the time its site's listing started, not {@code now}:
     * the snapshot may be a watch interval old.
     */
    static Decision decide(Loaded l, Instant now, Duration bootTimeout, Duration grace) {
        Group g = l.group();
        Map<String, List<Instance>> bySite = new LinkedHashMap<>();
        List<Instance> observed = new ArrayList<>(l.instances().size());
        for (Instance i : l.instances()) {
            if (i.state().finished()) observed.add(i);
            else bySite.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i);
        }
        List<Instance[]> changes = new ArrayList<>();
        for (Map.Entry<String, List<Instance>> e : bySite.entrySet()) {
            List<Instance> before = e.getValue();
            Optional<List<CloudInstance>> listing =
                    l.slices().getOrDefault(e.getKey(), Optional.empty()).map(SiteWatcher.Slice::vms);
            List<Instance> after = InstanceObservation.observe(before, listing, now, bootTimeout, grace,
                    !Processes.suspended(g, ScalingProcess.HEALTH_CHECK));
            for (int k = 0; k < before.size(); k++) {
                if (after.get(k) != before.get(k)) changes.add(new Instance[] {before.get(k), after.get(k)});
            }
            observed.addAll(after);
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (SitePreference p : g.clouds()) fingerprints.put(p.site(), l.sites().get(p.site()).fingerprint());
        Map<String, Instant> launchConfigurations = new LinkedHashMap<>();
        for (SiteLaunch s : l.sites().values()) {
            if (s.launchConfiguration() != null) {
                launchConfigurations.put(s.launchConfiguration().name(), s.launchConfiguration().createdTime());
            }
        }
        GroupSpec spec = GroupSpec.of(g, bootTimeout, fingerprints, launchConfigurations);
        Plan plan = OverflowPolicy.plan(spec, observed, l.health(), now);
        // Launch suspended: a lost launch is not re-issued either (it is a launch call); it waits for the resume
        List<Instance> lost = spec.launches() ? lostLaunches(l, observed, plan, now, grace) : List.of();
        return new Decision(observed, changes, plan, lost);
    }

    /**
     * Lists now every site the group uses or has unfinished instances on, with the owner's account
     * (for {@link Reconciler#reconcileNow}: a pass for tests and tools sees the clouds as they are).
     */
    void watchNow(long groupId) throws InterruptedException {
        Optional<Loaded> l = load(groupId);
        if (l.isEmpty()) return;
        seen.accept(l.get().group());
        for (SiteLaunch site : l.get().sites().values()) {
            SiteWatcher w = watchers.watcherFor(site);
            if (w != null) w.watchNow();
        }
    }

    PassResult run(long groupId) throws InterruptedException {
        Optional<Loaded> loaded = load(groupId);
        if (loaded.isEmpty()) {
            notes.forget(groupId);
            return PassResult.gone();
        }
        Loaded l = loaded.get();
        Group g = l.group();
        seen.accept(g);
        Optional<Ownership.Lease> lease = ownership.enter(g.uuid());
        if (lease.isEmpty()) return PassResult.notHere(); // another node reconciles it (docs/cluster.md)
        try (Ownership.Lease held = lease.get()) {
            return run(l, held);
        }
    }

    private PassResult run(Loaded l, Ownership.Lease lease) throws InterruptedException {
        Group g = l.group();
        long groupId = g.id();
        Instant now = clock.instant();
        Decision d = decide(l, now, settings.bootTimeout(), grace);
        storeChanges(g, d.changes(), now, lease);
        for (Instance i : d.lost()) {
            log.info("{}: launch {} on {} was lost (no VM carries its token); launching it again", Resync.name(g), i.id(),
                    i.site());
        }

        Actuator.Outcome done = actuator.act(g, d.plan(), d.instances(), d.lost(), l.sites(), l.listings(), lease);
        notes.record(g, d.plan().shortfall(), clock.instant());
        boolean exists = !g.deleting() || !finishDeletion(g);
        if (!exists) notes.forget(groupId);
        return new PassResult(exists, done.launched(), done.launchFailures(), done.terminated(), d.plan().shortfall(),
                exists ? nextCheck(d.plan(), d.instances(), l.listings(), done, now, settings.bootTimeout(), grace) : Optional.empty());
    }

    /**
     * Whether a pass of the group would do anything now: store an observation, launch, terminate,
     * retry a termination, re-issue a lost launch, record a new shortfall note, finish a deletion,
     * or act on a timer that is due. The resync enqueues exactly the groups for which it is true.
     */
    static boolean wouldAct(Loaded l, Decision d, Instant now, Duration bootTimeout, Duration grace, ShortfallNotes notes) {
        if (l.group().deleting()) return true;
        if (!d.changes().isEmpty() || !d.plan().idle() || !d.lost().isEmpty()) return true;
        if (!Actuator.retries(d.instances(), l.listings()).isEmpty()) return true;
        if (notes.differs(l.group().id(), d.plan().shortfall())) return true;
        Optional<Instant> next = nextCheck(d.plan(), d.instances(), l.listings(), Actuator.Outcome.NOTHING, now, bootTimeout,
                grace);
        return next.isPresent() && !next.get().isAfter(now);
    }

    private void storeChanges(Group g, List<Instance[]> changes, Instant now, Ownership.Lease lease) {
        if (changes.isEmpty()) return;
        db.transaction(tx -> {
            lease.fence(tx);
            for (Instance[] c : changes) store(tx, g, c[0], c[1], now);
            return null;
        });
    }

    private static void store(Tx tx, Group g, Instance before, Instance after, Instant now) {
        // The API may have changed the row since it was read (SetInstanceHealth, TerminateInstance...):
        // then its change stands, and the next pass observes again.
        if (!tx.instances().get(before.id()).map(stored -> Actuator.sameState(stored, before)).orElse(false)) return;
        tx.instances().update(after);
        if (before.cloudId() == null && after.cloudId() != null && after.state().live()) {
            log.info("{}: adopted VM {} on {} for launch {}", Resync.name(g), after.cloudId(), after.site(), after.id());
            tx.activities().get(ScalingActivities.launchId(after.id()))
                    .filter(a -> !a.status().done())
                    .ifPresent(a -> tx.activities().update(ScalingActivities.launched(a, after.cloudId(), now)));
        }
        if (before.state() == InstanceState.TERMINATING && after.state() == InstanceState.TERMINATED) {
            ScalingActivities.terminateActivity(tx, g, after)
                    .ifPresent(a -> tx.activities().update(a.finish(ActivityStatus.Successful, null, now)));
        }
        if (before.healthy() && !after.healthy()) {
            log.info("{}: instance {} on {} is unhealthy: {}", Resync.name(g), after.visibleId(), after.site(),
                    after.statusReason());
        }
    }

    /**
     * Lost launches that the plan keeps: they are launched again with the same token. A requested
     * instance without a VM at the start of a pass is never in flight in this process (its pass
     * waits for every call it makes), so it was cut short by a crash or restart, or its call did not
     * answer. On a cloud that de-duplicates launches by token it is re-issued at once; elsewhere
     * only once a listing that started at least the grace after its last attempt shows no VM for it,
     * in case the cloud's listing lags behind a launch that did happen.
     */
    private static List<Instance> lostLaunches(Loaded l, List<Instance> instances, Plan plan, Instant now, Duration grace) {
        Set<String> victims = new java.util.HashSet<>();
        for (Plan.Termination t : plan.terminations()) victims.add(t.instanceId());
        Map<String, List<Instance>> bySite = new LinkedHashMap<>();
        for (Instance i : instances) {
            if (i.state() == InstanceState.REQUESTED) bySite.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i);
        }
        List<Instance> lost = new ArrayList<>();
        for (Map.Entry<String, List<Instance>> e : bySite.entrySet()) {
            SiteLaunch site = l.sites().get(e.getKey());
            boolean idempotent = site != null && site.driver() != null && site.driver().capabilities().idempotentLaunch();
            Optional<SiteWatcher.Slice> slice = l.slices().getOrDefault(e.getKey(), Optional.empty());
            if (slice.isEmpty()) continue;
            Instant listed = slice.get().listedAt().isBefore(now) ? slice.get().listedAt() : now;
            for (Instance i : InstanceObservation.lostLaunches(e.getValue(), Optional.of(slice.get().vms()), listed,
                    idempotent ? Duration.ZERO : grace)) {
                if (!victims.contains(i.id())) lost.add(i);
            }
        }
        return lost;
    }

    /** Deletes a group being deleted once none of its instances is left; true if it is gone. */
    private boolean finishDeletion(Group g) {
        return db.transaction(tx -> {
            Optional<Group> now = tx.groups().byId(g.id());
            if (now.isEmpty()) return true;
            if (!now.get().deleting()) return false;
            if (tx.instances().forGroup(g.id()).stream().anyMatch(i -> !i.state().finished())) return false;
            tx.groups().delete(g.id());
            log.info("{}: deleted, all its instances are gone", Resync.name(g));
            return true;
        });
    }

    /**
     * The earliest instant a new pass could find something to do: the plan's own next check; soon
     * after a pass that acted (to plan again on the outcome); when an instance's grace for missing
     * from a listing ends; when a booting instance's boot timeout passes; {@link #TERMINATE_RETRY}
     * after a termination whose call failed. A VM that boots needs no polling: its site's watcher
     * wakes the group when the VM changes.
     */
    static Optional<Instant> nextCheck(Plan plan, List<Instance> instances, Map<String, Optional<List<CloudInstance>>> listings,
            Actuator.Outcome done, Instant now, Duration bootTimeout, Duration grace) {
        Instant next = plan.nextCheck().orElse(null);
        if (done.launched() + done.launchFailures() + done.terminated() > 0 || !plan.idle()) next = earliest(next, now);
        Map<String, java.util.function.Predicate<Instance>> shown = new HashMap<>();
        for (Instance i : instances) {
            if (i.state().finished()) continue;
            // The grace matters only to an instance its site's listing does not show: one it shows is
            // judged by what it shows, and if it vanishes later the watcher's event wakes the group.
            Instant graceEnds = i.createdTime().plus(grace);
            if (graceEnds.isAfter(now) && !shown.computeIfAbsent(i.site(), site -> listings.getOrDefault(site, Optional.empty())
                    .map(InstanceObservation::shownBy).orElse(x -> false)).test(i)) {
                next = earliest(next, graceEnds);
            }
            if (i.state() == InstanceState.REQUESTED && i.cloudId() == null) {
                Instant retry = i.updatedTime().plus(grace);
                if (retry.isAfter(now)) next = earliest(next, retry);
            }
            if (i.state() == InstanceState.TERMINATING && i.cloudId() != null) next = earliest(next, now.plus(TERMINATE_RETRY));
            if (i.healthy() && i.state() != InstanceState.RUNNING && i.state() != InstanceState.TERMINATING) {
                Instant deadline = i.createdTime().plus(bootTimeout);
                if (deadline.isAfter(now)) next = earliest(next, deadline);
            }
        }
        return Optional.ofNullable(next);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
