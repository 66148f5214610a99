package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Instance;
import phantom.store.Instances;

/** Lists the caller's VMs across groups: cloud instance id, group, site as AvailabilityZone, state, health. */
final class DescribeAutoScalingInstances implements Action {
    private final ActionContext ctx;

    DescribeAutoScalingInstances(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeAutoScalingInstances";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> ids = p.strings("InstanceIds", 50, 1, 64);
        int max = Page.max(p, 50, 50);
        String after = Page.after(p);
        Page<Instances.Shown> page = Page.of(ctx.db().read(tx -> tx.instances().shownPage(owner,
                ids == null || ids.isEmpty() ? null : Set.copyOf(ids), after, max + 1)), max, r -> r.instance().visibleId());
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("AutoScalingInstances", page.items(), (o, r) -> {
            Instance i = r.instance();
            o.text("InstanceId", i.visibleId())
                    .text("InstanceType", i.instanceType())
                    .text("AutoScalingGroupName", r.group())
                    .text("AvailabilityZone", i.site())
                    .text("LifecycleState", i.awsLifecycleState())
                    .text("HealthStatus", i.healthy() ? "HEALTHY" : "UNHEALTHY")
                    .text("LaunchConfigurationName", i.launchConfigurationName())
                    .text("ImageId", i.imageId())
                    .bool("ProtectedFromScaleIn", i.protectedFromScaleIn());
        });
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }
}
