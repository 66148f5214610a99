package phantom.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An auto scaling group: keep {@link #desiredCapacity()} VMs of a launch-configuration family over
 * the ordered {@link #clouds()}. The API records it; the reconciler acts on it. The rules that make
 * and change a group are in {@code phantom.core.group.GroupRules}.
 *
 * <p>Each fact is held once. {@link #availabilityZones()} are the sites of {@link #clouds()}, and
 * the values of the tags that show a field ({@value #CLOUDS_TAG}, {@value #N_PRESERVE_TAG},
 * {@value #MINIMUM_VMS_TAG}) are derived from it in every copy: whatever value such a tag is given,
 * the group shows the current cloud list and desired count. Change a copy with {@link #toBuilder()}.
 *
 * @param id store-assigned key, stable for the group's life
 * @param launchConfigurationName as the client gave it ({@code mylaunch} or {@code mylaunch@hotel})
 * @param clouds the resolved ordered cloud list (from the clouds tag, AvailabilityZones or the
 *     launch configuration's site)
 * @param phantom true when created with the Phantom tags, or once given one; SetDesiredCapacity
 *     then moves Min/Max
 * @param tags in the order the client gave them, the derived values filled in
 * @param suspendedProcesses in {@link ScalingProcess} order, each once; stored in a table of its own
 *     and read with the group; ask {@code phantom.core.group.Processes.suspended}
 * @param enabledMetrics the metrics EnableMetricsCollection turned on, in {@link GroupMetric} order, each once
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
        List<SuspendedProcess> suspendedProcesses,
        List<GroupMetric> enabledMetrics,
        boolean deleting,
        Instant createdTime,
        long version) {

    /** The tag that shows {@link #clouds()}, as {@link SitePreference#format} writes it. */
    public static final String CLOUDS_TAG = "clouds";
    /** The tag that shows {@link #desiredCapacity()}. */
    public static final String N_PRESERVE_TAG = "n_preserve";
    /** The later name of {@value #N_PRESERVE_TAG}; shows the same count. */
    public static final String MINIMUM_VMS_TAG = "minimum_vms";

    public Group {
        clouds = List.copyOf(clouds);
        tags = shown(tags, desiredCapacity, clouds);
        terminationPolicies = List.copyOf(terminationPolicies);
        loadBalancerNames = List.copyOf(loadBalancerNames);
        targetGroupArns = List.copyOf(targetGroupArns);
        suspendedProcesses = List.copyOf(suspendedProcesses);
        enabledMetrics = List.copyOf(enabledMetrics);
    }

    /** AWS's AvailabilityZones of the group: the sites of its cloud list, in order. */
    public List<String> availabilityZones() {
        return clouds.stream().map(SitePreference::site).toList();
    }

    /** The launch-configuration family: the name before the last {@code @} (null without a launch configuration). */
    public String family() {
        return launchConfigurationName == null ? null : LaunchConfiguration.familyOf(launchConfigurationName);
    }

    public Optional<Tag> tag(String key) {
        return tags.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    /** True for a tag whose value a group derives from its own fields (so a store keeps no value for it). */
    public static boolean derivesValueOf(String key) {
        return switch (key) {
            case CLOUDS_TAG, N_PRESERVE_TAG, MINIMUM_VMS_TAG -> true;
            default -> false;
        };
    }

    /** The same group being deleted: it wants no VM any more. */
    public Group markDeleting() {
        return toBuilder().desiredCapacity(0).deleting(true).build();
    }

    private static List<Tag> shown(List<Tag> tags, int desired, List<SitePreference> clouds) {
        List<Tag> out = new ArrayList<>(tags.size());
        for (Tag t : tags) {
            String value = switch (t.key()) {
                case CLOUDS_TAG -> SitePreference.format(clouds);
                case N_PRESERVE_TAG, MINIMUM_VMS_TAG -> Integer.toString(desired);
                default -> t.value();
            };
            out.add(value.equals(t.value()) ? t : new Tag(t.key(), value, t.propagateAtLaunch()));
        }
        return List.copyOf(out);
    }

    /** A new group: every field zero, false, null or empty until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this group's fields, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder().id(id).owner(owner).name(name).uuid(uuid).launchConfigurationName(launchConfigurationName)
                .minSize(minSize).maxSize(maxSize).desiredCapacity(desiredCapacity).defaultCooldown(defaultCooldown)
                .healthCheckType(healthCheckType).healthCheckGracePeriod(healthCheckGracePeriod).clouds(clouds)
                .phantom(phantom).tags(tags).terminationPolicies(terminationPolicies).loadBalancerNames(loadBalancerNames)
                .targetGroupArns(targetGroupArns).vpcZoneIdentifier(vpcZoneIdentifier).placementGroup(placementGroup)
                .newInstancesProtectedFromScaleIn(newInstancesProtectedFromScaleIn).capacityRebalance(capacityRebalance)
                .maxInstanceLifetime(maxInstanceLifetime).suspendedProcesses(suspendedProcesses).enabledMetrics(enabledMetrics)
                .deleting(deleting).createdTime(createdTime).version(version);
    }

    /** The one way to make a group other than its canonical constructor: set what differs, then {@link #build}. */
    public static final class Builder {
        private long id;
        private String owner;
        private String name;
        private String uuid;
        private String launchConfigurationName;
        private int minSize;
        private int maxSize;
        private int desiredCapacity;
        private int defaultCooldown;
        private String healthCheckType;
        private int healthCheckGracePeriod;
        private List<SitePreference> clouds = List.of();
        private boolean phantom;
        private List<Tag> tags = List.of();
        private List<String> terminationPolicies = List.of();
        private List<String> loadBalancerNames = List.of();
        private List<String> targetGroupArns = List.of();
        private String vpcZoneIdentifier;
        private String placementGroup;
        private boolean newInstancesProtectedFromScaleIn;
        private boolean capacityRebalance;
        private Integer maxInstanceLifetime;
        private List<SuspendedProcess> suspendedProcesses = List.of();
        private List<GroupMetric> enabledMetrics = List.of();
        private boolean deleting;
        private Instant createdTime;
        private long version;

        private Builder() {
        }

        public Group build() {
            return new Group(id, owner, name, uuid, launchConfigurationName, minSize, maxSize, desiredCapacity,
                    defaultCooldown, healthCheckType, healthCheckGracePeriod, clouds, phantom, tags, terminationPolicies,
                    loadBalancerNames, targetGroupArns, vpcZoneIdentifier, placementGroup, newInstancesProtectedFromScaleIn,
                    capacityRebalance, maxInstanceLifetime, suspendedProcesses, enabledMetrics, deleting, createdTime, version);
        }

        public Builder id(long v) {
            id = v;
            return this;
        }

        public Builder owner(String v) {
            owner = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder uuid(String v) {
            uuid = v;
            return this;
        }

        public Builder launchConfigurationName(String v) {
            launchConfigurationName = v;
            return this;
        }

        public Builder minSize(int v) {
            minSize = v;
            return this;
        }

        public Builder maxSize(int v) {
            maxSize = v;
            return this;
        }

        public Builder desiredCapacity(int v) {
            desiredCapacity = v;
            return this;
        }

        /** Min, max and desired count at once, as the size rules decide them together. */
        public Builder sizes(int min, int max, int desired) {
            return minSize(min).maxSize(max).desiredCapacity(desired);
        }

        public Builder defaultCooldown(int v) {
            defaultCooldown = v;
            return this;
        }

        public Builder healthCheckType(String v) {
            healthCheckType = v;
            return this;
        }

        public Builder healthCheckGracePeriod(int v) {
            healthCheckGracePeriod = v;
            return this;
        }

        public Builder clouds(List<SitePreference> v) {
            clouds = v;
            return this;
        }

        public Builder phantom(boolean v) {
            phantom = v;
            return this;
        }

        public Builder tags(List<Tag> v) {
            tags = v;
            return this;
        }

        public Builder terminationPolicies(List<String> v) {
            terminationPolicies = v;
            return this;
        }

        public Builder loadBalancerNames(List<String> v) {
            loadBalancerNames = v;
            return this;
        }

        public Builder targetGroupArns(List<String> v) {
            targetGroupArns = v;
            return this;
        }

        public Builder vpcZoneIdentifier(String v) {
            vpcZoneIdentifier = v;
            return this;
        }

        public Builder placementGroup(String v) {
            placementGroup = v;
            return this;
        }

        public Builder newInstancesProtectedFromScaleIn(boolean v) {
            newInstancesProtectedFromScaleIn = v;
            return this;
        }

        public Builder capacityRebalance(boolean v) {
            capacityRebalance = v;
            return this;
        }

        public Builder maxInstanceLifetime(Integer v) {
            maxInstanceLifetime = v;
            return this;
        }

        public Builder suspendedProcesses(List<SuspendedProcess> v) {
            suspendedProcesses = v;
            return this;
        }

        public Builder enabledMetrics(List<GroupMetric> v) {
            enabledMetrics = v;
            return this;
        }

        public Builder deleting(boolean v) {
            deleting = v;
            return this;
        }

        public Builder createdTime(Instant v) {
            createdTime = v;
            return this;
        }

        public Builder version(long v) {
            version = v;
            return this;
        }
    }
}
