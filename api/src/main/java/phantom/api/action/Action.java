package phantom.api.action;

import phantom.api.query.QueryParams;

/**
 * One AWS Auto Scaling action: decode and validate the parameters, call the store, render XML.
 * Failures are thrown as {@link phantom.api.ApiError}.
 */
public interface Action {

    /** The {@code Action} parameter value this class answers. */
    String name();

    /** @return the complete XML response body */
    byte[] handle(String owner, QueryParams params, String requestId);
}
