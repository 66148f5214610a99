package phantom.driver.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a simulated site remembers: its VMs in launch order (terminated ones for a day, as
 * EC2 shows them for a while, so a launch token stays idempotent) and how many launches it has
 * rolled the dice for, which drives every random draw.
 */
record SimState(String site, long launches, List<SimVm> vms) {

    /** How long a terminated VM is kept before it is forgotten. */
    static final Duration TERMINATED_KEPT = Duration.ofDays(1);

    SimState {
        vms = List.copyOf(vms);
    }

    static SimState empty(String site) {
        return new SimState(site, 0, List.of());
    }

    Optional<SimVm> byToken(String token) {
        return vms.stream().filter(vm -> vm.token().equals(token)).findFirst();
    }

    Optional<SimVm> byId(String cloudId) {
        return vms.stream().filter(vm -> vm.cloudId().equals(cloudId)).findFirst();
    }

    long liveCount() {
        return vms.stream().filter(SimVm::live).count();
    }

    long liveOwnedBy(String owner) {
        return vms.stream().filter(vm -> vm.live() && java.util.Objects.equals(vm.owner(), owner)).count();
    }

    SimState rolled() {
        return new SimState(site, launches + 1, vms);
    }

    SimState with(SimVm vm) {
        List<SimVm> more = new ArrayList<>(vms);
        more.add(vm);
        return new SimState(site, launches, more);
    }

    /** This state with the VM terminated at {@code now}; null when there is nothing to change. */
    SimState terminating(String cloudId, Instant now) {
        SimVm vm = byId(cloudId).orElse(null);
        if (vm == null || !vm.live()) {
            return null;
        }
        return new SimState(site, launches,
                vms.stream().map(v -> v == vm ? v.terminated(now) : v).toList());
    }

    /** Forgets VMs terminated longer than {@link #TERMINATED_KEPT} ago. */
    SimState pruned(Instant now) {
        Instant cutoff = now.minus(TERMINATED_KEPT);
        List<SimVm> kept = vms.stream()
                .filter(vm -> vm.live() || vm.terminatedAt().isAfter(cutoff))
                .toList();
        return kept.size() == vms.size() ? this : new SimState(site, launches, kept);
    }
}
