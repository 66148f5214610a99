package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.GroupSettings;
import phantom.core.group.NewGroup;
import phantom.core.model.Tag;

/**
 * Records a group; the reconciler then launches its VMs. Every resolution rule of docs/design.md is
 * checked while the request is answered ({@link phantom.core.group.GroupRules#created} and the
 * sites), so a group that is accepted can run.
 */
final class CreateAutoScalingGroup implements Action {
    private final ActionContext ctx;

    CreateAutoScalingGroup(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "CreateAutoScalingGroup";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        String lcName = launchConfigurationName(p);
        int min = p.requiredInteger("MinSize");
        int max = p.requiredInteger("MaxSize");
        Integer desired = p.integer("DesiredCapacity");
        List<String> zones = p.strings("AvailabilityZones", 100, 1, 255);
        List<Tag> tags = TagParams.parse(p, false, false).stream()
                .peek(i -> {
                    if (i.resourceId() != null && !i.resourceId().equals(name)) {
                        throw ApiError.validation("Tag " + i.tag().key() + " names ResourceId '" + i.resourceId()
                                + "', but the group is '" + name + "'.");
                    }
                })
                .map(TagParams.Item::tag)
                .toList();
        GroupSettings settings = new GroupSettings(p.integer("DefaultCooldown"), p.integer("HealthCheckGracePeriod"),
                p.string("HealthCheckType", 1, 32), p.integer("MaxInstanceLifetime"),
                p.strings("TerminationPolicies", 10, 1, 1600), p.string("VPCZoneIdentifier", 1, 5000),
                p.string("PlacementGroup", 1, 255), p.bool("NewInstancesProtectedFromScaleIn"), p.bool("CapacityRebalance"));
        ctx.groups().create(owner, new NewGroup(name, lcName, min, max, desired, zones, tags,
                p.strings("LoadBalancerNames", 50, 1, 255), p.strings("TargetGroupARNs", 50, 1, 511), settings));
        return XmlWriter.response(name()).finish(requestId);
    }

    private static String launchConfigurationName(QueryParams p) {
        String lc = p.string("LaunchConfigurationName", 1, 255);
        boolean other = p.struct("LaunchTemplate") != null || p.struct("MixedInstancesPolicy") != null
                || p.has("InstanceId");
        if (lc == null && !other) {
            throw ApiError.validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, "
                    + "InstanceId or MixedInstancesPolicy parameter.");
        }
        if (lc == null || other) {
            throw ApiError.validation("Phantom runs groups from launch configurations only: give "
                    + "LaunchConfigurationName (LaunchTemplate, MixedInstancesPolicy and InstanceId are not supported).");
        }
        return lc;
    }
}
