package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.LaunchConfiguration;

/** Lists the caller's launch configurations, each {@code family@site} as its own entry. */
final class DescribeLaunchConfigurations implements Action {
    private final ActionContext ctx;

    DescribeLaunchConfigurations(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeLaunchConfigurations";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<String> names = p.strings("LaunchConfigurationNames", 50, 1, 255);
        int max = Page.max(p, 50, 100);
        String after = Page.after(p);
        Page<LaunchConfiguration> page = Page.of(ctx.db().read(tx -> tx.launchConfigurations().page(owner,
                names == null || names.isEmpty() ? null : Set.copyOf(names), after, max + 1)), max, LaunchConfiguration::name);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("LaunchConfigurations", page.items(), (o, lc) -> render(o, lc));
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }

    static void render(XmlWriter x, LaunchConfiguration lc) {
        x.text("LaunchConfigurationName", lc.name())
                .text("LaunchConfigurationARN", Arns.launchConfiguration(lc.owner(), lc.uuid(), lc.name()))
                .text("ImageId", lc.imageId())
                .text("KeyName", orEmpty(lc.keyName()))
                .strings("SecurityGroups", lc.securityGroups())
                .strings("ClassicLinkVPCSecurityGroups", List.of())
                .text("UserData", orEmpty(lc.userData()))
                .text("InstanceType", lc.instanceType())
                .text("KernelId", orEmpty(lc.kernelId()))
                .text("RamdiskId", orEmpty(lc.ramdiskId()));
        x.list("BlockDeviceMappings", blockDevices(lc), (o, m) -> {
            o.text("VirtualName", m.raw("VirtualName")).text("DeviceName", m.raw("DeviceName"));
            QueryParams ebs = m.struct("Ebs");
            if (ebs != null) {
                o.begin("Ebs")
                        .text("SnapshotId", ebs.raw("SnapshotId"))
                        .number("VolumeSize", ebs.integer("VolumeSize"))
                        .text("VolumeType", ebs.raw("VolumeType"))
                        .bool("DeleteOnTermination", ebs.bool("DeleteOnTermination"))
                        .number("Iops", ebs.integer("Iops"))
                        .bool("Encrypted", ebs.bool("Encrypted"))
                        .number("Throughput", ebs.integer("Throughput"))
                        .end();
            }
            o.bool("NoDevice", m.bool("NoDevice"));
        });
        x.begin("InstanceMonitoring").bool("Enabled", lc.instanceMonitoring()).end()
                .text("SpotPrice", lc.spotPrice())
                .text("IamInstanceProfile", lc.iamInstanceProfile())
                .time("CreatedTime", lc.createdTime())
                .bool("EbsOptimized", lc.ebsOptimized() != null && lc.ebsOptimized())
                .bool("AssociatePublicIpAddress", lc.associatePublicIpAddress())
                .text("PlacementTenancy", lc.placementTenancy());
        if (!lc.metadataOptions().isEmpty()) {
            QueryParams m = FormText.decode(lc.metadataOptions()).struct("MetadataOptions");
            if (m != null) {
                x.begin("MetadataOptions")
                        .text("HttpTokens", m.raw("HttpTokens"))
                        .number("HttpPutResponseHopLimit", m.integer("HttpPutResponseHopLimit"))
                        .text("HttpEndpoint", m.raw("HttpEndpoint"))
                        .end();
            }
        }
    }

    /**
     * AWS answers these text members as empty strings when they were not given (its own example
     * output has {@code "UserData": ""}, {@code "KernelId": ""}, {@code "RamdiskId": ""}), and tools
     * read them unguarded (Ansible's {@code autoscaling_launch_config_find}: {@code lc['KeyName']}).
     */
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static List<QueryParams> blockDevices(LaunchConfiguration lc) {
        if (lc.blockDeviceMappings().isEmpty()) return List.of();
        List<QueryParams> list = FormText.decode(lc.blockDeviceMappings()).structs("BlockDeviceMappings", 100);
        return list == null ? List.of() : list;
    }
}
