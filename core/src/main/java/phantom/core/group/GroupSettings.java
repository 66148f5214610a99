package phantom.core.group;

import java.util.List;

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
    }

    private static void nonNegative(Integer v, String name) {
        if (v != null && v < 0) throw Refusal.constraint(String.valueOf(v), name, "Member must be >= 0");
    }

    boolean policiesGiven() {
        return terminationPolicies != null && !terminationPolicies.isEmpty();
    }
}
