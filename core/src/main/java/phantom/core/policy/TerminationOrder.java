package phantom.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import phantom.core.model.Instance;

/**
 * The order in which the engine takes one site's VMs when it must remove some (scale in, a
 * lowered cap, a site taken out of the cloud list), first element first. Pure. Which site gives
 * VMs up is Phantom's own rule (the least preferred first: it stands for AWS's Availability Zone
 * balance); this orders the VMs within a site:
 * <ol>
 *   <li>VMs not serving yet go first: a requested launch, then a pending VM (cancelling a boot
 *       costs less than stopping a VM that serves; AWS has no such step);
 *   <li>then the group's termination policies, in the order listed, each breaking the ties of the
 *       one before, as AWS applies them:
 *       <ul>
 *         <li>{@code OldestInstance}: the earliest launched first; {@code NewestInstance}: the latest;
 *         <li>{@code OldestLaunchConfiguration}: a VM whose launch configuration is not the one
 *             its site launches now (replaced or deleted) first, then by that launch
 *             configuration's creation, oldest first;
 *         <li>{@code ClosestToNextInstanceHour}: the VM with the least time left to the next full
 *             hour since its launch first;
 *         <li>{@code Default}: {@code OldestLaunchConfiguration}, then {@code ClosestToNextInstanceHour};
 *         <li>{@code AllocationStrategy} and {@code OldestLaunchTemplate} order nothing: Phantom has
 *             no mixed-instances policies nor launch templates (AWS accepts them on such groups too);
 *         <li>a name Phantom does not know (stored before the names were checked) orders nothing;
 *       </ul>
 *   <li>then, where AWS picks at random, a reproducible choice so that the same inputs give the
 *       same plan: the newest first, then the higher id.
 * </ol>
 */
public final class TerminationOrder {
    private static final long HOUR_SECONDS = Duration.ofHours(1).toSeconds();

    /** Requested, then pending, then the rest. */
    private static final Comparator<Instance> NOT_SERVING_FIRST = Comparator.comparingInt((Instance i) -> switch (i.state()) {
        case REQUESTED -> 0;
        case PENDING -> 1;
        default -> 2;
    });

    /** The reproducible stand-in for AWS's random pick. */
    private static final Comparator<Instance> LAST_TIE_BREAK = Comparator
            .comparing(Instance::createdTime, Comparator.reverseOrder())
            .thenComparing(Instance::id, Comparator.reverseOrder());

    private TerminationOrder() {
    }

    /**
     * @param policies the group's termination policies, as stored
     * @param launchConfigurations per launch configuration name a site of the group launches now,
     *     its creation time
     * @param now the time of the plan, for {@code ClosestToNextInstanceHour}
     */
    public static Comparator<Instance> of(List<String> policies, Map<String, Instant> launchConfigurations, Instant now) {
        Objects.requireNonNull(launchConfigurations, "launch configurations");
        Objects.requireNonNull(now, "now");
        Comparator<Instance> order = NOT_SERVING_FIRST;
        for (String name : policies) {
            for (Comparator<Instance> c : TerminationPolicy.named(name).map(p -> rules(p, launchConfigurations, now))
                    .orElse(List.of())) {
                order = order.thenComparing(c);
            }
        }
        return order.thenComparing(LAST_TIE_BREAK);
    }

    private static List<Comparator<Instance>> rules(TerminationPolicy p, Map<String, Instant> lcs, Instant now) {
        return switch (p) {
            case OLDEST_INSTANCE -> List.of(Comparator.comparing(Instance::createdTime));
            case NEWEST_INSTANCE -> List.of(Comparator.comparing(Instance::createdTime, Comparator.reverseOrder()));
            case OLDEST_LAUNCH_CONFIGURATION -> List.of(oldestLaunchConfiguration(lcs));
            case CLOSEST_TO_NEXT_INSTANCE_HOUR -> List.of(closestToNextHour(now));
            case DEFAULT -> List.of(oldestLaunchConfiguration(lcs), closestToNextHour(now));
            case ALLOCATION_STRATEGY, OLDEST_LAUNCH_TEMPLATE -> List.of();
        };
    }

    private static Comparator<Instance> oldestLaunchConfiguration(Map<String, Instant> lcs) {
        return Comparator.comparing((Instance i) -> {
            Instant created = i.launchConfigurationName() == null ? null : lcs.get(i.launchConfigurationName());
            return created == null ? Instant.MIN : created;
        });
    }

    private static Comparator<Instance> closestToNextHour(Instant now) {
        return Comparator.comparingLong(i -> secondsToNextHour(i, now));
    }

    /** Seconds from {@code now} to the next full hour of the VM's life (a VM not yet launched: a full hour). */
    static long secondsToNextHour(Instance i, Instant now) {
        long age = Math.max(0, Duration.between(i.createdTime(), now).toSeconds());
        return HOUR_SECONDS - age % HOUR_SECONDS;
    }
}
