package phantom.api;

import java.nio.ByteBuffer;
import phantom.api.xml.XmlWriter;

/**
 * What the API answers: an HTTP status, the request id (for the x-amzn-RequestId header) and an XML
 * body, a buffer over the writer's own array that the HTTP layer sends as it is.
 */
public record ApiResponse(int status, String requestId, ByteBuffer body) {
    public static final String CONTENT_TYPE = "text/xml";

    /** The body's bytes, copied (for tests and tools). */
    public byte[] bodyBytes() {
        return XmlWriter.bytes(body);
    }
}
