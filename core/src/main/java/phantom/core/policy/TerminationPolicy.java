package phantom.core.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * AWS's termination policies (a group's TerminationPolicies, DescribeTerminationPolicyTypes), by
 * the name AWS gives each. How each orders a site's VMs on scale in is {@link TerminationOrder}.
 */
public enum TerminationPolicy {
    ALLOCATION_STRATEGY("AllocationStrategy"),
    CLOSEST_TO_NEXT_INSTANCE_HOUR("ClosestToNextInstanceHour"),
    DEFAULT("Default"),
    NEWEST_INSTANCE("NewestInstance"),
    OLDEST_INSTANCE("OldestInstance"),
    OLDEST_LAUNCH_CONFIGURATION("OldestLaunchConfiguration"),
    OLDEST_LAUNCH_TEMPLATE("OldestLaunchTemplate");

    /** Every name, in the order DescribeTerminationPolicyTypes answers them (AWS's: alphabetical). */
    public static final List<String> NAMES = Arrays.stream(values()).map(TerminationPolicy::awsName).toList();

    private final String awsName;

    TerminationPolicy(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }

    /** The policy AWS calls {@code name} (case-sensitive, as AWS compares), or empty. */
    public static Optional<TerminationPolicy> named(String name) {
        return Arrays.stream(values()).filter(p -> p.awsName.equals(name)).findFirst();
    }
}
