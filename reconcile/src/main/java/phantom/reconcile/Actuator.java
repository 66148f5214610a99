package phantom.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchGuard;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SiteHealth;
import phantom.core.policy.Plan;
import phantom.core.policy.SiteBackoff;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * Carries out one group's plan against the clouds, writing the intent before every cloud call
 * (docs/design.md, "Crash safety"): a launch's instance row (REQUESTED, id = launch token) and its
 * activity are committed before the driver is called; a termination is marked TERMINATING before.
 *
 * <p>Terminations go first, all in parallel, so that a replacement on a full site finds the room
 * its predecessor leaves; then all launches in parallel. {@link SiteLanes} bounds the calls per
 * site. The launches of one pass on one site count as one attempt for the site's backoff: if any
 * failed, the site records one failure (of the most telling class), else one success.
 */
final class Actuator {
    private static final Logger log = LoggerFactory.getLogger(Actuator.class);
    /** When several launches on a site fail differently, the first class here is the one recorded. */
    private static final List<FaultClass> TELLING = List.of(FaultClass.CONFIG, FaultClass.CAPACITY, FaultClass.QUOTA,
            FaultClass.TRANSIENT);

    private final Database db;
    private final SiteLanes lanes;
    private final ExecutorService tasks;
    private final Clock clock;
    private final SiteWatchers watchers;

    Actuator(Database db, SiteLanes lanes, ExecutorService tasks, Clock clock, SiteWatchers watchers) {
        this.db = db;
        this.lanes = lanes;
        this.tasks = tasks;
        this.clock = clock;
        this.watchers = watchers;
    }

    /** What was done. */
    record Outcome(int launched, int launchFailures, int terminated, int terminateFailures) {
        static final Outcome NOTHING = new Outcome(0, 0, 0, 0);
    }

    /** One launch's outcome: the fault, or the VM the cloud started for {@code instance}; neither when cut short by a stop. */
    private record LaunchResult(String site, String fingerprint, CloudFault fault, Instance instance, CloudInstance vm) {
    }

    /**
     * @param instances the group's instances as just observed
     * @param lost requested instances whose launch call was lost; launched again with their token
     * @param sites how to reach and launch on every site the group uses or has instances on
     * @param listings each site's listing of this pass, empty where listing failed
     */
    Outcome act(Group g, Plan plan, List<Instance> instances, List<Instance> lost, Map<String, SiteLaunch> sites,
            Map<String, Optional<List<CloudInstance>>> listings, Ownership.Lease lease) throws InterruptedException {
        Map<String, Instance> byId = new LinkedHashMap<>();
        for (Instance i : instances) byId.put(i.id(), i);

        List<Instance> toTerminate = new ArrayList<>(retries(instances, listings));
        int cancelled = markTerminating(g, plan, byId, toTerminate, lease);
        List<Callable<Boolean>> terminations = toTerminate.stream()
                .<Callable<Boolean>>map(i -> () -> terminate(g, i, sites.get(i.site()), lease))
                .toList();
        List<Boolean> done = runAll(terminations);
        int terminated = cancelled + (int) done.stream().filter(Boolean::booleanValue).count();
        logTerminations(g, toTerminate, done);

        List<Instance> launching = new ArrayList<>(recordIntents(g, plan, sites, lease));
        logOverflows(g, plan);
        launching.addAll(lost);
        List<Callable<LaunchResult>> launches = launching.stream()
                .<Callable<LaunchResult>>map(i -> () -> launch(g, i, sites.get(i.site()), lease))
                .toList();
        List<LaunchResult> all = runAll(launches);
        List<LaunchResult> results = all.stream().filter(r -> r.fault() != null || r.vm() != null).toList();
        recordLaunches(g, results);
        if (results.size() < all.size()) {
            if (!lease.valid()) {
                throw new phantom.store.LeaseLost("launches of group " + g.name() + " not made: this node's lease of it lapsed;"
                        + " their intents stay recorded for the node that takes the group over");
            }
            throw new InterruptedException("stopping: launches of group " + g.name() + " cut short");
        }
        int failed = (int) results.stream().filter(r -> r.fault() != null).count();
        return new Outcome(results.size() - failed, failed, terminated, done.size() - (terminated - cancelled));
    }

    /** The same state, health and cloud id: what another writer's change would alter. */
    static boolean sameState(Instance a, Instance b) {
        return a.state() == b.state() && a.healthy() == b.healthy() && java.util.Objects.equals(a.cloudId(), b.cloudId());
    }

    /** TERMINATING instances whose VM the cloud still lists: their terminate call failed or was lost. */
    static List<Instance> retries(List<Instance> instances, Map<String, Optional<List<CloudInstance>>> listings) {
        return instances.stream()
                .filter(i -> i.state() == InstanceState.TERMINATING && i.cloudId() != null)
                .filter(i -> listings.getOrDefault(i.site(), Optional.empty()).orElse(List.of()).stream()
                        .anyMatch(vm -> vm.cloudId().equals(i.cloudId()) && vm.state() != CloudState.TERMINATED))
                .toList();
    }

    /**
     * Marks the plan's victims TERMINATING (with their activity) and adds them to {@code toTerminate};
     * victims with no VM are just ended. Returns how many were ended that way.
     */
    private int markTerminating(Group g, Plan plan, Map<String, Instance> byId, List<Instance> toTerminate,
            Ownership.Lease lease) {
        if (plan.terminations().isEmpty()) return 0;
        Instant now = clock.instant();
        List<Instance> marked = new ArrayList<>();
        int cancelled = db.transaction(tx -> {
            lease.fence(tx);
            marked.clear();
            int ended = 0;
            for (Plan.Termination t : plan.terminations()) {
                Instance read = byId.get(t.instanceId());
                // Re-read: the API may have marked it since (then its mark stands).
                Instance i = read == null ? null : tx.instances().get(read.id()).filter(stored -> sameState(stored, read))
                        .map(x -> read).orElse(null);
                if (i == null || i.state().finished() || i.state() == InstanceState.TERMINATING) continue;
                if (i.cloudId() == null) {
                    cancel(tx, i, t.cause(), now);
                    ended++;
                } else {
                    Instance next = i.with(InstanceState.TERMINATING, t.cause(), now);
                    tx.instances().update(next);
                    if (tx.activities().get(ScalingActivities.terminateId(i.id())).isEmpty()) {
                        tx.activities().insert(ScalingActivities.terminating(g, next, t.cause(), now));
                    }
                    marked.add(next);
                }
            }
            return ended;
        });
        toTerminate.addAll(marked);
        return cancelled;
    }

    /** A launch called off before the cloud had a VM for it: nothing to terminate. */
    private static void cancel(Tx tx, Instance i, String cause, Instant now) {
        tx.instances().update(i.with(InstanceState.TERMINATED, i.healthy() ? cause : i.statusReason(), now));
        tx.activities().get(ScalingActivities.launchId(i.id()))
                .filter(a -> !a.status().done())
                .ifPresent(a -> tx.activities().update(i.healthy()
                        ? a.finish(ActivityStatus.Cancelled, cause, now)
                        : a.finish(ActivityStatus.Failed, i.statusReason(), now)));
    }

    private boolean terminate(Group g, Instance i, SiteLaunch site, Ownership.Lease lease) throws InterruptedException {
        if (site == null || site.driver() == null) {
            log.warn("{}: cannot terminate {} ({}): site {} is not configured", Resync.name(g), i.cloudId(), i.id(), i.site());
            return false;
        }
        try {
            lanes.call(i.site(), "terminate " + i.cloudId(), () -> {
                lease.requireValid("terminating " + i.cloudId());
                site.driver().terminate(i.cloudId(), site.credentials());
                return null;
            });
        } catch (phantom.store.LeaseLost e) {
            log.info("{}: {}", Resync.name(g), e.getMessage());
            return false;
        } catch (CloudFault f) {
            log.warn("{}: terminating {} on {} failed, will retry: {}", Resync.name(g), i.cloudId(), i.site(), f.toString());
            db.transaction(tx -> {
                ScalingActivities.terminateActivity(tx, g, i)
                        .ifPresent(a -> tx.activities().update(ScalingActivities.terminateRefused(a, f)));
                return null;
            });
            return false;
        }
        watchers.terminated(site, i.cloudId());
        lanes.metrics().termination(i.site(), EngineMetrics.terminationReason(g, i));
        Instant now = clock.instant();
        db.transaction(tx -> {
            tx.instances().update(i.with(InstanceState.TERMINATED, i.statusReason(), now));
            ScalingActivities.terminateActivity(tx, g, i)
                    .ifPresent(a -> tx.activities().update(a.finish(ActivityStatus.Successful, null, now)));
            return null;
        });
        return true;
    }

    /** Writes the plan's launches as REQUESTED instances with their activities, in one transaction. */
    private List<Instance> recordIntents(Group g, Plan plan, Map<String, SiteLaunch> sites, Ownership.Lease lease) {
        if (plan.launches().isEmpty()) return List.of();
        Instant now = clock.instant();
        List<Instance> rows = new ArrayList<>();
        List<ScalingActivity> activities = new ArrayList<>();
        for (Plan.Launch l : plan.launches()) {
            SiteLaunch site = sites.get(l.site());
            var lc = site.launchConfiguration();
            Instance i = new Instance("ph-" + UUID.randomUUID(), g.id(), l.site(), null, InstanceState.REQUESTED, true,
                    null, site.launchConfigurationName(), lc == null ? null : lc.instanceType(),
                    lc == null ? null : lc.imageId(), now, now, g.newInstancesProtectedFromScaleIn());
            rows.add(i);
            activities.add(ScalingActivities.launching(g, i, l.cause(), now));
        }
        db.transaction(tx -> {
            lease.fence(tx);
            for (Instance i : rows) tx.instances().insert(i);
            for (ScalingActivity a : activities) tx.activities().insert(a);
            return null;
        });
        return rows;
    }

    private LaunchResult launch(Group g, Instance i, SiteLaunch site, Ownership.Lease lease) throws InterruptedException {
        CloudFault fault = site.unusable(g).orElse(null);
        CloudInstance vm = null;
        if (fault == null) {
            try {
                vm = lanes.call(i.site(), "launch", () -> {
                    lease.requireValid("launch " + i.id());
                    // the driver asks again right before the request that starts the VM (after its token look-up)
                    return site.driver().launch(site.spec(g, i), site.credentials(), () -> {
                        if (!lease.valid()) {
                            throw new LaunchGuard.Refused("launch " + i.id() + " not made: this node's lease of the group"
                                    + " lapsed; the node that takes the group over does what is still needed");
                        }
                    });
                });
            } catch (CloudFault f) {
                fault = f;
            } catch (phantom.store.LeaseLost | LaunchGuard.Refused e) {
                // Paused or cut off past the lease: another node may own the group now. The intent
                // stays REQUESTED; its new owner adopts or re-issues it by token.
                log.info("{}: launch {}: {}", Resync.name(g), i.id(), e.getMessage());
                return new LaunchResult(i.site(), site.fingerprint(), null, i, null);
            } catch (InterruptedException e) {
                // Stopping: not started, or cut short. The intent stays REQUESTED for the next start; the
                // pass still records what its other launches did before it gives up.
                return new LaunchResult(i.site(), site.fingerprint(), null, i, null);
            }
        }
        Instant now = clock.instant();
        lanes.metrics().launch(i.site(), fault);
        if (fault != null && SiteLanes.timedOut(fault)) {
            unknownOutcome(g, i, fault, now);
            return new LaunchResult(i.site(), site.fingerprint(), fault, i, null);
        }
        if (fault != null) {
            CloudFault f = fault;
            db.transaction(tx -> {
                Instance stored = tx.instances().get(i.id()).orElse(i); // the API may have marked it meanwhile
                tx.instances().update(stored.with(InstanceState.FAILED, ScalingActivities.message(f), now));
                if (stored.state() == InstanceState.TERMINATING) {
                    ScalingActivities.terminateActivity(tx, g, stored).ifPresent(a -> tx.activities().update(
                            a.finish(ActivityStatus.Successful, "the launch failed: no VM to terminate", now)));
                }
                tx.activities().get(ScalingActivities.launchId(i.id()))
                        .filter(a -> !a.status().done())
                        .ifPresent(a -> tx.activities().update(ScalingActivities.launchFailed(a, f, now)));
                return null;
            });
            return new LaunchResult(i.site(), site.fingerprint(), f, i, null);
        }
        // The VM as the cloud returned it, with the tags the launch gave it (a driver may leave them out).
        CloudInstance started = new CloudInstance(vm.cloudId(), vm.token() != null ? vm.token() : i.id(),
                vm.groupUuid() != null ? vm.groupUuid() : g.uuid(), vm.state(), vm.instanceType(), vm.launchTime());
        watchers.launched(site, started);
        return new LaunchResult(i.site(), site.fingerprint(), null, i, started);
    }

    /**
     * Records the pass's launched VMs and the sites' health in one transaction (a pass's launches
     * end close together; one commit instead of one per VM). Until it commits, a launched VM's row
     * is REQUESTED with its token on the VM, so a crash meanwhile leaves it to be adopted.
     */
    private void recordLaunches(Group g, List<LaunchResult> results) {
        if (results.isEmpty()) return;
        Instant now = clock.instant();
        db.transaction(tx -> {
            for (LaunchResult r : results) {
                if (r.vm() == null) continue;
                Instance i = r.instance();
                CloudInstance started = r.vm();
                InstanceState state = started.state() == CloudState.RUNNING ? InstanceState.RUNNING : InstanceState.PENDING;
                // The API may have marked it meanwhile (unhealthy, or TERMINATING): that stands, with the cloud id.
                Instance stored = tx.instances().get(i.id()).orElse(i);
                tx.instances().update(stored.withCloudId(started.cloudId(),
                        stored.state() == InstanceState.REQUESTED ? state : stored.state(), now));
                tx.activities().get(ScalingActivities.launchId(i.id()))
                        .filter(a -> !a.status().done())
                        .ifPresent(a -> tx.activities().update(ScalingActivities.launched(a, started.cloudId(), now)));
            }
            recordSiteHealth(tx, g, results, now);
            return null;
        });
        logLaunches(g, results);
    }

    /** At most this many ids in one line; the rest are counted. */
    private static final int IDS_SHOWN = 5;

    /** "i-1, i-2, i-3 and 4 more". */
    static String ids(List<String> ids) {
        if (ids.size() <= IDS_SHOWN) return String.join(", ", ids);
        return String.join(", ", ids.subList(0, IDS_SHOWN)) + " and " + (ids.size() - IDS_SHOWN) + " more";
    }

    /**
     * One INFO line per site for what the pass's launches did: the VMs started, and the failures by
     * error (a capacity event that fails 8 launches at once is one line, not 8).
     */
    private static void logLaunches(Group g, List<LaunchResult> results) {
        Map<String, List<String>> started = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> failed = new LinkedHashMap<>();
        for (LaunchResult r : results) {
            if (r.vm() != null) started.computeIfAbsent(r.site(), k -> new ArrayList<>()).add(r.vm().cloudId());
            else if (r.fault() != null && !SiteLanes.timedOut(r.fault())) {
                failed.computeIfAbsent(r.site(), k -> new LinkedHashMap<>()).merge(r.fault().toString(), 1, Integer::sum);
            }
        }
        started.forEach((site, ids) -> log.info("{}: launched {} on {}: {}", Resync.name(g), count(ids.size(), "VM"), site,
                ids(ids)));
        failed.forEach((site, faults) -> faults.forEach((fault, n) -> log.info("{}: {} on {} failed: {}", Resync.name(g),
                count(n, "launch"), site, fault)));
    }

    /** One INFO line per site for the VMs this pass terminated, with why. */
    private static void logTerminations(Group g, List<Instance> tried, List<Boolean> done) {
        Map<String, List<String>> bySite = new LinkedHashMap<>();
        for (int k = 0; k < tried.size() && k < done.size(); k++) {
            if (!done.get(k)) continue;
            Instance i = tried.get(k);
            bySite.computeIfAbsent(i.site() + " (" + EngineMetrics.terminationReason(g, i).replace('_', ' ') + ")",
                    x -> new ArrayList<>()).add(i.cloudId());
        }
        bySite.forEach((where, ids) -> log.info("{}: terminated {} on {}: {}", Resync.name(g), count(ids.size(), "VM"), where,
                ids(ids)));
    }

    /** One INFO line per overflow the plan makes: "alice/web: 2 launches overflow hotel -> sierra: hotel is full (cap 8)". */
    private static void logOverflows(Group g, Plan plan) {
        Map<String, Integer> overflows = new LinkedHashMap<>();
        for (Plan.Launch l : plan.launches()) {
            int at = l.cause().indexOf("; overflow ");
            if (at >= 0) overflows.merge(l.cause().substring(at + "; overflow ".length()), 1, Integer::sum);
        }
        overflows.forEach((what, n) -> log.info("{}: {} overflow {}", Resync.name(g), count(n, "launch"), what));
    }

    private static String count(int n, String noun) {
        String plural = noun.endsWith("h") ? noun + "es" : noun + "s";
        return n + " " + (n == 1 ? noun : plural);
    }

    /**
     * A launch call that did not answer in time may still start a VM: the intent stays REQUESTED
     * (its updated time is this attempt's), so that the VM is adopted when a listing shows its
     * token, and the orphan sweep never takes it for an orphan; if no VM shows up, the launch is
     * issued again with the same token ({@link GroupPass}, lost launches). Its activity stays in
     * progress and says why.
     */
    private void unknownOutcome(Group g, Instance i, CloudFault f, Instant now) {
        log.warn("{}: launch {} on {}: {}; the cloud may still start the VM, so the launch stays recorded:"
                + " its VM is adopted when a listing shows token {}, else it is launched again with that token",
                Resync.name(g), i.id(), i.site(), f.getMessage(), i.id());
        db.transaction(tx -> {
            Instance stored = tx.instances().get(i.id()).orElse(i); // the API may have marked it meanwhile
            if (stored.state() == InstanceState.REQUESTED && stored.cloudId() == null) {
                tx.instances().update(stored.with(InstanceState.REQUESTED, ScalingActivities.message(f), now));
            }
            tx.activities().get(ScalingActivities.launchId(i.id()))
                    .filter(a -> !a.status().done())
                    .ifPresent(a -> tx.activities().update(ScalingActivities.launchUnanswered(a, f)));
            return null;
        });
    }

    /** One attempt per site: any failure is recorded (the most telling class), else the success. */
    private static void recordSiteHealth(Tx tx, Group g, List<LaunchResult> results, Instant now) {
        Map<String, List<LaunchResult>> bySite = new LinkedHashMap<>();
        for (LaunchResult r : results) bySite.computeIfAbsent(r.site(), s -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<LaunchResult>> e : bySite.entrySet()) {
            String site = e.getKey();
            Optional<SiteHealth> stored = tx.siteHealth().get(g.id(), site);
            SiteHealth h = stored.orElse(SiteHealth.fresh(g.id(), site));
            Optional<LaunchResult> worst = e.getValue().stream()
                    .filter(r -> r.fault() != null)
                    .min(Comparator.comparingInt(r -> TELLING.indexOf(r.fault().faultClass())));
            boolean probe = h.backoffUntil() != null && !h.backingOff(now) && h.heldFor() == null;
            if (worst.isPresent()) {
                CloudFault f = worst.get().fault();
                long seed = (g.uuid() + "/" + site).hashCode() * 1_000_003L ^ now.toEpochMilli();
                SiteHealth next = SiteBackoff.onFailure(h, f.faultClass(), f.code(), f.getMessage(),
                        worst.get().fingerprint(), now, seed);
                tx.siteHealth().put(next);
                if (probe) log.info("{}: the probe of {} failed: {}", Resync.name(g), site, f.toString());
                if (next.heldFor() != null && h.heldFor() == null) {
                    log.warn("{}: holding off {} (a configuration error): {}; launches there resume when the launch"
                            + " configuration or the credentials change", Resync.name(g), site, f.toString());
                } else if (next.backoffUntil() != null) {
                    log.info("{}: {} backs off until {} after {} in a row: {}", Resync.name(g), site, next.backoffUntil(),
                            count(next.consecutiveFailures(), "failure"), f.toString());
                }
            } else if (stored.isPresent() && !clean(h)) {
                tx.siteHealth().put(SiteBackoff.onSuccess(h, now));
                if (probe) log.info("{}: the probe of {} succeeded; {} is in use again", Resync.name(g), site, site);
                else if (h.backoffUntil() != null || h.heldFor() != null) {
                    log.info("{}: {} launches again; its backoff ended", Resync.name(g), site);
                }
            }
        }
    }

    private static boolean clean(SiteHealth h) {
        return h.consecutiveFailures() == 0 && h.heldFor() == null && h.backoffUntil() == null && h.lastFault() == null;
    }

    /** Runs the calls in parallel, waits for all, and rethrows the first unexpected failure. */
    private <T> List<T> runAll(List<Callable<T>> calls) throws InterruptedException {
        if (calls.isEmpty()) return List.of();
        List<Future<T>> futures = tasks.invokeAll(calls);
        List<T> out = new ArrayList<>(futures.size());
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof InterruptedException ie) throw ie;
                if (failure == null) failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                else failure.addSuppressed(cause);
            }
        }
        if (failure != null) throw failure;
        return out;
    }
}
