package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.MetricsCollection;

/** Disables the named group metrics, or all of them when none is named; fine when none was enabled. */
final class DisableMetricsCollection implements Action {
    private final ActionContext ctx;

    DisableMetricsCollection(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DisableMetricsCollection";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        var metrics = MetricsCollection.named(p.strings("Metrics", 100, 1, 255));
        ctx.groups().disableMetrics(owner, name, metrics);
        return XmlWriter.response(name()).finish(requestId);
    }
}
