package phantom.core.group;

import java.util.List;
import phantom.core.policy.TerminationPolicy;

/**
 * The settings of a group that no rule ties to anything else, as a create or update request gives
 * them; null (or an empty list) means "not given": the default at create, unchanged at update.
 */
public record GroupSettings(
        Integer defaultCooldown,
        Integer healthCheckGracePeriod,
        String healthCheckType,
        Integer maxInstanceLifetime,
        List<String> terminationPolicies,
        String vpcZoneIdentifier,
        String placementGroup,
        Boolean newInstancesProtectedFromScaleIn,
        Boolean capacityRebalance) {

    /** Nothing given. */
    public static final GroupSettings NONE = new GroupSettings(null, null, null, null, null, null, null, null, null);

    public GroupSettings {
        terminationPolicies = terminationPolicies == null ? null : List.copyOf(terminationPolicies);
    }

    /** AWS's rules for the values, with its messages. */
    void check() {
        nonNegative(defaultCooldown, "DefaultCooldown");
        nonNegative(healthCheckGracePeriod, "HealthCheckGracePeriod");
        if (healthCheckType != null && !healthCheckType.equals("EC2") && !healthCheckType.equals("ELB")) {
            throw Refusal.constraint(healthCheckType, "HealthCheckType", "Member must be EC2 or ELB");
        }
        if (maxInstanceLifetime != null && maxInstanceLifetime != 0 && maxInstanceLifetime < 86400) {
            throw Refusal.validation("MaxInstanceLifetime must be 0 or at least 86400 seconds (one day).");
        }
        if (terminationPolicies != null) terminationPolicies.forEach(GroupSettings::checkTerminationPolicy);
    }

    /** One of AWS's termination policy names; a custom policy (a Lambda function's ARN) Phantom cannot call. */
    private static void checkTerminationPolicy(String name) {
        if (TerminationPolicy.named(name).isPresent()) return;
        if (name.startsWith("arn:")) {
            throw Refusal.validation("Termination policy '" + name + "' is a custom termination policy (a Lambda"
                    + " function), which Phantom does not support. Valid termination policies are: "
                    + String.join(", ", TerminationPolicy.NAMES) + ".");
        }
        throw Refusal.validation("Termination policy '" + name + "' is not valid. Valid termination policies are: "
                + String.join(", ", TerminationPolicy.NAMES) + ".");
    }

    private static void nonNegative(Integer v, String name) {
        if (v != null && v < 0) throw Refusal.constraint(String.valueOf(v), name, "Member must be >= 0");
    }

    boolean policiesGiven() {
        return terminationPolicies != null && !terminationPolicies.isEmpty();
    }
}
