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

    static String scheduledAction(String owner, String uuid, String groupName, String name) {
        return "arn:aws:autoscaling:" + REGION + ":" + account(owner) + ":scheduledUpdateGroupAction:" + uuid
                + ":autoScalingGroupName/" + groupName + ":scheduledActionName/" + name;
    }

    static String serviceLinkedRole(String owner) {
        return "arn:aws:iam::" + account(owner)
                + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    }
}
