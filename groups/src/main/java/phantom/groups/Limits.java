package phantom.groups;

/**
 * Per-user service limits, reported by DescribeAccountLimits and enforced by the create actions.
 *
 * @param maxGroups auto scaling groups per user (AWS default 200)
 * @param maxLaunchConfigurations launch configurations per user (AWS default 200)
 * @param maxGroupSize the largest desired count of one group
 */
public record Limits(int maxGroups, int maxLaunchConfigurations, int maxGroupSize) {
    public static final Limits DEFAULT = new Limits(200, 200, 1000);
}
