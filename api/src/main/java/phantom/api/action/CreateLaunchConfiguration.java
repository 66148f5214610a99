package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import phantom.api.ApiError;
import phantom.core.text.DidYouMean;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.LaunchConfiguration;
import phantom.store.AlreadyExists;

/** Records a launch configuration, {@code family@site} for one site or a plain name for any site. */
final class CreateLaunchConfiguration implements Action {
    private final ActionContext ctx;

    CreateLaunchConfiguration(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "CreateLaunchConfiguration";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("LaunchConfigurationName", 1, 255);
        checkSite(name);
        String imageId = p.string("ImageId", 1, 255);
        String instanceType = p.string("InstanceType", 1, 255);
        String instanceId = p.string("InstanceId", 1, 19);
        if (instanceId != null) {
            throw ApiError.validation("Phantom cannot copy a launch configuration from an instance (InstanceId): "
                    + "give ImageId and InstanceType instead.");
        }
        if (imageId == null || instanceType == null) {
            throw ApiError.validation("Valid requests must contain either the InstanceID parameter or both the "
                    + "ImageId and InstanceType parameters.");
        }
        QueryParams monitoring = p.struct("InstanceMonitoring");
        Boolean monitoringEnabled = monitoring == null ? null : monitoring.bool("Enabled");
        List<String> groups = p.strings("SecurityGroups", 100, 0, 255);
        LaunchConfiguration lc = new LaunchConfiguration(
                owner,
                name,
                UUID.randomUUID().toString(),
                imageId,
                instanceType,
                p.string("KeyName", 1, 255),
                groups == null ? List.of() : groups,
                p.string("UserData", 0, 21847),
                p.string("KernelId", 1, 255),
                p.string("RamdiskId", 1, 255),
                null,
                monitoringEnabled == null || monitoringEnabled,
                p.bool("EbsOptimized"),
                spotPrice(p.string("SpotPrice", 1, 255)),
                p.string("IamInstanceProfile", 1, 1600),
                p.bool("AssociatePublicIpAddress"),
                tenancy(p.string("PlacementTenancy", 1, 64)),
                BlockDevices.encode(p),
                MetadataOptions.encode(p),
                ctx.clock().instant());
        ctx.transaction(tx -> {
            if (tx.launchConfigurations().get(owner, name).isPresent()) throw duplicate(name);
            if (tx.launchConfigurations().count(owner) >= ctx.limits().maxLaunchConfigurations()) {
                throw ApiError.limitExceeded("Max number of launch configurations reached ("
                        + ctx.limits().maxLaunchConfigurations() + "): delete some before creating more.");
            }
            try {
                tx.launchConfigurations().insert(lc);
            } catch (AlreadyExists e) {
                throw duplicate(name);
            }
            return null;
        });
        return XmlWriter.response(name()).finish(requestId);
    }

    private void checkSite(String name) {
        String site = LaunchConfiguration.siteOf(name);
        if (site == null) return;
        if (LaunchConfiguration.familyOf(name).isEmpty()) {
            throw ApiError.validation("Launch configuration name '" + name + "' has no family before the '@': "
                    + "name it family@site, for example mylaunch@" + site + ".");
        }
        if (!ctx.sites().exists(site)) {
            throw ApiError.validation("Launch configuration name '" + name + "' names site '" + site
                    + "', which is not configured" + DidYouMean.aside(site, ctx.sites().names()) + ". Known sites: " + String.join(", ", ctx.sites().names())
                    + ". Name it family@site, or give a plain name (no @) to use it on any site.");
        }
    }

    private static String spotPrice(String v) {
        if (v == null) return null;
        try {
            if (new java.math.BigDecimal(v).signum() <= 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw ApiError.constraint(v, "SpotPrice", "Member must be a positive decimal number");
        }
        return v;
    }

    private static String tenancy(String v) {
        if (v == null || v.equals("default") || v.equals("dedicated")) return v;
        throw ApiError.constraint(v, "PlacementTenancy", "Member must satisfy enum value set: [default, dedicated]");
    }

    private static ApiError duplicate(String name) {
        return ApiError.alreadyExists("Launch Configuration by this name already exists - A launch configuration "
                + "already exists with the name " + name);
    }

    /** BlockDeviceMappings, validated and kept as their query parameters. */
    static final class BlockDevices {
        private BlockDevices() {
        }

        static String encode(QueryParams p) {
            List<QueryParams> list = p.structs("BlockDeviceMappings", 100);
            if (list == null) return "";
            for (int i = 0; i < list.size(); i++) {
                QueryParams m = list.get(i);
                m.requiredString("DeviceName", 1, 255);
                m.string("VirtualName", 1, 255);
                m.bool("NoDevice");
                QueryParams ebs = m.struct("Ebs");
                if (ebs != null) {
                    ebs.string("SnapshotId", 1, 255);
                    range(ebs, "VolumeSize", 1, 16384);
                    ebs.string("VolumeType", 1, 255);
                    ebs.bool("DeleteOnTermination");
                    range(ebs, "Iops", 100, 20000);
                    ebs.bool("Encrypted");
                    range(ebs, "Throughput", 125, 1000);
                }
            }
            return FormText.encode(p.withPrefix("BlockDeviceMappings.member."));
        }
    }

    /** MetadataOptions, validated and kept as their query parameters. */
    static final class MetadataOptions {
        private MetadataOptions() {
        }

        static String encode(QueryParams p) {
            QueryParams m = p.struct("MetadataOptions");
            if (m == null) return "";
            oneOf(m, "HttpTokens", List.of("optional", "required"));
            oneOf(m, "HttpEndpoint", List.of("disabled", "enabled"));
            range(m, "HttpPutResponseHopLimit", 1, 64);
            return FormText.encode(p.withPrefix("MetadataOptions."));
        }
    }

    static void range(QueryParams p, String name, int min, int max) {
        Integer v = p.integer(name);
        if (v != null && (v < min || v > max)) {
            throw ApiError.constraint(String.valueOf(v), name, "Member must have value between " + min + " and " + max);
        }
    }

    static void oneOf(QueryParams p, String name, List<String> allowed) {
        String v = p.raw(name);
        if (v != null && !allowed.contains(v)) {
            throw ApiError.constraint(v, name, "Member must satisfy enum value set: " + allowed);
        }
    }

}
