package phantom.api.ec2;

import static phantom.api.ec2.Ec2Errors.shown;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.core.group.SiteCatalog;
import phantom.api.xml.XmlWriter;

/**
 * EC2's {@code DescribeAvailabilityZones}: the configured sites as availability zones
 * ({@link AvailabilityZone}). Ansible's {@code autoscaling_group} asks for them when no zones are
 * given and creates the group with every zone listed, so by default only the sites the caller can
 * run a group on are listed.
 */
final class DescribeAvailabilityZones implements Ec2Action {
    private final SiteCatalog sites;

    DescribeAvailabilityZones(SiteCatalog sites) {
        this.sites = sites;
    }

    @Override
    public String name() {
        return "DescribeAvailabilityZones";
    }

    @Override
    public ByteBuffer handle(String owner, Ec2Params p, String requestId) {
        List<Ec2Filter> filters = p.filters();
        for (Ec2Filter f : filters) {
            if (f.name() == null || !AvailabilityZone.FILTERS.contains(f.name())) {
                throw Ec2Errors.invalidParameterValue("The filter '" + (f.name() == null ? "null" : shown(f.name()))
                        + "' is invalid");
            }
            if (f.values().isEmpty()) {
                throw Ec2Errors.invalidParameterValue("The filter '" + f.name() + "' has no values: give at least one,"
                        + " as Filter.N.Value.1.");
            }
        }
        List<AvailabilityZone> zones = AvailabilityZone.of(sites, owner);
        List<String> names = p.strings("ZoneName");
        List<String> ids = p.strings("ZoneId");
        for (String n : names) {
            if (zones.stream().noneMatch(z -> z.name().equals(n))) {
                throw Ec2Errors.invalidParameterValue("Invalid availability zone: [" + shown(n) + "]");
            }
        }
        for (String id : ids) {
            if (zones.stream().noneMatch(z -> z.id().equals(id))) {
                throw Ec2Errors.invalidParameterValue("Invalid availability zone ID: [" + shown(id) + "]");
            }
        }
        boolean named = !names.isEmpty() || !ids.isEmpty();
        boolean all = Boolean.TRUE.equals(p.bool("AllAvailabilityZones"));
        List<AvailabilityZone> listed = zones.stream()
                .filter(z -> named ? names.contains(z.name()) || ids.contains(z.id()) : all || z.usable())
                .filter(z -> filters.stream().allMatch(z::passes))
                .toList();
        return XmlWriter.ec2Response(name(), requestId)
                .items("availabilityZoneInfo", listed, (x, z) -> x.text("zoneState", AvailabilityZone.STATE)
                        .text("optInStatus", z.optInStatus())
                        .items("messageSet", z.messages(), (m, message) -> m.text("message", message))
                        .text("regionName", z.region())
                        .text("zoneName", z.name())
                        .text("zoneId", z.id())
                        .text("groupName", z.region())
                        .text("networkBorderGroup", z.region())
                        .text("zoneType", AvailabilityZone.ZONE_TYPE))
                .complete();
    }
}
