package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.core.policy.GroupSpec;
import phantom.core.policy.InstanceObservation;
import phantom.core.policy.OverflowPolicy;
import phantom.core.policy.Plan;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * One reconciliation pass of one group: read the wanted state, list the clouds, merge what they
 * show into the stored instances, plan ({@link OverflowPolicy}, pure), and have the
 * {@link Actuator} carry the plan out. Level-triggered: it re-reads everything each time, so a
 * missed wake-up is repaired by the next pass. Callers guarantee that a group is never in two
 * passes at once.
 */
final class GroupPass {
    private static final Logger log = LoggerFactory.getLogger(GroupPass.class);
    /** How soon to look again while VMs boot or a termination is outstanding. */
    static final Duration POLL = Duration.ofSeconds(5);

    private final Database db;
    private final Map<String, CloudDriver> drivers;
    private final CredentialSource credentials;
    private final Clock clock;
    private final ReconcilerSettings settings;
    private final Duration grace;
    private final SiteLanes lanes;
    private final ExecutorService tasks;
    private final Actuator actuator;
    private final ShortfallNotes notes;

    GroupPass(Database db, Map<String, CloudDriver> drivers, CredentialSource credentials, Clock clock,
            ReconcilerSettings settings, SiteLanes lanes, ExecutorService tasks, ShortfallNotes notes) {
        this.db = db;
        this.drivers = drivers;
        this.credentials = credentials;
        this.clock = clock;
        this.settings = settings;
        this.grace = grace(settings);
        this.lanes = lanes;
        this.tasks = tasks;
        this.actuator = new Actuator(db, lanes, tasks, clock);
        this.notes = notes;
    }

    /**
     * How long an instance may be missing from its site's listing before that counts: the engine's
     * 60 s, or twice the call timeout if that is longer (a launch call must end within the grace).
     */
    static Duration grace(ReconcilerSettings settings) {
        Duration twice = settings.callTimeout().multipliedBy(2);
        return twice.compareTo(InstanceObservation.DEFAULT_GRACE) > 0 ? twice : InstanceObservation.DEFAULT_GRACE;
    }

    private record Snapshot(Group group, List<Instance> instances, Map<String, SiteHealth> health,
            List<LaunchConfiguration> family) {
    }

    PassResult run(long groupId) throws InterruptedException {
        Snapshot snap = db.read(tx -> tx.groups().byId(groupId)
                .map(g -> new Snapshot(g, tx.instances().forGroup(groupId), tx.siteHealth().forGroup(groupId),
                        tx.launchConfigurations().byFamily(g.owner(), g.family())))
                .orElse(null));
        if (snap == null) {
            notes.forget(groupId);
            return PassResult.gone();
        }
        Group g = snap.group();
        Instant now = clock.instant();

        Set<String> siteNames = new LinkedHashSet<>();
        for (SitePreference p : g.clouds()) siteNames.add(p.site());
        for (Instance i : snap.instances()) {
            if (!i.state().finished()) siteNames.add(i.site());
        }
        Map<String, SiteLaunch> sites = new LinkedHashMap<>();
        for (String site : siteNames) sites.put(site, SiteLaunch.resolve(g, site, snap.family(), drivers, credentials));
        Map<String, Optional<List<CloudInstance>>> listings = list(g, sites);

        List<Instance> instances = observe(g, snap.instances(), listings, now);
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (SitePreference p : g.clouds()) fingerprints.put(p.site(), sites.get(p.site()).fingerprint());
        Plan plan = OverflowPolicy.plan(GroupSpec.of(g, settings.bootTimeout(), fingerprints), instances, snap.health(), now);
        List<Instance> lost = lostLaunches(instances, listings, sites, plan, now);

        Actuator.Outcome done = actuator.act(g, plan, instances, lost, sites, listings);
        notes.record(g, plan.shortfall(), clock.instant());
        boolean exists = !g.deleting() || !finishDeletion(g);
        if (!exists) notes.forget(groupId);
        return new PassResult(exists, done.launched(), done.launchFailures(), done.terminated(), plan.shortfall(),
                exists ? nextCheck(plan, instances, done, now) : Optional.empty());
    }

    /** Lists every site in parallel; a site whose listing failed maps to empty (unknown). */
    private Map<String, Optional<List<CloudInstance>>> list(Group g, Map<String, SiteLaunch> sites) throws InterruptedException {
        List<String> names = new ArrayList<>(sites.keySet());
        List<Callable<Optional<List<CloudInstance>>>> calls = new ArrayList<>();
        for (String name : names) {
            SiteLaunch site = sites.get(name);
            calls.add(() -> {
                if (site.driver() == null) {
                    log.warn("group {} of {} uses site {}, which is not configured", g.name(), g.owner(), name);
                    return Optional.empty();
                }
                if (site.driver().capabilities().needsCredentials() && site.credentials().isEmpty()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(lanes.call(name, "list", () -> site.driver().list(site.credentials())));
                } catch (CloudFault f) {
                    log.warn("listing {} for group {} of {} failed; nothing there changes this pass: {}", name, g.name(),
                            g.owner(), f.toString());
                    return Optional.empty();
                }
            });
        }
        List<Future<Optional<List<CloudInstance>>>> futures = tasks.invokeAll(calls);
        Map<String, Optional<List<CloudInstance>>> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            try {
                out.put(names.get(k), futures.get(k).get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InterruptedException ie) throw ie;
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    /** Merges each site's listing into the instances, stores what changed, and finishes their activities. */
    private List<Instance> observe(Group g, List<Instance> stored, Map<String, Optional<List<CloudInstance>>> listings,
            Instant now) {
        Map<String, List<Instance>> bySite = new LinkedHashMap<>();
        List<Instance> out = new ArrayList<>();
        for (Instance i : stored) {
            if (i.state().finished()) out.add(i);
            else bySite.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i);
        }
        List<Instance[]> changes = new ArrayList<>();
        for (Map.Entry<String, List<Instance>> e : bySite.entrySet()) {
            List<Instance> before = e.getValue();
            List<Instance> after = InstanceObservation.observe(before, listings.getOrDefault(e.getKey(), Optional.empty()),
                    now, settings.bootTimeout(), grace);
            for (int k = 0; k < before.size(); k++) {
                if (after.get(k) != before.get(k)) changes.add(new Instance[] {before.get(k), after.get(k)});
            }
            out.addAll(after);
        }
        if (!changes.isEmpty()) {
            db.transaction(tx -> {
                for (Instance[] c : changes) store(tx, g, c[0], c[1], now);
                return null;
            });
        }
        return out;
    }

    private static void store(Tx tx, Group g, Instance before, Instance after, Instant now) {
        // The API may have changed the row since it was read (SetInstanceHealth, TerminateInstance...):
        // then its change stands, and the next pass observes again.
        if (!tx.instances().get(before.id()).map(stored -> Actuator.sameState(stored, before)).orElse(false)) return;
        tx.instances().update(after);
        if (before.cloudId() == null && after.cloudId() != null && after.state().live()) {
            log.info("adopted VM {} on {} for launch {} of group {} of {}", after.cloudId(), after.site(), after.id(),
                    g.name(), g.owner());
            tx.activities().get(ScalingActivities.launchId(after.id()))
                    .filter(a -> !a.status().done())
                    .ifPresent(a -> tx.activities().update(ScalingActivities.launched(a, after.cloudId(), now)));
        }
        if (before.state() == InstanceState.TERMINATING && after.state() == InstanceState.TERMINATED) {
            ScalingActivities.terminateActivity(tx, g, after)
                    .ifPresent(a -> tx.activities().update(a.finish(ActivityStatus.Successful, null, now)));
        }
        if (before.healthy() && !after.healthy()) {
            log.info("instance {} ({}) of group {} of {} is unhealthy: {}", after.visibleId(), after.site(), g.name(),
                    g.owner(), after.statusReason());
        }
    }

    /**
     * Lost launches that the plan keeps: they are launched again with the same token. A requested
     * instance without a VM at the start of a pass is never in flight in this process (its pass
     * waits for every call it makes), so it was cut short by a crash or restart. On a cloud that
     * de-duplicates launches by token it is re-issued at once; elsewhere only after the grace, in
     * case the cloud's listing lags behind a launch that did happen.
     */
    private List<Instance> lostLaunches(List<Instance> instances, Map<String, Optional<List<CloudInstance>>> listings,
            Map<String, SiteLaunch> sites, Plan plan, Instant now) {
        Set<String> victims = new java.util.HashSet<>();
        for (Plan.Termination t : plan.terminations()) victims.add(t.instanceId());
        Map<String, List<Instance>> bySite = new LinkedHashMap<>();
        for (Instance i : instances) {
            if (!i.state().finished()) bySite.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i);
        }
        List<Instance> lost = new ArrayList<>();
        for (Map.Entry<String, List<Instance>> e : bySite.entrySet()) {
            SiteLaunch site = sites.get(e.getKey());
            boolean idempotent = site != null && site.driver() != null && site.driver().capabilities().idempotentLaunch();
            for (Instance i : InstanceObservation.lostLaunches(e.getValue(),
                    listings.getOrDefault(e.getKey(), Optional.empty()), now, idempotent ? Duration.ZERO : grace)) {
                if (!victims.contains(i.id())) {
                    log.info("launch {} of group {} on {} was lost (no VM carries its token); launching it again",
                            i.id(), i.groupId(), i.site());
                    lost.add(i);
                }
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
            log.info("group {} of {} deleted: all its instances are gone", g.name(), g.owner());
            return true;
        });
    }

    /**
     * The earliest instant a new pass could find something to do: the plan's own next check; soon
     * after a pass that acted (to plan again on the outcome); while VMs boot or terminations are
     * outstanding; when an instance's grace for missing from a listing ends.
     */
    private Optional<Instant> nextCheck(Plan plan, List<Instance> instances, Actuator.Outcome done, Instant now) {
        Instant next = plan.nextCheck().orElse(null);
        if (done.launched() + done.launchFailures() + done.terminated() > 0 || !plan.idle()) next = earliest(next, now);
        for (Instance i : instances) {
            if (i.state().finished()) continue;
            if (i.state() != InstanceState.RUNNING) next = earliest(next, now.plus(POLL));
            Instant graceEnds = i.createdTime().plus(grace);
            if (graceEnds.isAfter(now)) next = earliest(next, graceEnds);
        }
        return Optional.ofNullable(next);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
