package phantom.core.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.core.policy.Plan.Launch;
import phantom.core.policy.Plan.Termination;

/**
 * The {@code error_overflow_n_preserving} decision (docs/design.md, engine rules 1-3 and 5): from what
 * is wanted, what is observed and what is known about each site, the launches and terminations
 * that keep N VMs over the ordered sites. Pure: no I/O, no clock, the same inputs give the same
 * plan whatever the order of {@code instances}.
 *
 * <p>The rules, in the order they are applied:
 * <ol>
 *   <li>Unhealthy instances that are not finished or terminating are terminated; they never count.
 *   <li>Live (requested, pending or running, and healthy) instances on a site that is no longer in
 *       the group's clouds are terminated, then those above a site's cap.
 *   <li>If more than N remain, the excess goes from the least preferred site first.
 *   <li>Otherwise the sites are filled in order: each takes {@code min(room, remaining)}, where room
 *       is its cap (unbounded for -1) minus its live instances, further limited by its
 *       {@link SiteHealth}: a CONFIG hold for the current fingerprint or a running backoff takes no
 *       new VMs; after a backoff (or a lifted hold) the site gets one probe launch and no more
 *       until a success resets it; TRANSIENT failures below
 *       {@link SiteBackoff#TRANSIENT_OVERFLOW_AFTER} keep the site's share in place until their
 *       short backoff ends. What a site cannot take overflows to the next.
 * </ol>
 * Within a site, victims are chosen in {@link TerminationOrder} (not yet serving first, then the
 * group's termination policies). A VM {@linkplain Instance#protectedFromScaleIn() protected from
 * scale in} is never chosen by rules 2 and 3: the site stays over its cap, or the group above its
 * desired count, and the plan's {@code shortfall} says why. Rule 1 (health) and the deletion of the
 * group still take protected VMs, as AWS's health check replacement and ForceDelete do.
 * A VM {@linkplain Instance#standby() in standby} is left alone by every rule: it does not count
 * toward the desired count or a cap, is not health checked and is never chosen; only the group's
 * deletion takes it.
 *
 * <p>Suspended processes ({@link GroupSpec#suspended}) hold rules back, as AWS's do: with Launch
 * suspended nothing is launched (and that is no shortfall: the group waits, it does not fail);
 * with Terminate suspended nothing is terminated by rules 1-3; with ReplaceUnhealthy (or
 * Terminate) suspended an unhealthy instance is not terminated and counts as live, so it is not
 * replaced either. A group being deleted terminates everything whatever is suspended (AWS's
 * force delete).
 *
 * <p>Instances in {@code TERMINATING} count neither as live nor toward a site's cap, and are not
 * terminated again (the actuator is on it): the cap limits the group's serving VMs, as AWS counts
 * capacity, and a replacement may start while the old VM shuts down.
 */
public final class OverflowPolicy {
    private OverflowPolicy() {
    }

    /**
     * @param instances the group's stored instances, in any state (finished ones are ignored)
     * @param health what is known per site; a site without an entry has had no failures
     * @throws IllegalArgumentException if an instance belongs to another group or lacks a created time
     */
    public static Plan plan(GroupSpec spec, List<Instance> instances, Map<String, SiteHealth> health, Instant now) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(now, "now");
        Set<String> ids = new HashSet<>();
        for (Instance i : Objects.requireNonNull(instances, "instances")) {
            if (i.groupId() != spec.groupId()) {
                throw new IllegalArgumentException("instance " + i.id() + " belongs to group " + i.groupId()
                        + ", not to group " + spec.groupId());
            }
            if (i.createdTime() == null) throw new IllegalArgumentException("instance " + i.id() + " has no created time");
            if (!ids.add(i.id())) throw new IllegalArgumentException("instance " + i.id() + " is listed twice");
        }
        if (spec.deleting()) return deleting(instances);
        return new Pass(spec, health, now).plan(instances);
    }

    private static Plan deleting(List<Instance> instances) {
        List<Termination> terminations = instances.stream()
                .filter(i -> !i.state().finished() && i.state() != InstanceState.TERMINATING)
                .sorted(Comparator.comparing(Instance::id))
                .map(i -> new Termination(i.id(), "an instance was taken out of service because the group is being deleted"))
                .toList();
        return new Plan(List.of(), terminations, List.of(), Optional.empty());
    }

    /** One planning pass; holds the working state so that each rule reads as one method. */
    private static final class Pass {
        private final GroupSpec spec;
        private final Map<String, SiteHealth> health;
        private final Instant now;
        private final Comparator<Instance> victimOrder;
        private final List<Termination> terminations = new ArrayList<>();
        /** Why the plan keeps more than the desired count or a cap allows: the protected VMs it could not take. */
        private final List<String> protectedNotes = new ArrayList<>();
        /** Live instances that stay, per site in preference order, each list in victim order. */
        private final Map<String, List<Instance>> kept = new LinkedHashMap<>();
        private Instant next;

        Pass(GroupSpec spec, Map<String, SiteHealth> health, Instant now) {
            this.spec = spec;
            this.health = health;
            this.now = now;
            this.victimOrder = TerminationOrder.of(spec.terminationPolicies(), spec.launchConfigurations(), now);
        }

        Plan plan(List<Instance> instances) {
            int unhealthy = spec.replacesUnhealthy() ? terminateUnhealthy(instances) : 0;
            Map<String, List<Instance>> live = new TreeMap<>();
            for (Instance i : instances) {
                if (i.live() || (!spec.replacesUnhealthy() && i.state().live())) {
                    live.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i);
                }
            }
            live.values().forEach(list -> list.sort(victimOrder));
            drainRemovedSites(live);
            trimToCaps(live);
            int have = kept.values().stream().mapToInt(List::size).sum();
            if (have > spec.desired() && spec.terminates()) {
                scaleIn(have);
                have = kept.values().stream().mapToInt(List::size).sum();
            }
            Fill fill = spec.launches() ? fill(have, unhealthy) : new Fill(List.of(), List.of());
            for (List<Instance> list : kept.values()) {
                for (Instance i : list) {
                    if (i.state() != InstanceState.RUNNING) later(i.createdTime().plus(spec.bootTimeout()));
                }
            }
            return new Plan(fill.launches, terminations, fill.shortfall, Optional.ofNullable(next));
        }

        private int terminateUnhealthy(List<Instance> instances) {
            List<Instance> sick = instances.stream()
                    .filter(i -> !i.healthy() && i.state().live() && !i.standby())
                    .sorted(Comparator.comparing(Instance::id))
                    .toList();
            for (Instance i : sick) {
                String why = i.statusReason() == null || i.statusReason().isBlank() ? "marked unhealthy" : i.statusReason();
                terminate(i, "an instance was taken out of service in response to a health check on " + i.site() + ": " + why);
            }
            return sick.size();
        }

        private void drainRemovedSites(Map<String, List<Instance>> live) {
            for (Map.Entry<String, List<Instance>> e : live.entrySet()) {
                if (spec.preference(e.getKey()).isPresent()) continue;
                List<Instance> stay = new ArrayList<>();
                for (Instance i : e.getValue()) {
                    if (i.protectedFromScaleIn()) {
                        stay.add(i);
                        continue;
                    }
                    terminate(i, "an instance was taken out of service because site " + e.getKey()
                            + " is no longer in the group's clouds");
                }
                if (!stay.isEmpty()) {
                    protectedNotes.add(e.getKey() + " is no longer in the group's clouds but keeps " + protectedVms(stay));
                    kept.put(e.getKey(), stay);
                }
            }
        }

        private void trimToCaps(Map<String, List<Instance>> live) {
            for (SitePreference p : spec.clouds()) {
                List<Instance> here = new ArrayList<>(live.getOrDefault(p.site(), List.of()));
                int had = here.size();
                if (spec.terminates() && p.bounded() && had > p.max()) {
                    List<Instance> taken = takeUnprotected(here, had - p.max());
                    for (Instance i : taken) {
                        terminate(i, "an instance was taken out of service because " + p.site()
                                + " is over its cap of " + p.max() + " (it had " + had + ")");
                    }
                    if (here.size() > p.max()) {
                        protectedNotes.add(p.site() + " stays over its cap of " + p.max() + " with " + here.size()
                                + ": " + protectedVms(here));
                    }
                }
                kept.put(p.site(), here);
            }
        }

        private void scaleIn(int have) {
            int excess = have - spec.desired();
            String cause = "an instance was taken out of service in response to a difference between desired and actual"
                    + " capacity, shrinking the capacity from " + have + " to " + spec.desired()
                    + " (least preferred sites first)";
            for (int k = spec.clouds().size() - 1; k >= 0 && excess > 0; k--) {
                List<Instance> taken = takeUnprotected(kept.get(spec.clouds().get(k).site()), excess);
                for (Instance i : taken) terminate(i, cause);
                excess -= taken.size();
            }
            if (excess > 0) {
                List<Instance> left = kept.values().stream().flatMap(List::stream).toList();
                protectedNotes.add("wanted " + spec.desired() + ", keeping " + left.size() + ": "
                        + protectedVms(left) + "; scale-in protection keeps them until it is removed (SetInstanceProtection)");
            }
        }

        /** Removes from {@code here} (in victim order) up to {@code count} VMs not protected from scale in, and returns them. */
        private static List<Instance> takeUnprotected(List<Instance> here, int count) {
            List<Instance> taken = new ArrayList<>();
            for (var it = here.iterator(); it.hasNext() && taken.size() < count; ) {
                Instance i = it.next();
                if (i.protectedFromScaleIn()) continue;
                it.remove();
                taken.add(i);
            }
            return taken;
        }

        /** "2 instances protected from scale in (i-1, i-2)", of the protected ones among {@code vms}. */
        private static String protectedVms(List<Instance> vms) {
            List<String> ids = vms.stream().filter(Instance::protectedFromScaleIn).map(Instance::visibleId).sorted().toList();
            return ids.size() + " instance" + (ids.size() == 1 ? "" : "s") + " protected from scale in ("
                    + String.join(", ", ids) + ")";
        }

        private record Batch(String site, int count, String note) {
        }

        private record Fill(List<Launch> launches, List<String> shortfall) {
        }

        private Fill fill(int have, int unhealthy) {
            int remaining = spec.desired() - have;
            int reserved = 0;
            List<Batch> batches = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            List<String> waits = new ArrayList<>();
            for (SitePreference p : spec.clouds()) {
                if (remaining <= 0) break;
                String site = p.site();
                SiteHealth h = health.getOrDefault(site, SiteHealth.fresh(spec.groupId(), site));
                List<Instance> here = kept.get(site);
                long room = p.bounded() ? Math.max(0, p.max() - here.size()) : Long.MAX_VALUE;
                boolean inFlight = here.stream().anyMatch(i -> i.state() != InstanceState.RUNNING);
                SiteStanding standing = SiteStanding.of(h, spec.fingerprint(site), inFlight, now);
                int launch = (int) Math.min(Math.min(room, standing.launchLimit()), remaining);
                if (launch > 0) {
                    String note = overflow(passed, reasons, site);
                    if (standing == SiteStanding.PROBE) note += "; " + standing.reason(h, now);
                    batches.add(new Batch(site, launch, note));
                }
                remaining -= launch;
                int wait = 0;
                if (standing == SiteStanding.RETRY_LATER) {
                    wait = (int) Math.min(room, remaining);
                    if (wait > 0) {
                        reserved += wait;
                        remaining -= wait;
                        waits.add(standing.reason(h, now));
                    }
                }
                if ((standing == SiteStanding.RETRY_LATER || standing == SiteStanding.BACKING_OFF) && room > 0) {
                    later(h.backoffUntil());
                }
                if (remaining > 0) {
                    passed.add(site);
                    reasons.add(p.bounded() && launch + wait >= room
                            ? site + " is full (cap " + p.max() + ")"
                            : standing.reason(h, now));
                }
            }
            int launched = batches.stream().mapToInt(Batch::count).sum();
            String base = "an instance was started in response to a difference between desired and actual capacity,"
                    + " increasing the capacity from " + have + " to " + (have + launched)
                    + (unhealthy > 0 ? " (replacing " + unhealthy + " unhealthy instance" + (unhealthy == 1 ? ")" : "s)") : "");
            List<Launch> launches = new ArrayList<>();
            for (Batch b : batches) {
                for (int k = 0; k < b.count; k++) launches.add(new Launch(b.site, base + " on " + b.site + b.note));
            }
            List<String> shortfall = new ArrayList<>(protectedNotes);
            if (remaining > 0 || reserved > 0) {
                List<String> why = new ArrayList<>(remaining > 0 ? reasons : List.of());
                why.addAll(waits);
                if (spec.clouds().isEmpty()) why.add("the group has no clouds");
                shortfall.add("wanted " + spec.desired() + ", sites can take " + (have + launched) + " now: "
                        + String.join("; ", why));
            }
            return new Fill(launches, shortfall);
        }

        /** "; overflow hotel -> sierra: hotel is full (cap 8)", or "" when no site was passed. */
        private static String overflow(List<String> passed, List<String> reasons, String site) {
            if (passed.isEmpty()) return "";
            return "; overflow " + String.join(" -> ", passed) + " -> " + site + ": " + String.join("; ", reasons);
        }

        /** Terminates the instance unless Terminate is suspended, when it stays where it is. */
        private void terminate(Instance i, String cause) {
            if (spec.terminates()) terminations.add(new Termination(i.id(), cause));
        }

        private void later(Instant when) {
            if (when != null && when.isAfter(now) && (next == null || when.isBefore(next))) next = when;
        }
    }
}
