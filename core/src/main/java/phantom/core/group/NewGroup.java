package phantom.core.group;

import java.util.List;
import phantom.core.model.Tag;

/**
 * A CreateAutoScalingGroup request, decoded: what the client gave, nothing checked yet (the rules
 * are {@link GroupRules#created}). Null means "not given".
 */
public record NewGroup(
        String name,
        String launchConfigurationName,
        int minSize,
        int maxSize,
        Integer desiredCapacity,
        List<String> availabilityZones,
        List<Tag> tags,
        List<String> loadBalancerNames,
        List<String> targetGroupArns,
        GroupSettings settings) {

    public NewGroup {
        availabilityZones = availabilityZones == null ? null : List.copyOf(availabilityZones);
        tags = List.copyOf(tags);
        loadBalancerNames = loadBalancerNames == null ? List.of() : List.copyOf(loadBalancerNames);
        targetGroupArns = targetGroupArns == null ? List.of() : List.copyOf(targetGroupArns);
    }
}
