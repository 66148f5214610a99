package phantom.server.view;

import java.util.List;
import java.util.Map;
import phantom.core.model.Instance;
import phantom.core.model.ScalingActivity;

/**
 * A group's page: its overview, its VMs per cloud (in the overview's cloud order) and its
 * activities, newest first.
 */
public record GroupDetail(GroupOverview overview, Map<String, List<Instance>> instances, List<ScalingActivity> activities) {
}
