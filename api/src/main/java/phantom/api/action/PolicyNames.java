package phantom.api.action;

import phantom.groups.PolicyService.PolicyRef;

/** A PolicyName parameter, which names a policy by its name (with its group) or by its ARN. */
final class PolicyNames {
    private PolicyNames() {
    }

    static PolicyRef ref(String groupName, String policyName) {
        String uuid = Arns.scalingPolicyUuid(policyName);
        return uuid == null ? PolicyRef.byName(groupName, policyName) : PolicyRef.byArn(uuid, policyName);
    }
}
