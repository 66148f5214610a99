package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.MetricsCollection;

/**
 * Enables the named group metrics (all of them when none is named) at granularity 1Minute: Phantom
 * publishes them as {@code phantom_group_metric} series of its Prometheus metrics ({@link MetricsCollection}).
 */
final class EnableMetricsCollection implements Action {
    private final ActionContext ctx;

    EnableMetricsCollection(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "EnableMetricsCollection";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        var metrics = p.strings("Metrics", 100, 1, 255);
        String granularity = p.requiredString("Granularity", 1, 255);
        MetricsCollection.checkGranularity(granularity);
        ctx.groups().enableMetrics(owner, name, MetricsCollection.named(metrics));
        return XmlWriter.response(name()).finish(requestId);
    }
}
