package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import phantom.core.model.Group;
import phantom.core.model.Instance;

/** The DescribeAutoScalingGroups document from records in memory, as the action writes it (for the XML benchmark). */
public final class GroupsXml {
    private GroupsXml() {
    }

    /** @param instances each group's instances, in the order of {@code groups} */
    public static ByteBuffer describe(List<Group> groups, List<List<Instance>> instances, String nextToken, String requestId) {
        Map<Group, List<Instance>> of = new IdentityHashMap<>();
        for (int i = 0; i < groups.size(); i++) of.put(groups.get(i), instances.get(i));
        return DescribeAutoScalingGroups.document(groups, of::get, nextToken, requestId);
    }
}
