package phantom.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/**
 * Merges one site's cloud listing into the stored instances (docs/design.md, engine rule 5 and
 * "Crash safety"). Pure: the caller lists the site, passes the time, and stores what changed.
 *
 * <p>A stored instance is matched to a listed VM by its cloud id, or, before the cloud id is known,
 * by its launch token (the instance's {@link Instance#id()}, tagged on the VM). Absence from the
 * listing only counts once {@code grace} has passed since the instance was created, because a
 * launch may be in flight and a cloud's listing may lag behind its launches; the grace must be
 * longer than the driver's launch call can take.
 */
public final class InstanceObservation {
    /** How long after its creation an instance may be missing from the listing: 60 s, as the original. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

    private InstanceObservation() {
    }

    /**
     * The stored instances of one site, updated from that site's listing, in the same order; an
     * instance that did not change is returned as the same object.
     *
     * <ul>
     *   <li>requested, and a VM carries its token: adopted (cloud id set, pending or running); this
     *       is how a launch interrupted by a crash is recovered;
     *   <li>pending, and the cloud says running: running;
     *   <li>the cloud says failed, stopped or terminated while the instance is live: unhealthy;
     *   <li>live with a cloud id, missing from the listing after the grace: unhealthy, "disappeared";
     *   <li>requested or pending at {@code createdTime + bootTimeout}: unhealthy, "did not start";
     *   <li>terminating, and the cloud says terminated or the VM is gone after the grace: terminated;
     *   <li>requested without a VM after the grace is left as it is: see {@link #lostLaunches}.
     * </ul>
     *
     * @param listing the site's listing, or empty when listing failed: then nothing changes, since
     *     nothing is known
     * @throws IllegalArgumentException if the instances are not all on one site
     */
    public static List<Instance> observe(List<Instance> stored, Optional<List<CloudInstance>> listing, Instant now,
            Duration bootTimeout, Duration grace) {
        return observe(stored, listing, now, bootTimeout, grace, true);
    }

    /**
     * As {@link #observe(List, Optional, Instant, Duration, Duration)}; without {@code healthChecks}
     * (the group's HealthCheck process is suspended) no instance is marked unhealthy: states still
     * follow the cloud (adopted, running, terminated), but a failed, stopped, vanished or slow VM
     * keeps its health until HealthCheck is resumed.
     */
    public static List<Instance> observe(List<Instance> stored, Optional<List<CloudInstance>> listing, Instant now,
            Duration bootTimeout, Duration grace, boolean healthChecks) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(bootTimeout, "boot timeout");
        Objects.requireNonNull(grace, "grace");
        oneSite(stored);
        if (listing.isEmpty()) return List.copyOf(stored);
        Listing vms = new Listing(listing.get());
        return stored.stream().map(i -> {
            Instance seen = observe(i, vms, now, bootTimeout, grace);
            return healthChecks || seen.healthy() == i.healthy() ? seen : keepHealth(i, seen);
        }).toList();
    }

    /**
     * Requested instances with no VM on the site after the grace: their launch call was lost (for
     * example the process died before or during it, or the call did not answer in time). The
     * actuator launches them again with the same token, which is safe: the cloud de-duplicates it,
     * or the listing just showed no VM with it. The grace counts from the instance's updated time,
     * which is its last launch attempt (its creation, or a call that did not answer). Empty when the
     * listing failed.
     */
    public static List<Instance> lostLaunches(List<Instance> stored, Optional<List<CloudInstance>> listing,
            Instant now, Duration grace) {
        oneSite(stored);
        if (listing.isEmpty()) return List.of();
        Listing vms = new Listing(listing.get());
        return stored.stream()
                .filter(i -> i.state() == InstanceState.REQUESTED && i.healthy() && i.cloudId() == null)
                .filter(i -> vms.find(i) == null && !now.isBefore(i.updatedTime().plus(grace)))
                .toList();
    }

    /**
     * Whether a listing shows an instance's VM, matched as {@link #observe} matches it (by cloud id,
     * or by launch token before the cloud id is known). The listing is indexed once, so the
     * predicate is cheap to ask for each instance of a site.
     */
    public static java.util.function.Predicate<Instance> shownBy(List<CloudInstance> listing) {
        Listing vms = new Listing(listing);
        return i -> vms.find(i) != null;
    }

    /** A listed VM that no instance accounts for, and why. */
    public record Orphan(CloudInstance vm, String reason) {
    }

    /**
     * The VMs of a site's listing that Phantom must terminate because nothing accounts for them.
     *
     * <p>Phantom writes an instance row, whose id is the launch token, durably <em>before</em> it
     * asks a cloud to launch, and tags the VM with that token and the group's uuid. So if
     * {@code known} was read <em>after</em> the listing was taken, every VM in the listing whose
     * launch is still wanted has its row among {@code known}; no grace period is needed.
     * A VM whose token is that of an unfinished instance that has no VM yet or has this one is
     * never an orphan, whatever else holds. Otherwise a VM is an orphan when:
     * <ul>
     *   <li>its group uuid is not among {@code liveGroupUuids} (the group was deleted);
     *   <li>it carries the group tag but no token (Phantom always tags both);
     *   <li>its token matches no unfinished instance (the row never existed, or ended: failed or
     *       terminated, e.g. a launch called off at its boot timeout whose VM showed up later);
     *   <li>its token matches an instance that has adopted a different VM (a duplicate launch).
     * </ul>
     * VMs with neither Phantom tag, and VMs already terminated, are never orphans.
     *
     * @param known every instance Phantom has, on every site (two site names may be one account, so
     *     one site's listing may show VMs recorded on another; finished ones may be included: they
     *     count as unknown)
     * @param liveGroupUuids the uuids of all groups that still exist, including those being deleted
     */
    public static List<Orphan> orphans(List<CloudInstance> listing, Collection<Instance> known,
            Set<String> liveGroupUuids) {
        Map<String, Instance> byToken = new HashMap<>();
        for (Instance i : known) {
            if (!i.state().finished()) byToken.put(i.id(), i);
        }
        return listing.stream()
                .filter(vm -> vm.state() != CloudState.TERMINATED && (vm.token() != null || vm.groupUuid() != null))
                .map(vm -> {
                    String why = orphanReason(vm, byToken, liveGroupUuids);
                    return why == null ? null : new Orphan(vm, why);
                })
                .filter(Objects::nonNull)
                .toList();
    }

    private static String orphanReason(CloudInstance vm, Map<String, Instance> byToken, Set<String> liveGroups) {
        Instance row = vm.token() == null ? null : byToken.get(vm.token());
        if (row != null && (row.cloudId() == null || row.cloudId().equals(vm.cloudId()))) return null;
        if (vm.groupUuid() != null && !liveGroups.contains(vm.groupUuid())) {
            return "VM " + vm.cloudId() + " belongs to group " + vm.groupUuid() + ", which no longer exists";
        }
        if (vm.token() == null) return "VM " + vm.cloudId() + " carries Phantom's group tag but no launch token";
        Instance owner = byToken.get(vm.token());
        if (owner == null) {
            return "VM " + vm.cloudId() + " carries launch token " + vm.token()
                    + ", which no running or pending instance has (never recorded, or already ended)";
        }
        if (owner.cloudId() != null && !owner.cloudId().equals(vm.cloudId())) {
            return "VM " + vm.cloudId() + " is a second VM for launch token " + vm.token() + "; Phantom keeps "
                    + owner.cloudId();
        }
        return null;
    }

    private static Instance observe(Instance i, Listing vms, Instant now, Duration bootTimeout, Duration grace) {
        if (i.state().finished()) return i;
        CloudInstance vm = vms.find(i);
        if (i.state() == InstanceState.TERMINATING) {
            if (vm == null) return pastGrace(i, now, grace) ? i.with(InstanceState.TERMINATED, i.statusReason(), now) : i;
            if (vm.state() == CloudState.TERMINATED) return i.with(InstanceState.TERMINATED, i.statusReason(), now);
            return i.cloudId() == null ? i.withCloudId(vm.cloudId(), InstanceState.TERMINATING, now) : i;
        }
        Instance out = i;
        if (vm == null) {
            if (i.cloudId() != null && i.healthy() && pastGrace(i, now, grace)) {
                out = i.unhealthy("disappeared from " + i.site() + "'s listing", now);
            }
        } else {
            InstanceState state = vm.state() == CloudState.RUNNING ? InstanceState.RUNNING
                    : i.state() == InstanceState.REQUESTED ? InstanceState.PENDING : i.state();
            if (i.cloudId() == null || state != i.state()) out = i.withCloudId(vm.cloudId(), state, now);
            if (out.healthy()) {
                switch (vm.state()) {
                    case FAILED -> out = out.unhealthy(i.site() + " reports the VM failed", now);
                    case STOPPED -> out = out.unhealthy("the VM was stopped on " + i.site(), now);
                    case TERMINATED -> out = out.unhealthy("the VM was terminated on " + i.site() + ", not by Phantom", now);
                    default -> {
                    }
                }
            }
        }
        if (out.healthy() && out.state() != InstanceState.RUNNING && !now.isBefore(i.createdTime().plus(bootTimeout))) {
            out = out.unhealthy("did not start within " + bootTimeout.toSeconds() + " s", now);
        }
        return out;
    }

    /** What the observation saw, but with the health and reason the instance had (no health check marked it). */
    private static Instance keepHealth(Instance before, Instance seen) {
        if (seen.state() == before.state() && java.util.Objects.equals(seen.cloudId(), before.cloudId())) return before;
        return new Instance(seen.id(), seen.groupId(), seen.site(), seen.cloudId(), seen.state(), before.healthy(),
                before.statusReason(), seen.launchConfigurationName(), seen.instanceType(), seen.imageId(), seen.createdTime(),
                seen.updatedTime());
    }

    private static boolean pastGrace(Instance i, Instant now, Duration grace) {
        return !now.isBefore(i.createdTime().plus(grace));
    }

    private static void oneSite(List<Instance> stored) {
        if (stored.stream().map(Instance::site).distinct().count() > 1) {
            throw new IllegalArgumentException("instances of several sites given; observe one site's listing at a time");
        }
    }

    /** A listing indexed by cloud id and by token; of several VMs with one token the best is kept. */
    private static final class Listing {
        private static final Comparator<CloudInstance> BEST = Comparator
                .comparingInt((CloudInstance vm) -> switch (vm.state()) {
                    case RUNNING -> 0;
                    case PENDING -> 1;
                    case STOPPED -> 2;
                    case FAILED -> 3;
                    case TERMINATED -> 4;
                })
                .thenComparing(CloudInstance::cloudId);
        private final Map<String, CloudInstance> byCloudId = new HashMap<>();
        private final Map<String, CloudInstance> byToken = new HashMap<>();

        Listing(List<CloudInstance> vms) {
            for (CloudInstance vm : vms) {
                byCloudId.put(vm.cloudId(), vm);
                if (vm.token() != null) byToken.merge(vm.token(), vm, (a, b) -> BEST.compare(a, b) <= 0 ? a : b);
            }
        }

        CloudInstance find(Instance i) {
            return i.cloudId() != null ? byCloudId.get(i.cloudId()) : byToken.get(i.id());
        }
    }
}
