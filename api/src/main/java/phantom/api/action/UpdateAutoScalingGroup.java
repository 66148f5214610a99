package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.GroupSettings;
import phantom.core.group.GroupUpdate;

/**
 * Changes only the parameters given, with AWS's size rules; a group with the {@code clouds} tag keeps
 * its cloud list ({@link phantom.core.group.GroupRules#updated}). A new cloud list or launch
 * configuration is checked on every site as at create.
 */
final class UpdateAutoScalingGroup implements Action {
    private final ActionContext ctx;

    UpdateAutoScalingGroup(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "UpdateAutoScalingGroup";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        if (p.struct("LaunchTemplate") != null || p.struct("MixedInstancesPolicy") != null) {
            throw ApiError.validation("Phantom runs groups from launch configurations only: give LaunchConfigurationName.");
        }
        GroupUpdate update = new GroupUpdate(name, p.string("LaunchConfigurationName", 1, 255), p.integer("MinSize"),
                p.integer("MaxSize"), p.integer("DesiredCapacity"), p.strings("AvailabilityZones", 100, 1, 255),
                new GroupSettings(p.integer("DefaultCooldown"), p.integer("HealthCheckGracePeriod"),
                        p.string("HealthCheckType", 1, 32), p.integer("MaxInstanceLifetime"),
                        p.strings("TerminationPolicies", 10, 1, 1600), p.string("VPCZoneIdentifier", 1, 5000),
                        p.string("PlacementGroup", 0, 255), p.bool("NewInstancesProtectedFromScaleIn"),
                        p.bool("CapacityRebalance")));
        ctx.groups().update(owner, update);
        return XmlWriter.response(name()).finish(requestId);
    }
}
