package phantom.api.action;

import static phantom.api.query.Shape.ANY;
import static phantom.api.query.Shape.BOOLEAN;
import static phantom.api.query.Shape.DOUBLE;
import static phantom.api.query.Shape.INTEGER;
import static phantom.api.query.Shape.STRING;
import static phantom.api.query.Shape.list;
import static phantom.api.query.Shape.struct;

import java.util.Map;
import phantom.api.query.Shape;

/**
 * Every action's parameters, in one table, as the Auto Scaling API 2011-01-01 declares them (member
 * names and order as in AWS's model). The endpoint checks each request against its action's entry
 * ({@link Shape#check}) before the action reads it, and the malformed-request test derives its cases
 * from it. {@link Shape#ANY} marks structures Phantom refuses or ignores without reading inside
 * (launch templates, mixed-instances policies, lifecycle hooks, traffic sources, the configurations of
 * target tracking and predictive policies).
 */
public final class ActionShapes {
    static final Shape TAGS = list(struct("ResourceId", STRING, "ResourceType", STRING, "Key", STRING,
            "Value", STRING, "PropagateAtLaunch", BOOLEAN));
    static final Shape FILTERS = list(struct("Name", STRING, "Values", list(STRING)));
    static final Shape BLOCK_DEVICE_MAPPINGS = list(struct("VirtualName", STRING, "DeviceName", STRING,
            "Ebs", struct("SnapshotId", STRING, "VolumeSize", INTEGER, "VolumeType", STRING,
                    "DeleteOnTermination", BOOLEAN, "Iops", INTEGER, "Encrypted", BOOLEAN, "Throughput", INTEGER),
            "NoDevice", BOOLEAN));
    static final Shape METADATA_OPTIONS = struct("HttpTokens", STRING, "HttpPutResponseHopLimit", INTEGER,
            "HttpEndpoint", STRING);

    /** Action name to its input structure. */
    public static final Map<String, Shape.Struct> INPUTS = Map.ofEntries(
            Map.entry("CreateLaunchConfiguration", struct(
                    "LaunchConfigurationName", STRING, "ImageId", STRING, "KeyName", STRING,
                    "SecurityGroups", list(STRING), "ClassicLinkVPCId", STRING,
                    "ClassicLinkVPCSecurityGroups", list(STRING), "UserData", STRING, "InstanceId", STRING,
                    "InstanceType", STRING, "KernelId", STRING, "RamdiskId", STRING,
                    "BlockDeviceMappings", BLOCK_DEVICE_MAPPINGS,
                    "InstanceMonitoring", struct("Enabled", BOOLEAN), "SpotPrice", STRING, "IamInstanceProfile", STRING,
                    "EbsOptimized", BOOLEAN, "AssociatePublicIpAddress", BOOLEAN, "PlacementTenancy", STRING,
                    "MetadataOptions", METADATA_OPTIONS)),
            Map.entry("DeleteLaunchConfiguration", struct(
                    "LaunchConfigurationName", STRING)),
            Map.entry("DescribeLaunchConfigurations", struct(
                    "LaunchConfigurationNames", list(STRING), "NextToken", STRING, "MaxRecords", INTEGER)),
            Map.entry("CreateAutoScalingGroup", struct(
                    "AutoScalingGroupName", STRING, "LaunchConfigurationName", STRING, "LaunchTemplate", ANY,
                    "MixedInstancesPolicy", ANY, "InstanceId", STRING, "MinSize", INTEGER, "MaxSize", INTEGER,
                    "DesiredCapacity", INTEGER, "DefaultCooldown", INTEGER, "AvailabilityZones", list(STRING),
                    "LoadBalancerNames", list(STRING), "TargetGroupARNs", list(STRING), "HealthCheckType", STRING,
                    "HealthCheckGracePeriod", INTEGER, "PlacementGroup", STRING, "VPCZoneIdentifier", STRING,
                    "TerminationPolicies", list(STRING), "NewInstancesProtectedFromScaleIn", BOOLEAN,
                    "CapacityRebalance", BOOLEAN, "LifecycleHookSpecificationList", ANY,
                    "Tags", TAGS,
                    "ServiceLinkedRoleARN", STRING, "MaxInstanceLifetime", INTEGER, "Context", STRING,
                    "DesiredCapacityType", STRING, "DefaultInstanceWarmup", INTEGER, "TrafficSources", ANY)),
            Map.entry("UpdateAutoScalingGroup", struct(
                    "AutoScalingGroupName", STRING, "LaunchConfigurationName", STRING, "LaunchTemplate", ANY,
                    "MixedInstancesPolicy", ANY, "MinSize", INTEGER, "MaxSize", INTEGER, "DesiredCapacity", INTEGER,
                    "DefaultCooldown", INTEGER, "AvailabilityZones", list(STRING), "HealthCheckType", STRING,
                    "HealthCheckGracePeriod", INTEGER, "PlacementGroup", STRING, "VPCZoneIdentifier", STRING,
                    "TerminationPolicies", list(STRING), "NewInstancesProtectedFromScaleIn", BOOLEAN,
                    "ServiceLinkedRoleARN", STRING, "MaxInstanceLifetime", INTEGER, "CapacityRebalance", BOOLEAN,
                    "Context", STRING, "DesiredCapacityType", STRING, "DefaultInstanceWarmup", INTEGER)),
            Map.entry("DeleteAutoScalingGroup", struct(
                    "AutoScalingGroupName", STRING, "ForceDelete", BOOLEAN)),
            Map.entry("DescribeAutoScalingGroups", struct(
                    "AutoScalingGroupNames", list(STRING), "NextToken", STRING, "MaxRecords", INTEGER,
                    "Filters", FILTERS)),
            Map.entry("SetDesiredCapacity", struct(
                    "AutoScalingGroupName", STRING, "DesiredCapacity", INTEGER, "HonorCooldown", BOOLEAN)),
            Map.entry("CreateOrUpdateTags", struct(
                    "Tags", TAGS)),
            Map.entry("DeleteTags", struct(
                    "Tags", TAGS)),
            Map.entry("DescribeTags", struct(
                    "Filters", FILTERS, "NextToken", STRING,
                    "MaxRecords", INTEGER)),
            Map.entry("DescribeAccountLimits", struct()),
            Map.entry("DescribeAutoScalingInstances", struct(
                    "InstanceIds", list(STRING), "MaxRecords", INTEGER, "NextToken", STRING)),
            Map.entry("DescribeScalingActivities", struct(
                    "ActivityIds", list(STRING), "AutoScalingGroupName", STRING, "IncludeDeletedGroups", BOOLEAN,
                    "MaxRecords", INTEGER, "NextToken", STRING)),
            Map.entry("TerminateInstanceInAutoScalingGroup", struct(
                    "InstanceId", STRING, "ShouldDecrementDesiredCapacity", BOOLEAN)),
            Map.entry("SetInstanceHealth", struct(
                    "InstanceId", STRING, "HealthStatus", STRING, "ShouldRespectGracePeriod", BOOLEAN)),
            Map.entry("SetInstanceProtection", struct(
                    "InstanceIds", list(STRING), "AutoScalingGroupName", STRING, "ProtectedFromScaleIn", BOOLEAN)),
            Map.entry("PutScalingPolicy", struct(
                    "AutoScalingGroupName", STRING, "PolicyName", STRING, "PolicyType", STRING, "AdjustmentType", STRING,
                    "MinAdjustmentStep", INTEGER, "MinAdjustmentMagnitude", INTEGER, "ScalingAdjustment", INTEGER,
                    "Cooldown", INTEGER, "MetricAggregationType", STRING,
                    "StepAdjustments", list(struct("MetricIntervalLowerBound", DOUBLE, "MetricIntervalUpperBound", DOUBLE,
                            "ScalingAdjustment", INTEGER)),
                    "EstimatedInstanceWarmup", INTEGER, "TargetTrackingConfiguration", ANY, "Enabled", BOOLEAN,
                    "PredictiveScalingConfiguration", ANY)),
            Map.entry("ExecutePolicy", struct(
                    "AutoScalingGroupName", STRING, "PolicyName", STRING, "HonorCooldown", BOOLEAN, "MetricValue", DOUBLE,
                    "BreachThreshold", DOUBLE)),
            Map.entry("DescribePolicies", struct(
                    "AutoScalingGroupName", STRING, "PolicyNames", list(STRING), "PolicyTypes", list(STRING),
                    "NextToken", STRING, "MaxRecords", INTEGER)),
            Map.entry("DeletePolicy", struct(
                    "AutoScalingGroupName", STRING, "PolicyName", STRING)),
            Map.entry("PutScheduledUpdateGroupAction", struct(
                    "AutoScalingGroupName", STRING, "ScheduledActionName", STRING, "Time", STRING, "StartTime", STRING,
                    "EndTime", STRING, "Recurrence", STRING, "MinSize", INTEGER, "MaxSize", INTEGER,
                    "DesiredCapacity", INTEGER, "TimeZone", STRING)),
            Map.entry("BatchPutScheduledUpdateGroupAction", struct(
                    "AutoScalingGroupName", STRING, "ScheduledUpdateGroupActions", list(struct(
                            "ScheduledActionName", STRING, "StartTime", STRING, "EndTime", STRING, "Recurrence", STRING,
                            "MinSize", INTEGER, "MaxSize", INTEGER, "DesiredCapacity", INTEGER, "TimeZone", STRING)))),
            Map.entry("DeleteScheduledAction", struct(
                    "AutoScalingGroupName", STRING, "ScheduledActionName", STRING)),
            Map.entry("BatchDeleteScheduledAction", struct(
                    "AutoScalingGroupName", STRING, "ScheduledActionNames", list(STRING))),
            Map.entry("DescribeScheduledActions", struct(
                    "AutoScalingGroupName", STRING, "ScheduledActionNames", list(STRING), "StartTime", STRING,
                    "EndTime", STRING, "NextToken", STRING, "MaxRecords", INTEGER)),
            Map.entry("SuspendProcesses", struct(
                    "AutoScalingGroupName", STRING, "ScalingProcesses", list(STRING))),
            Map.entry("ResumeProcesses", struct(
                    "AutoScalingGroupName", STRING, "ScalingProcesses", list(STRING))),
            Map.entry("EnableMetricsCollection", struct(
                    "AutoScalingGroupName", STRING, "Metrics", list(STRING), "Granularity", STRING)),
            Map.entry("DisableMetricsCollection", struct(
                    "AutoScalingGroupName", STRING, "Metrics", list(STRING))),
            Map.entry("EnterStandby", struct(
                    "InstanceIds", list(STRING), "AutoScalingGroupName", STRING, "ShouldDecrementDesiredCapacity", BOOLEAN)),
            Map.entry("ExitStandby", struct("InstanceIds", list(STRING), "AutoScalingGroupName", STRING)),
            Map.entry("DescribeAdjustmentTypes", struct()),
            Map.entry("DescribeAutoScalingNotificationTypes", struct()),
            Map.entry("DescribeLifecycleHookTypes", struct()),
            Map.entry("DescribeScalingProcessTypes", struct()),
            Map.entry("DescribeTerminationPolicyTypes", struct()),
            Map.entry("DescribeMetricCollectionTypes", struct()),
            Map.entry("DescribeLifecycleHooks", struct(
                    "AutoScalingGroupName", STRING, "LifecycleHookNames", list(STRING))),
            Map.entry("DescribeInstanceRefreshes", struct(
                    "AutoScalingGroupName", STRING, "InstanceRefreshIds", list(STRING), "NextToken", STRING,
                    "MaxRecords", INTEGER)),
            Map.entry("DescribeNotificationConfigurations", struct(
                    "AutoScalingGroupNames", list(STRING), "NextToken", STRING, "MaxRecords", INTEGER)),
            Map.entry("DescribeWarmPool", struct(
                    "AutoScalingGroupName", STRING, "MaxRecords", INTEGER, "NextToken", STRING)),
            Map.entry("DescribeTrafficSources", struct(
                    "AutoScalingGroupName", STRING, "TrafficSourceType", STRING, "NextToken", STRING,
                    "MaxRecords", INTEGER)));

    private ActionShapes() {
    }

    /** The declared input of {@code action}; every action Phantom answers has one. */
    public static Shape.Struct of(String action) {
        Shape.Struct s = INPUTS.get(action);
        if (s == null) throw new IllegalArgumentException("no declared parameters for " + action);
        return s;
    }
}
