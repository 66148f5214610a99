package phantom.api.ec2;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.xml.XmlWriter;

/**
 * EC2's {@code DescribeSecurityGroups}: Phantom has no security groups of its own (a launch
 * configuration's are names it passes to each site's cloud as given), so the list is empty, and a
 * group asked for by id or name does not exist, as EC2 answers for one that does not.
 * Ansible's {@code autoscaling_launch_config} calls it to turn group names into ids; names of the
 * form {@code sg-} and hex digits it keeps as ids, so those pass through to the launch configuration.
 */
final class DescribeSecurityGroups implements Ec2Action {
    private static final int MIN_RESULTS = 5;
    private static final int MAX_RESULTS = 1000;

    @Override
    public String name() {
        return "DescribeSecurityGroups";
    }

    @Override
    public ByteBuffer handle(String owner, Ec2Params p, String requestId) {
        Integer max = p.integer("MaxResults");
        if (max != null && (max < MIN_RESULTS || max > MAX_RESULTS)) {
            throw Ec2Errors.invalidParameterValue("Value (" + max + ") for parameter maxResults is invalid: it must be from "
                    + MIN_RESULTS + " to " + MAX_RESULTS + ".");
        }
        if (p.string("NextToken") != null) throw Ec2Errors.invalidPaginationToken();
        List<String> asked = new java.util.ArrayList<>(p.strings("GroupId"));
        asked.addAll(p.strings("GroupName"));
        if (!asked.isEmpty()) throw Ec2Errors.groupNotFound(asked.get(0));
        return XmlWriter.ec2Response(name(), requestId)
                .items("securityGroupInfo", List.<Object>of(), (x, g) -> {
                })
                .complete();
    }
}
