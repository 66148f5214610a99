package phantom.api;

import phantom.core.group.Refusal;

/**
 * An error the API returns as an AWS {@code <ErrorResponse>}. Every failure of a request ends as one
 * of these; the factories name the AWS codes Phantom uses (docs/wire-protocol.md §1.5).
 */
public final class ApiError extends RuntimeException {
    private final String code;
    private final int status;

    public ApiError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** {@code Sender} for 4xx, {@code Receiver} for 5xx. */
    public String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    /** The answer to a request that failed authentication or could not be decoded: same code, status, message. */
    public static ApiError of(phantom.api.auth.AuthFailure e) {
        return new ApiError(e.code(), e.httpStatus(), e.getMessage());
    }

    /**
     * The answer to a request the group rules refused: its AWS code and message, 400. The one place a
     * {@link Refusal} becomes an API error ({@code RefusalAnswered} applies it to every action).
     */
    public static ApiError of(Refusal r) {
        return new ApiError(r.code().aws(), 400, r.getMessage());
    }

    public static ApiError validation(String message) {
        return new ApiError("ValidationError", 400, message);
    }

    public static ApiError alreadyExists(String message) {
        return new ApiError("AlreadyExists", 400, message);
    }

    public static ApiError limitExceeded(String message) {
        return new ApiError("LimitExceeded", 400, message);
    }

    public static ApiError resourceInUse(String message) {
        return new ApiError("ResourceInUse", 400, message);
    }

    public static ApiError scalingActivityInProgress(String message) {
        return new ApiError("ScalingActivityInProgress", 400, message);
    }

    public static ApiError tooLarge(int maxBytes) {
        return new ApiError("RequestEntityTooLarge", 413, "The request body is larger than " + maxBytes + " bytes.");
    }

    public static ApiError invalidNextToken() {
        return new ApiError("InvalidNextToken", 400, "The NextToken value is invalid.");
    }

    /** AWS answers MalformedQueryString with 404 (its common errors list). */
    public static ApiError malformedQuery(String message) {
        return new ApiError("MalformedQueryString", 404, message);
    }

    public static ApiError internal() {
        return new ApiError("InternalFailure", 500,
                "The request processing has failed because of an unknown error, exception or failure.");
    }

    /** The AWS framework's form for a constraint violation on one parameter. */
    public static ApiError constraint(String value, String member, String constraint) {
        return validation(Refusal.constraintMessage(value, member, constraint));
    }

    public static ApiError missing(String member) {
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
