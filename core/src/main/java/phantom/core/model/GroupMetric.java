package phantom.core.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The group metrics AWS collects (EnableMetricsCollection, DescribeMetricCollectionTypes), in the
 * order of AWS's sample. Phantom has no CloudWatch: an enabled metric is a series of its own
 * Prometheus metrics ({@code phantom_group_metric}); {@link #published} says which ones Phantom
 * can have. It has no standby and no warm pool, and every VM weighs 1, so a capacity metric is
 * its instance count.
 */
public enum GroupMetric {
    GROUP_MIN_SIZE("GroupMinSize", true),
    GROUP_MAX_SIZE("GroupMaxSize", true),
    GROUP_DESIRED_CAPACITY("GroupDesiredCapacity", true),
    GROUP_IN_SERVICE_INSTANCES("GroupInServiceInstances", true),
    GROUP_PENDING_INSTANCES("GroupPendingInstances", true),
    GROUP_TERMINATING_INSTANCES("GroupTerminatingInstances", true),
    GROUP_STANDBY_INSTANCES("GroupStandbyInstances", true),
    GROUP_TOTAL_INSTANCES("GroupTotalInstances", true),
    GROUP_IN_SERVICE_CAPACITY("GroupInServiceCapacity", true),
    GROUP_PENDING_CAPACITY("GroupPendingCapacity", true),
    GROUP_STANDBY_CAPACITY("GroupStandbyCapacity", true),
    GROUP_TERMINATING_CAPACITY("GroupTerminatingCapacity", true),
    GROUP_TOTAL_CAPACITY("GroupTotalCapacity", true),
    WARM_POOL_DESIRED_CAPACITY("WarmPoolDesiredCapacity", false),
    WARM_POOL_WARMED_CAPACITY("WarmPoolWarmedCapacity", false),
    WARM_POOL_PENDING_CAPACITY("WarmPoolPendingCapacity", false),
    WARM_POOL_TERMINATING_CAPACITY("WarmPoolTerminatingCapacity", false),
    WARM_POOL_TOTAL_CAPACITY("WarmPoolTotalCapacity", false),
    GROUP_AND_WARM_POOL_DESIRED_CAPACITY("GroupAndWarmPoolDesiredCapacity", true),
    GROUP_AND_WARM_POOL_TOTAL_CAPACITY("GroupAndWarmPoolTotalCapacity", true);

    /** The one granularity AWS accepts. */
    public static final String GRANULARITY = "1Minute";

    private final String aws;
    private final boolean published;

    GroupMetric(String aws, boolean published) {
        this.aws = aws;
        this.published = published;
    }

    /** The metric name as AWS writes it. */
    public String aws() {
        return aws;
    }

    /** False for the warm-pool metrics: Phantom has no warm pool, so an enabled one is shown but has no series. */
    public boolean published() {
        return published;
    }

    public static Optional<GroupMetric> of(String awsName) {
        return Arrays.stream(values()).filter(m -> m.aws.equals(awsName)).findFirst();
    }
}
