package phantom.api.action;

import phantom.api.query.QueryParams;
import phantom.api.query.Shape;

/**
 * One AWS Auto Scaling action: decode and validate the parameters, call the store, render XML.
 * Failures are thrown as {@link phantom.api.ApiError}. The endpoint has checked the parameters
 * against {@link #input()} before {@link #handle} runs.
 */
public interface Action {

    /** The {@code Action} parameter value this class answers. */
    String name();

    /** The parameters this action takes, from the one table of them ({@link ActionShapes}). */
    default Shape.Struct input() {
        return ActionShapes.of(name());
    }

    /** @return the complete XML response body */
    java.nio.ByteBuffer handle(String owner, QueryParams params, String requestId);
}
