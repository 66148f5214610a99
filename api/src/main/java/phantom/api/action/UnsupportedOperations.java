package phantom.api.action;

import java.util.Map;
import java.util.Optional;
import phantom.api.ApiError;

/**
 * The operations of AWS's Auto Scaling API that Phantom refuses on purpose, each with the reason.
 * A client calling one gets {@code UnsupportedOperation} with that reason, rather than the
 * {@code InvalidAction} of a name no version of the API knows, so a user learns that the call is
 * known and why Phantom will not do it. docs/api.md ("Every operation") lists the same reasons, and a
 * test holds the two together.
 */
public final class UnsupportedOperations {
    private static final String NO_LOAD_BALANCERS = "Phantom has no load balancers: a group's VMs are on several clouds,"
            + " each with its own networks; the group's LoadBalancerNames and TargetGroupARNs are stored and shown, not used.";
    private static final String NO_TRAFFIC_SOURCES = "Phantom has no load balancers or VPC Lattice: a group's"
            + " TrafficSources is always empty.";
    private static final String NO_SNS = "Phantom has no SNS: the scaling activities (DescribeScalingActivities) and"
            + " Phantom's metrics say what happened to a group.";
    private static final String NO_WARM_POOLS = "Phantom has no warm pools: stopped VMs kept ready are not in every"
            + " cloud's model; a group's warm pool is always empty (DescribeWarmPool).";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("AttachLoadBalancers", NO_LOAD_BALANCERS),
            Map.entry("DetachLoadBalancers", NO_LOAD_BALANCERS),
            Map.entry("DescribeLoadBalancers", NO_LOAD_BALANCERS),
            Map.entry("AttachLoadBalancerTargetGroups", NO_LOAD_BALANCERS),
            Map.entry("DetachLoadBalancerTargetGroups", NO_LOAD_BALANCERS),
            Map.entry("DescribeLoadBalancerTargetGroups", NO_LOAD_BALANCERS),
            Map.entry("AttachTrafficSources", NO_TRAFFIC_SOURCES),
            Map.entry("DetachTrafficSources", NO_TRAFFIC_SOURCES),
            Map.entry("PutNotificationConfiguration", NO_SNS),
            Map.entry("DeleteNotificationConfiguration", NO_SNS),
            Map.entry("PutWarmPool", NO_WARM_POOLS),
            Map.entry("DeleteWarmPool", NO_WARM_POOLS),
            Map.entry("GetPredictiveScalingForecast", "Phantom has no metric history to forecast from:"
                    + " predictive scaling policies are refused."),
            Map.entry("LaunchInstances", "Phantom's groups use launch configurations, and LaunchInstances needs a"
                    + " group with a launch template; set the desired count (SetDesiredCapacity) instead."));

    private UnsupportedOperations() {
    }

    /** Why Phantom refuses the operation {@code name}, when it is one of AWS's that Phantom refuses. */
    public static Optional<String> reason(String name) {
        return Optional.ofNullable(REASONS.get(name));
    }

    /** Every refused operation's name with its reason. */
    public static Map<String, String> all() {
        return REASONS;
    }

    /** The answer to a call of the refused operation {@code name}. */
    public static ApiError refusal(String name, String reason) {
        return new ApiError("UnsupportedOperation", 400, name + " is not supported by Phantom. " + reason);
    }
}
