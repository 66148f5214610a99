package phantom.api.auth;

/**
 * A request that could not be authenticated, with the AWS error code, HTTP status and AWS-style
 * message the Query API should answer with ({@code <ErrorResponse><Error><Code>}, {@code Type}
 * {@code Sender}). Messages never contain secrets; values echoed from the request are made
 * printable and shortened.
 */
public final class AuthFailure extends Exception {
    static final String SIGNATURE_MISMATCH_TEXT = "The request signature we calculated does not match the"
            + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
            + " service documentation for details.";

    private final String code;
    private final int httpStatus;

    private AuthFailure(String code, int httpStatus, String message) {
        super(message, null, false, false); // no stack trace: these are answers to clients, not bugs
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The AWS error code, e.g. {@code SignatureDoesNotMatch}. */
    public String code() {
        return code;
    }

    /** The HTTP status to answer with (400 or 403; 404 for {@code MalformedQueryString}, 405, 415). */
    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public String toString() {
        return code + " (" + httpStatus + "): " + getMessage();
    }

    static AuthFailure missingAuthenticationToken() {
        return new AuthFailure("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    }

    static AuthFailure incompleteSignature(String message) {
        return new AuthFailure("IncompleteSignature", 400, message);
    }

    static AuthFailure invalidClientTokenId() {
        return new AuthFailure("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }

    static AuthFailure signatureDoesNotMatch() {
        return signatureDoesNotMatch(SIGNATURE_MISMATCH_TEXT);
    }

    static AuthFailure signatureDoesNotMatch(String message) {
        return new AuthFailure("SignatureDoesNotMatch", 403, message);
    }

    static AuthFailure missingParameter(String message) {
        return new AuthFailure("MissingParameter", 400, message);
    }

    static AuthFailure requestExpired(String message) {
        return new AuthFailure("RequestExpired", 400, message);
    }

    static AuthFailure malformedQueryString(String message) {
        return new AuthFailure("MalformedQueryString", 404, message);
    }

    static AuthFailure methodNotAllowed() {
        return new AuthFailure("MethodNotAllowed", 405, "Use GET or POST for the Auto Scaling Query API.");
    }

    static AuthFailure unsupportedMediaType(String message) {
        return new AuthFailure("UnsupportedMediaType", 415, message);
    }

    static AuthFailure validation(String message) {
        return new AuthFailure("ValidationError", 400, message);
    }

    /** A request value made safe to echo in a message: printable ASCII only, at most 64 characters. */
    static String echo(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > 64 ? out + "..." : out.toString();
    }
}
