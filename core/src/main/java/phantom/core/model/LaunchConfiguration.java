package phantom.core.model;

import java.time.Instant;
import java.util.List;

/**
 * What to boot: image, type, key, user data, security groups. Named {@code family@site} for one
 * site, or a plain name usable on any site (AWS style). Values are kept as the client sent them.
 *
 * @param blockDeviceMappings the BlockDeviceMappings parameters as the client sent them, re-encoded
 *     as a query string ({@code BlockDeviceMappings.member.1.DeviceName=%2Fdev%2Fsda1&...}), or ""
 * @param metadataOptions the MetadataOptions parameters re-encoded the same way, or "" when none
 */
public record LaunchConfiguration(
        String owner,
        String name,
        String uuid,
        String imageId,
        String instanceType,
        String keyName,
        List<String> securityGroups,
        String userData,
        String kernelId,
        String ramdiskId,
        String instanceId,
        boolean instanceMonitoring,
        Boolean ebsOptimized,
        String spotPrice,
        String iamInstanceProfile,
        Boolean associatePublicIpAddress,
        String placementTenancy,
        String blockDeviceMappings,
        String metadataOptions,
        Instant createdTime) {

    public LaunchConfiguration {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        if (blockDeviceMappings == null) blockDeviceMappings = "";
        if (metadataOptions == null) metadataOptions = "";
    }

    /** The part before the last {@code @}, or the whole name. */
    public String family() {
        return familyOf(name);
    }

    /** The site after the last {@code @}, or null for a plain launch configuration. */
    public String site() {
        return siteOf(name);
    }

    public static String familyOf(String name) {
        int at = name.lastIndexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    public static String siteOf(String name) {
        int at = name.lastIndexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }
}
