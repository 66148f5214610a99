package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.Installation;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.store.AlreadyExists;

/**
 * Records a group; the reconciler then launches its VMs. Every resolution rule of docs/design.md is
 * checked here, synchronously, so a group that is accepted can run.
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
        Integer desiredParam = p.integer("DesiredCapacity");
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
        if (tags.size() > TagParams.MAX_TAGS) {
            throw ApiError.limitExceeded("A group can have at most " + TagParams.MAX_TAGS + " tags.");
        }
        PhantomTags.checkDefinition(tags);
        boolean phantom = PhantomTags.isPhantom(tags);
        Optional<Integer> count = PhantomTags.count(tags, ctx.limits().maxGroupSize());
        if (count.isPresent() && desiredParam != null && !count.get().equals(desiredParam)) {
            throw ApiError.validation("DesiredCapacity " + desiredParam + " disagrees with the "
                    + (PhantomTags.find(tags, PhantomTags.N_PRESERVE).isPresent() ? "n_preserve" : "minimum_vms")
                    + " tag (" + count.get() + "): give one of them, or make them equal.");
        }
        int desired = count.orElse(desiredParam != null ? desiredParam : min);
        Sizes.check(min, max, desired, ctx.limits().maxGroupSize());
        List<SitePreference> clouds = Placement.resolve(tags, zones, lcName);

        Integer cooldown = nonNegative(p, "DefaultCooldown");
        Integer grace = nonNegative(p, "HealthCheckGracePeriod");
        String healthCheckType = healthCheckType(p);
        Integer lifetime = maxInstanceLifetime(p);
        List<String> policies = p.strings("TerminationPolicies", 10, 1, 1600);
        List<String> lbs = p.strings("LoadBalancerNames", 50, 1, 255);
        List<String> tgs = p.strings("TargetGroupARNs", 50, 1, 511);
        Boolean protect = p.bool("NewInstancesProtectedFromScaleIn");
        Boolean rebalance = p.bool("CapacityRebalance");

        Group group = new Group(0, owner, name, Installation.newGroupUuid(ctx.installation()), lcName, min, max, desired,
                cooldown == null ? 300 : cooldown,
                healthCheckType == null ? "EC2" : healthCheckType,
                grace == null ? 0 : grace,
                clouds.stream().map(SitePreference::site).toList(),
                clouds, phantom, tags,
                policies == null || policies.isEmpty() ? List.of("Default") : policies,
                lbs == null ? List.of() : lbs,
                tgs == null ? List.of() : tgs,
                p.string("VPCZoneIdentifier", 1, 5000),
                p.string("PlacementGroup", 1, 255),
                protect != null && protect,
                rebalance != null && rebalance,
                lifetime,
                false,
                ctx.clock().instant(),
                0);
        Group created = ctx.transaction(tx -> {
            if (tx.groups().get(owner, name).isPresent()) throw duplicate(name);
            if (tx.groups().count(owner) >= ctx.limits().maxGroups()) {
                throw ApiError.limitExceeded("Max number of auto scaling groups reached (" + ctx.limits().maxGroups()
                        + "): delete some before creating more.");
            }
            Placement.check(tx, ctx.sites(), owner, group.family(), clouds);
            try {
                return tx.groups().insert(group);
            } catch (AlreadyExists e) {
                throw duplicate(name);
            }
        });
        ctx.groupChanged().groupChanged(created.id());
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
        if (LaunchConfiguration.familyOf(lc).isEmpty()) {
            throw ApiError.validation("LaunchConfigurationName '" + lc + "' has no family before the '@'.");
        }
        return lc;
    }

    static String healthCheckType(QueryParams p) {
        String v = p.string("HealthCheckType", 1, 32);
        if (v != null && !v.equals("EC2") && !v.equals("ELB")) {
            throw ApiError.constraint(v, "HealthCheckType", "Member must be EC2 or ELB");
        }
        return v;
    }

    static Integer maxInstanceLifetime(QueryParams p) {
        Integer v = p.integer("MaxInstanceLifetime");
        if (v != null && v != 0 && v < 86400) {
            throw ApiError.validation("MaxInstanceLifetime must be 0 or at least 86400 seconds (one day).");
        }
        return v;
    }

    static Integer nonNegative(QueryParams p, String name) {
        Integer v = p.integer(name);
        if (v != null && v < 0) throw ApiError.constraint(String.valueOf(v), name, "Member must be >= 0");
        return v;
    }

    private static ApiError duplicate(String name) {
        return ApiError.alreadyExists("AutoScalingGroup by this name already exists - A group with the name " + name
                + " already exists");
    }
}
