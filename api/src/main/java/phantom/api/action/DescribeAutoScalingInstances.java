package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.Instance;

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
        record Row(Instance instance, String group) {
        }
        List<Row> rows = ctx.db().read(tx -> {
            Map<Long, String> groups = tx.groups().list(owner).stream()
                    .collect(Collectors.toMap(Group::id, Group::name, (a, b) -> a));
            return tx.instances().forOwner(owner).stream()
                    .filter(i -> Visible.instance(i) && groups.containsKey(i.groupId()))
                    .map(i -> new Row(i, groups.get(i.groupId())))
                    .toList();
        });
        if (ids != null && !ids.isEmpty()) {
            Set<String> wanted = new HashSet<>(ids);
            rows = rows.stream().filter(r -> wanted.contains(r.instance().visibleId()) || wanted.contains(r.instance().id())).toList();
        }
        Function<Row, String> key = r -> r.instance().visibleId();
        Page<Row> page = Page.of(rows, key, p, 50, 50);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("AutoScalingInstances", page.items(), (o, r) -> {
            Instance i = r.instance();
            o.text("InstanceId", i.visibleId())
                    .text("InstanceType", i.instanceType())
                    .text("AutoScalingGroupName", r.group())
                    .text("AvailabilityZone", i.site())
                    .text("LifecycleState", i.state().awsLifecycleState())
                    .text("HealthStatus", i.healthy() ? "HEALTHY" : "UNHEALTHY")
                    .text("LaunchConfigurationName", i.launchConfigurationName())
                    .text("ImageId", i.imageId())
                    .bool("ProtectedFromScaleIn", false);
        });
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }
}
