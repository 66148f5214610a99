package phantom.api;

/** What the API answers: an HTTP status, the request id (for the x-amzn-RequestId header) and an XML body. */
public record ApiResponse(int status, String requestId, byte[] body) {
    public static final String CONTENT_TYPE = "text/xml";
}
