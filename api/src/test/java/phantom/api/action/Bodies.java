package phantom.api.action;

import phantom.api.ApiError;
import phantom.api.xml.XmlOut;

/** The bytes of an action's answer and of an error document, whatever form the writer gives them in. */
final class Bodies {
    private Bodies() {
    }

    static byte[] bytes(byte[] body) {
        return body;
    }

    static byte[] error(ApiError e, String requestId) {
        return XmlOut.error(e.type(), e.code(), e.getMessage(), requestId);
    }
}
