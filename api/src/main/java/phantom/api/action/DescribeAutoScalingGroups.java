package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.Instance;
import phantom.core.model.Tag;
import phantom.store.TagCondition;

/** Lists the caller's groups with their instances (site name as AvailabilityZone). */
final class DescribeAutoScalingGroups implements Action {
    private final ActionContext ctx;

    DescribeAutoScalingGroups(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeAutoScalingGroups";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> names = p.strings("AutoScalingGroupNames", 100, 1, 255);
        List<TagFilter> filters = TagFilter.parse(p);
        Boolean includeInstances = p.bool("IncludeInstances");
        int max = Page.max(p, 50, 100);
        String after = Page.after(p);
        boolean withInstances = includeInstances == null || includeInstances;
        record Read(Page<Group> page, Map<Long, List<Instance>> instances) {
        }
        Read read = ctx.db().read(tx -> {
            Page<Group> page = Page.of(tx.groups().page(owner, names == null || names.isEmpty() ? null : Set.copyOf(names),
                    filters.stream().map(TagFilter::conditions).toList(), after, max + 1), max, Group::name);
            return new Read(page, withInstances ? tx.instances().shownOfGroups(page.items().stream().map(Group::id).toList()) : Map.of());
        });
        return document(read.page().items(), g -> withInstances ? read.instances().getOrDefault(g.id(), List.of()) : null,
                read.page().nextToken(), requestId);
    }

    /** The response for a page of groups, each with its instances ({@code null}: without the Instances member). */
    static ByteBuffer document(List<Group> groups, Function<Group, List<Instance>> instances, String nextToken, String requestId) {
        XmlWriter x = XmlWriter.response("DescribeAutoScalingGroups").begin("DescribeAutoScalingGroupsResult");
        x.list("AutoScalingGroups", groups, (o, g) -> render(o, g, instances.apply(g)));
        x.text("NextToken", nextToken);
        return x.end().finish(requestId);
    }

    /** One group member; the lists boto 2 does not claim (TargetGroupARNs) go last (docs/wire-protocol.md §1.4). */
    static void render(XmlWriter x, Group g, List<Instance> instances) {
        x.text("AutoScalingGroupName", g.name())
                .text("AutoScalingGroupARN", Arns.group(g.owner(), g.uuid(), g.name()))
                .text("LaunchConfigurationName", g.launchConfigurationName())
                .number("MinSize", g.minSize())
                .number("MaxSize", g.maxSize())
                .number("DesiredCapacity", g.desiredCapacity())
                .number("DefaultCooldown", g.defaultCooldown())
                .strings("AvailabilityZones", g.availabilityZones())
                .strings("LoadBalancerNames", g.loadBalancerNames())
                .text("HealthCheckType", g.healthCheckType())
                .number("HealthCheckGracePeriod", g.healthCheckGracePeriod());
        if (instances != null) {
            x.list("Instances", instances, (o, i) -> o.text("InstanceId", i.visibleId())
                    .text("InstanceType", i.instanceType())
                    .text("AvailabilityZone", i.site())
                    .text("LifecycleState", i.awsLifecycleState())
                    .text("HealthStatus", i.healthy() ? "Healthy" : "Unhealthy")
                    .text("LaunchConfigurationName", i.launchConfigurationName())
                    .bool("ProtectedFromScaleIn", i.protectedFromScaleIn()));
        }
        x.time("CreatedTime", g.createdTime())
                .list("SuspendedProcesses", g.suspendedProcesses(), (o, s) -> o.text("ProcessName", s.process().aws())
                        .text("SuspensionReason", s.suspensionReason()))
                .text("PlacementGroup", g.placementGroup())
                .text("VPCZoneIdentifier", g.vpcZoneIdentifier() == null ? "" : g.vpcZoneIdentifier())
                .list("EnabledMetrics", g.enabledMetrics(), (o, m) -> o.text("Metric", m.aws())
                        .text("Granularity", GroupMetric.GRANULARITY))
                .text("Status", g.deleting() ? "Delete in progress" : null);
        x.list("Tags", g.tags(), (o, t) -> renderTag(o, g.name(), t));
        x.strings("TerminationPolicies", g.terminationPolicies())
                .bool("NewInstancesProtectedFromScaleIn", g.newInstancesProtectedFromScaleIn())
                .text("ServiceLinkedRoleARN", Arns.serviceLinkedRole(g.owner()))
                .number("MaxInstanceLifetime", g.maxInstanceLifetime())
                .bool("CapacityRebalance", g.capacityRebalance())
                .strings("TargetGroupARNs", g.targetGroupArns())
                .strings("TrafficSources", List.of()); // AWS's example output has "TrafficSources": []
    }

    static void renderTag(XmlWriter o, String group, Tag t) {
        o.text("ResourceId", group)
                .text("ResourceType", TagParams.RESOURCE_TYPE)
                .text("Key", t.key())
                .text("Value", t.value())
                .bool("PropagateAtLaunch", t.propagateAtLaunch());
    }

    /** One DescribeAutoScalingGroups filter: tag-key, tag-value or tag:KEY, values ORed. */
    record TagFilter(String name, List<String> values) {
        static List<TagFilter> parse(QueryParams p) {
            List<QueryParams> list = p.structs("Filters", 50);
            if (list == null) return List.of();
            return list.stream().map(f -> {
                String n = f.requiredString("Name", 1, 255);
                if (!n.equals("tag-key") && !n.equals("tag-value") && !n.startsWith("tag:")) {
                    throw ApiError.validation("Filter type " + n + " is not correct. Allowed Filter types are: "
                            + "tag-key tag-value tag:<key>");
                }
                List<String> values = f.strings("Values", 1000, 0, 256);
                return new TagFilter(n, values == null ? List.of() : values);
            }).toList();
        }

        /** What one tag of the group must meet for the filter to hold. */
        List<TagCondition> conditions() {
            return switch (name) {
                case "tag-key" -> List.of(new TagCondition(TagCondition.Column.KEY, values));
                case "tag-value" -> List.of(new TagCondition(TagCondition.Column.VALUE, values));
                default -> List.of(new TagCondition(TagCondition.Column.KEY, List.of(name.substring(4))),
                        new TagCondition(TagCondition.Column.VALUE, values));
            };
        }
    }
}
