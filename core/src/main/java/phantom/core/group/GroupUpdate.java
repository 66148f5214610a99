package phantom.core.group;

import java.util.List;

/**
 * An UpdateAutoScalingGroup request, decoded: only what the client gave (null: unchanged); the rules
 * are {@link GroupRules#updated}.
 */
public record GroupUpdate(
        String name,
        String launchConfigurationName,
        Integer minSize,
        Integer maxSize,
        Integer desiredCapacity,
        List<String> availabilityZones,
        GroupSettings settings) {

    public GroupUpdate {
        availabilityZones = availabilityZones == null ? null : List.copyOf(availabilityZones);
    }
}
