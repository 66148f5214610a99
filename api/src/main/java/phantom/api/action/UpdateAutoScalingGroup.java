package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;

/**
 * Changes only the parameters given, with AWS's size rules: a new MinSize above the desired count
 * raises it, a new MaxSize below lowers it, an explicit DesiredCapacity must fit. A group with the
 * {@code clouds} tag keeps its cloud list (AvailabilityZones, which boto 2 re-sends, are then
 * ignored); otherwise new AvailabilityZones become the cloud list. A new launch configuration is
 * checked on every site as at create.
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
        String lcName = p.string("LaunchConfigurationName", 1, 255);
        if (lcName != null && LaunchConfiguration.familyOf(lcName).isEmpty()) {
            throw ApiError.validation("LaunchConfigurationName '" + lcName + "' has no family before the '@'.");
        }
        Integer min = p.integer("MinSize");
        Integer max = p.integer("MaxSize");
        Integer desired = p.integer("DesiredCapacity");
        List<String> zones = p.strings("AvailabilityZones", 100, 1, 255);
        Integer cooldown = CreateAutoScalingGroup.nonNegative(p, "DefaultCooldown");
        Integer grace = CreateAutoScalingGroup.nonNegative(p, "HealthCheckGracePeriod");
        String healthCheckType = CreateAutoScalingGroup.healthCheckType(p);
        Integer lifetime = CreateAutoScalingGroup.maxInstanceLifetime(p);
        List<String> policies = p.strings("TerminationPolicies", 10, 1, 1600);
        String vpc = p.string("VPCZoneIdentifier", 1, 5000);
        String placement = p.string("PlacementGroup", 0, 255);
        Boolean protect = p.bool("NewInstancesProtectedFromScaleIn");
        Boolean rebalance = p.bool("CapacityRebalance");

        long id = ctx.transaction(tx -> {
            Group g = tx.groups().get(owner, name)
                    .orElseThrow(() -> ApiError.validation("AutoScalingGroup name not found - null"));
            if (g.deleting()) throw SetDesiredCapacity.beingDeleted(name);
            int newMin = min != null ? min : g.minSize();
            int newMax = max != null ? max : g.maxSize();
            if (newMin > newMax) {
                throw ApiError.validation("Max bound, " + newMax + ", must be greater than or equal to min bound, " + newMin);
            }
            int newDesired;
            if (desired != null) {
                newDesired = desired;
            } else {
                newDesired = Math.min(Math.max(g.desiredCapacity(), newMin), newMax);
            }
            Sizes.check(newMin, newMax, newDesired, ctx.limits().maxGroupSize());
            List<SitePreference> clouds = g.clouds();
            if (zones != null && !zones.isEmpty() && PhantomTags.find(g.tags(), PhantomTags.CLOUDS).isEmpty()) {
                clouds = Placement.resolve(List.of(), zones, null);
            }
            String newLc = lcName != null ? lcName : g.launchConfigurationName();
            Group next = new Group(g.id(), g.owner(), g.name(), g.uuid(), newLc, newMin, newMax, newDesired,
                    cooldown != null ? cooldown : g.defaultCooldown(),
                    healthCheckType != null ? healthCheckType : g.healthCheckType(),
                    grace != null ? grace : g.healthCheckGracePeriod(),
                    clouds.stream().map(SitePreference::site).toList(), clouds, g.phantom(),
                    PhantomTags.withCount(g.tags(), newDesired),
                    policies != null && !policies.isEmpty() ? policies : g.terminationPolicies(),
                    g.loadBalancerNames(), g.targetGroupArns(),
                    vpc != null ? vpc : g.vpcZoneIdentifier(),
                    placement != null ? (placement.isEmpty() ? null : placement) : g.placementGroup(),
                    protect != null ? protect : g.newInstancesProtectedFromScaleIn(),
                    rebalance != null ? rebalance : g.capacityRebalance(),
                    lifetime != null ? lifetime : g.maxInstanceLifetime(),
                    false, g.createdTime(), g.version());
            if (!next.clouds().equals(g.clouds()) || !next.family().equals(g.family())) {
                Placement.check(tx, ctx.sites(), owner, next.family(), next.clouds());
            }
            tx.groups().update(next);
            return g.id();
        });
        ctx.groupChanged().groupChanged(id);
        return XmlWriter.response(name()).finish(requestId);
    }
}
