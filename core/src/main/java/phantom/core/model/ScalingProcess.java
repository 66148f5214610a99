package phantom.core.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Auto Scaling processes a user can suspend and resume (SuspendProcesses, ResumeProcesses),
 * in the order AWS's API reference lists them. Whether one is suspended for a group is
 * {@code phantom.core.group.Processes.suspended}: the one place every feature asks.
 *
 * <p>Phantom's engine has {@link #LAUNCH}, {@link #TERMINATE}, {@link #HEALTH_CHECK} and
 * {@link #REPLACE_UNHEALTHY}; {@link #ALARM_NOTIFICATION}, {@link #SCHEDULED_ACTIONS} and
 * {@link #INSTANCE_REFRESH} belong to the features that run scaling policies, scheduled actions and
 * instance refreshes; Phantom has no load balancers and no Availability Zone rebalancing, so
 * {@link #ADD_TO_LOAD_BALANCER} and {@link #AZ_REBALANCE} are stored and shown only.
 */
public enum ScalingProcess {
    LAUNCH("Launch"),
    TERMINATE("Terminate"),
    ADD_TO_LOAD_BALANCER("AddToLoadBalancer"),
    ALARM_NOTIFICATION("AlarmNotification"),
    AZ_REBALANCE("AZRebalance"),
    HEALTH_CHECK("HealthCheck"),
    INSTANCE_REFRESH("InstanceRefresh"),
    REPLACE_UNHEALTHY("ReplaceUnhealthy"),
    SCHEDULED_ACTIONS("ScheduledActions");

    private final String aws;

    ScalingProcess(String aws) {
        this.aws = aws;
    }

    /** The process name as AWS writes it ({@code ProcessName}). */
    public String aws() {
        return aws;
    }

    /** The process of that AWS name (exact, case-sensitive as AWS), or empty. */
    public static Optional<ScalingProcess> of(String awsName) {
        return Arrays.stream(values()).filter(p -> p.aws.equals(awsName)).findFirst();
    }
}
