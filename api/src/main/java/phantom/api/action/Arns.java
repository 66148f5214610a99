package phantom.api.action;

/** AWS-style ARNs for Phantom resources (the region part is "phantom"; the account is derived from the owner). */
public final class Arns {
    /** The region of every ARN, and of the availability zones the EC2 calls list (phantom.api.ec2). */
    public static final String REGION = "phantom";

    private Arns() {
    }

    /** A stable 12-digit account number for a user name. */
    static String account(String owner) {
        long h = 1125899906842597L;
        for (int i = 0; i < owner.length(); i++) h = 31 * h + owner.charAt(i);
        return String.format("%012d", Math.floorMod(h, 1_000_000_000_000L));
    }

    static String group(String owner, String uuid, String name) {
        return "arn:aws:autoscaling:" + REGION + ":" + account(owner) + ":autoScalingGroup:" + uuid
                + ":autoScalingGroupName/" + name;
    }

    static String launchConfiguration(String owner, String uuid, String name) {
        return "arn:aws:autoscaling:" + REGION + ":" + account(owner) + ":launchConfiguration:" + uuid
                + ":launchConfigurationName/" + name;
    }

    static String scalingPolicy(String owner, String uuid, String groupName, String policyName) {
        return "arn:aws:autoscaling:" + REGION + ":" + account(owner) + ":scalingPolicy:" + uuid
                + ":autoScalingGroupName/" + groupName + ":policyName/" + policyName;
    }

    /**
     * The uuid a scaling policy's ARN names, or null when {@code name} is not such an ARN (then it is
     * a policy's name). Any ARN, of any account, names its uuid; the store looks it up among the
     * caller's policies only.
     */
    static String scalingPolicyUuid(String name) {
        if (!name.startsWith("arn:")) return null;
        int at = name.indexOf(":scalingPolicy:");
        int end = name.indexOf(":autoScalingGroupName/");
        if (at < 0 || end < at) return "";
        return name.substring(at + ":scalingPolicy:".length(), end);
    }

    static String scheduledAction(String owner, String uuid, String groupName, String name) {
        return "arn:aws:autoscaling:" + REGION + ":" + account(owner) + ":scheduledUpdateGroupAction:" + uuid
                + ":autoScalingGroupName/" + groupName + ":scheduledActionName/" + name;
    }

    static String serviceLinkedRole(String owner) {
        return "arn:aws:iam::" + account(owner)
                + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    }
}
