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
 * Within a site, victims are chosen not-yet-running first (requested, then pending), then newest
 * (created time descending, id descending as the tie-break).
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
    /** The order in which a site's live instances are removed: first element goes first. */
    static final Comparator<Instance> VICTIM_ORDER = Comparator
            .comparingInt((Instance i) -> switch (i.state()) {
                case REQUESTED -> 0;
                case PENDING -> 1;
                default -> 2;
            })
            .thenComparing(Instance::createdTime, Comparator.reverseOrder())
            .thenComparing(Instance::id, Comparator.reverseOrder());

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
        private final List<Termination> terminations = new ArrayList<>();
        /** Live instances that stay, per site in preference order, each list in victim order. */
        private final Map<String, List<Instance>> kept = new LinkedHashMap<>();
        private Instant next;

        Pass(GroupSpec spec, Map<String, SiteHealth> health, Instant now) {
            this.spec = spec;
            this.health = health;
            this.now = now;
        }

        Plan plan(List<Instance> instances) {
            int unhealthy = spec.replacesUnhealthy() ? terminateUnhealthy(instances) : 0;
            Map<String, List<Instance>> live = new TreeMap<>();
            for (Instance i : instances) {
                if (i.live() || (!spec.replacesUnhealthy() && i.state().live())) {
                    live.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i);
                }
            }
            live.values().forEach(list -> list.sort(VICTIM_ORDER));
            drainRemovedSites(live);
            trimToCaps(live);
            int have = kept.values().stream().mapToInt(List::size).sum();
            if (have > spec.desired() && spec.terminates()) {
                scaleIn(have);
                have = spec.desired();
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
                    .filter(i -> !i.healthy() && i.state().live())
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
                for (Instance i : e.getValue()) {
                    terminate(i, "an instance was taken out of service because site " + e.getKey()
                            + " is no longer in the group's clouds");
                }
            }
        }

        private void trimToCaps(Map<String, List<Instance>> live) {
            for (SitePreference p : spec.clouds()) {
                List<Instance> here = new ArrayList<>(live.getOrDefault(p.site(), List.of()));
                int had = here.size();
                while (spec.terminates() && p.bounded() && here.size() > p.max()) {
                    terminate(here.remove(0), "an instance was taken out of service because " + p.site()
                            + " is over its cap of " + p.max() + " (it had " + had + ")");
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
                List<Instance> here = kept.get(spec.clouds().get(k).site());
                while (excess > 0 && !here.isEmpty()) {
                    terminate(here.remove(0), cause);
                    excess--;
                }
            }
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
            List<String> shortfall = new ArrayList<>();
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
