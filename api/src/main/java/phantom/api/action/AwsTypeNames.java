package phantom.api.action;

import java.util.Arrays;
import java.util.List;
import phantom.core.policy.TerminationPolicy;
import phantom.core.model.GroupMetric;
import phantom.core.model.ScalingProcess;

/**
 * The names the describe-types actions answer with: AWS's own, in the order AWS answers them, from
 * the API Reference's sample responses and, where the model documents more than a sample shows,
 * botocore's service-2.json (docs/decisions.md, "API: the describe-types actions and the EC2
 * calls"). They are what AWS accepts; Phantom applies the termination policies within a cloud
 * (the least preferred cloud gives VMs up first); the processes and metrics are {@link ScalingProcess}
 * and {@link GroupMetric}.
 */
final class AwsTypeNames {
    private AwsTypeNames() {
    }

    static final List<String> ADJUSTMENT_TYPES = List.of("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity");

    static final List<String> NOTIFICATION_TYPES = List.of("autoscaling:EC2_INSTANCE_LAUNCH",
            "autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "autoscaling:EC2_INSTANCE_TERMINATE",
            "autoscaling:EC2_INSTANCE_TERMINATE_ERROR", "autoscaling:TEST_NOTIFICATION");

    static final List<String> LIFECYCLE_HOOK_TYPES = List.of("autoscaling:EC2_INSTANCE_LAUNCHING",
            "autoscaling:EC2_INSTANCE_TERMINATING");

    /** The processes ({@link ScalingProcess}, the one list), in the order AWS's DescribeScalingProcessTypes answers (by name). */
    static final List<String> SCALING_PROCESSES = Arrays.stream(ScalingProcess.values()).map(ScalingProcess::aws).sorted().toList();

    static final List<String> TERMINATION_POLICIES = TerminationPolicy.NAMES;

    /** The sample's eight group metrics in its order, then the capacity and warm-pool ones the model lists ({@link GroupMetric}, the one list). */
    static final List<String> METRICS = Arrays.stream(GroupMetric.values()).map(GroupMetric::aws).toList();

    static final List<String> METRIC_GRANULARITIES = List.of(GroupMetric.GRANULARITY);
}
