package phantom.driver.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Iterator;
import java.util.Optional;

/** An HTTP answer from an OpenStack service: status, the headers we read, and the body. */
record Reply(int status, Optional<String> subjectToken, String body) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 400;

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON, or a missing node when it is not JSON. */
    JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * The error message the service gave: Nova's {@code {"badRequest": {"message": ...}}}, Keystone's
     * {@code {"error": {"message": ...}}}, Neutron's {@code {"NeutronError": {"message": ...}}}, or the
     * raw body (shortened) when it is not such JSON.
     */
    String message() {
        JsonNode json = json();
        if (json.isObject()) {
            if (json.path("message").isTextual()) {
                return shorten(json.path("message").asText());
            }
            Iterator<JsonNode> fields = json.elements();
            while (fields.hasNext()) {
                JsonNode inner = fields.next();
                if (inner.path("message").isTextual()) {
                    return shorten(inner.path("message").asText());
                }
            }
        }
        String text = body == null ? "" : body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "HTTP " + status : shorten(text);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
