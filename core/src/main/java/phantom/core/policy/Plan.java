package phantom.core.policy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the overflow policy decided for one group in one pass. Carrying it out and planning again
 * gives an idle plan (the policy is idempotent).
 *
 * @param launches one entry per VM to start, in site preference order
 * @param terminations one entry per instance to terminate; an instance without a cloud id is a
 *     launch to cancel (terminate the VM carrying its token if one appears)
 * @param shortfall why the group is not at its desired count after this plan, in the user's terms:
 *     it runs short (the sites cannot take more), or VMs protected from scale in keep it above the
 *     count or a site above its cap; empty when it is at its count
 * @param nextCheck the earliest instant at which planning again could decide differently (a backoff
 *     ending, a boot timeout passing); empty when only a change of the inputs could
 */
public record Plan(List<Launch> launches, List<Termination> terminations, List<String> shortfall,
        Optional<Instant> nextCheck) {

    public Plan {
        launches = List.copyOf(launches);
        terminations = List.copyOf(terminations);
        shortfall = List.copyOf(shortfall);
        Objects.requireNonNull(nextCheck, "nextCheck");
    }

    /** Start one VM on {@code site}; {@code cause} is the scaling activity's Cause. */
    public record Launch(String site, String cause) {
        public Launch {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Terminate the instance with Phantom's id {@code instanceId}; {@code cause} is the activity's Cause. */
    public record Termination(String instanceId, String cause) {
        public Termination {
            Objects.requireNonNull(instanceId, "instance id");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Nothing to launch or terminate. */
    public boolean idle() {
        return launches.isEmpty() && terminations.isEmpty();
    }

    /** Number of launches per site, in plan order. */
    public Map<String, Integer> launchCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Launch l : launches) counts.merge(l.site(), 1, Integer::sum);
        return counts;
    }
}
