package phantom.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An auto scaling group: keep {@link #desiredCapacity()} VMs of a launch-configuration family over
 * the ordered {@link #clouds()}. The API records it; the reconciler acts on it.
 *
 * @param id store-assigned key, stable for the group's life
 * @param launchConfigurationName as the client gave it ({@code mylaunch} or {@code mylaunch@hotel})
 * @param clouds the resolved ordered cloud list (from the clouds tag, AvailabilityZones or the
 *     launch configuration's site)
 * @param phantom true when created with the Phantom tags; SetDesiredCapacity then moves Min/Max
 * @param deleting true once DeleteAutoScalingGroup was called; the group goes when its VMs are gone
 * @param version bumped by every update, for optimistic concurrency
 */
public record Group(
        long id,
        String owner,
        String name,
        String uuid,
        String launchConfigurationName,
        int minSize,
        int maxSize,
        int desiredCapacity,
        int defaultCooldown,
        String healthCheckType,
        int healthCheckGracePeriod,
        List<String> availabilityZones,
        List<SitePreference> clouds,
        boolean phantom,
        List<Tag> tags,
        List<String> terminationPolicies,
        List<String> loadBalancerNames,
        List<String> targetGroupArns,
        String vpcZoneIdentifier,
        String placementGroup,
        boolean newInstancesProtectedFromScaleIn,
        boolean capacityRebalance,
        Integer maxInstanceLifetime,
        boolean deleting,
        Instant createdTime,
        long version) {

    public Group {
        availabilityZones = List.copyOf(availabilityZones);
        clouds = List.copyOf(clouds);
        tags = List.copyOf(tags);
        terminationPolicies = List.copyOf(terminationPolicies);
        loadBalancerNames = List.copyOf(loadBalancerNames);
        targetGroupArns = List.copyOf(targetGroupArns);
    }

    /** The launch-configuration family: the name before the last {@code @}. */
    public String family() {
        return LaunchConfiguration.familyOf(launchConfigurationName);
    }

    public Optional<Tag> tag(String key) {
        return tags.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    /** The same group with a new size, placement and tags (AvailabilityZones follow the cloud list). */
    public Group withSpec(int min, int max, int desired, List<SitePreference> newClouds, boolean isPhantom,
            List<Tag> newTags) {
        return new Group(id, owner, name, uuid, launchConfigurationName, min, max, desired, defaultCooldown,
                healthCheckType, healthCheckGracePeriod, newClouds.stream().map(SitePreference::site).toList(),
                newClouds, isPhantom, newTags, terminationPolicies, loadBalancerNames, targetGroupArns,
                vpcZoneIdentifier, placementGroup, newInstancesProtectedFromScaleIn, capacityRebalance,
                maxInstanceLifetime, deleting, createdTime, version);
    }

    public Group markDeleting() {
        return new Group(id, owner, name, uuid, launchConfigurationName, minSize, maxSize, 0, defaultCooldown,
                healthCheckType, healthCheckGracePeriod, availabilityZones, clouds, phantom, tags,
                terminationPolicies, loadBalancerNames, targetGroupArns, vpcZoneIdentifier, placementGroup,
                newInstancesProtectedFromScaleIn, capacityRebalance, maxInstanceLifetime, true, createdTime, version);
    }
}
