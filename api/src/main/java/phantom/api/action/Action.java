package phantom.api.action;

import phantom.api.query.QueryParams;
import phantom.api.query.Shape;

/**
 * One AWS Auto Scaling action: decode the parameters, call one method of the group service (a
 * change to a group) or read the store, render XML. Failures are thrown as
 * {@link phantom.api.ApiError}, or as the group rules' {@link phantom.core.group.Refusal}, which
 * every action of {@link Actions#all} answers as its ApiError. The endpoint has checked the
 * parameters against {@link #input()} before {@link #handle} runs.
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
