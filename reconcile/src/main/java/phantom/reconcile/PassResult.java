package phantom.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one reconciliation pass of a group did.
 *
 * @param groupExists false when the group was gone, or the pass deleted it (its deletion finished)
 * @param launched VMs the clouds started in this pass (new launches and re-issued lost ones)
 * @param launchFailures launches the clouds refused or that timed out
 * @param terminated VMs terminated (and launch intents cancelled) in this pass
 * @param shortfall why the group runs short of its desired count, as the plan said; empty when not
 * @param nextCheck when the group wants its next pass (the queue bounds the delay); empty when only
 *     a change or the periodic resync needs one
 */
public record PassResult(boolean groupExists, int launched, int launchFailures, int terminated, List<String> shortfall,
        Optional<Instant> nextCheck) {

    public PassResult {
        shortfall = List.copyOf(shortfall);
        Objects.requireNonNull(nextCheck, "nextCheck");
    }

    /** Another node reconciles the group (docs/cluster.md): nothing done, no next check here. */
    static PassResult notHere() {
        return new PassResult(true, 0, 0, 0, List.of(), Optional.empty());
    }

    static PassResult gone() {
        return new PassResult(false, 0, 0, 0, List.of(), Optional.empty());
    }
}
