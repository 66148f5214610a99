package phantom.api.ec2;

import java.nio.ByteBuffer;
import phantom.api.query.Shape;

/**
 * One EC2 call Phantom answers on its endpoint, in EC2's dialect: read the checked parameters,
 * render EC2's XML ({@link phantom.api.xml.XmlWriter#ec2Response}). Failures are thrown as
 * {@link phantom.api.ApiError} with EC2's codes.
 */
public interface Ec2Action {

    /** The {@code Action} parameter value this class answers. */
    String name();

    /** The parameters this call takes, from the one table of them ({@link Ec2Shapes}). */
    default Shape.Struct input() {
        return Ec2Shapes.of(name());
    }

    /** @return the complete XML response body */
    ByteBuffer handle(String owner, Ec2Params params, String requestId);
}
