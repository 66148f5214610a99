package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * The describe-types actions: each answers every caller with the same list of AWS's names
 * ({@link AwsTypeNames}) in the response shape of AWS's model, and takes no parameters.
 *
 * @param result writes the members of {@code {name}Result}
 */
record DescribeTypes(String name, Consumer<XmlWriter> result) implements Action {

    static List<Action> all() {
        return List.of(
                new DescribeTypes("DescribeAdjustmentTypes", x -> x.list("AdjustmentTypes", AwsTypeNames.ADJUSTMENT_TYPES,
                        (o, t) -> o.text("AdjustmentType", t))),
                new DescribeTypes("DescribeAutoScalingNotificationTypes",
                        x -> x.strings("AutoScalingNotificationTypes", AwsTypeNames.NOTIFICATION_TYPES)),
                new DescribeTypes("DescribeLifecycleHookTypes",
                        x -> x.strings("LifecycleHookTypes", AwsTypeNames.LIFECYCLE_HOOK_TYPES)),
                new DescribeTypes("DescribeScalingProcessTypes", x -> x.list("Processes", AwsTypeNames.SCALING_PROCESSES,
                        (o, p) -> o.text("ProcessName", p))),
                new DescribeTypes("DescribeTerminationPolicyTypes",
                        x -> x.strings("TerminationPolicyTypes", AwsTypeNames.TERMINATION_POLICIES)),
                new DescribeTypes("DescribeMetricCollectionTypes", x -> x
                        .list("Metrics", AwsTypeNames.METRICS, (o, m) -> o.text("Metric", m))
                        .list("Granularities", AwsTypeNames.METRIC_GRANULARITIES, (o, g) -> o.text("Granularity", g))));
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        XmlWriter x = XmlWriter.response(name).begin(name + "Result");
        result.accept(x);
        return x.end().finish(requestId);
    }
}
