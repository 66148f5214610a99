package phantom.api.ec2;

import static phantom.api.query.Shape.BOOLEAN;
import static phantom.api.query.Shape.INTEGER;
import static phantom.api.query.Shape.STRING;
import static phantom.api.query.Shape.list;
import static phantom.api.query.Shape.struct;

import java.util.Map;
import phantom.api.query.Shape;

/**
 * The parameters of the EC2 calls Phantom answers, as EC2's model (botocore's ec2 2016-11-15
 * service-2.json) declares them, under the names the EC2 dialect sends (a member's
 * {@code locationName}, capitalized: {@code Filter}, {@code ZoneName}, {@code DryRun}), in the model's
 * order. A {@link Shape.ListOf} here is EC2's flat list, {@code Name.N} ({@link Ec2Params}).
 */
public final class Ec2Shapes {
    static final Shape FILTERS = list(struct("Name", STRING, "Value", list(STRING)));

    /** Call name to its input structure. */
    public static final Map<String, Shape.Struct> INPUTS = Map.of(
            "DescribeAvailabilityZones", struct(
                    "Filter", FILTERS, "ZoneName", list(STRING), "ZoneId", list(STRING),
                    "AllAvailabilityZones", BOOLEAN, "DryRun", BOOLEAN),
            "DescribeSecurityGroups", struct(
                    "Filter", FILTERS, "GroupId", list(STRING), "GroupName", list(STRING),
                    "DryRun", BOOLEAN, "NextToken", STRING, "MaxResults", INTEGER));

    private Ec2Shapes() {
    }

    static Shape.Struct of(String call) {
        Shape.Struct s = INPUTS.get(call);
        if (s == null) throw new IllegalArgumentException("no declared parameters for EC2 call " + call);
        return s;
    }
}
