package phantom.api.action;

import phantom.api.ApiError;
import phantom.api.xml.XmlWriter;

/** The bytes of an action's answer and of an error document, whatever form the writer gives them in. */
final class Bodies {
    private Bodies() {
    }

    static byte[] bytes(java.nio.ByteBuffer body) {
        return XmlWriter.bytes(body);
    }

    static byte[] error(ApiError e, String requestId) {
        return XmlWriter.bytes(XmlWriter.error(e.type(), e.code(), e.getMessage(), requestId));
    }
}
