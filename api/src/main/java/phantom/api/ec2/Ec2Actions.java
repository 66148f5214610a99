package phantom.api.ec2;

import java.util.List;
import phantom.core.group.SiteCatalog;

/** Every EC2 call the endpoint answers (docs/api.md, "EC2 calls"). */
public final class Ec2Actions {
    private Ec2Actions() {
    }

    public static List<Ec2Action> all(SiteCatalog sites) {
        return List.of(new DescribeAvailabilityZones(sites), new DescribeSecurityGroups());
    }
}
