package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.LaunchSpec;

/** Reads a Nova server (as in {@code GET /servers/detail}) into Phantom's terms. */
final class ServerView {
    /** Nova's task state while a DELETE is being carried out; the status stays as it was meanwhile. */
    static final String DELETING = "deleting";

    private ServerView() {
    }

    /**
     * Nova status to Phantom's state. Statuses not named in the driver's issue are placed by what
     * they mean for a running VM: reboots, resizes and migrations keep it RUNNING; rescue, shelving
     * and UNKNOWN make it unusable (STOPPED).
     */
    static CloudState state(String status, String taskState) {
        if (DELETING.equalsIgnoreCase(taskState)) {
            return CloudState.TERMINATED;
        }
        return switch (status == null ? "" : status.toUpperCase(Locale.ROOT)) {
            case "BUILD", "REBUILD" -> CloudState.PENDING;
            case "ACTIVE", "REBOOT", "HARD_REBOOT", "PASSWORD", "RESIZE", "VERIFY_RESIZE", "REVERT_RESIZE",
                    "MIGRATING" -> CloudState.RUNNING;
            case "SHUTOFF", "PAUSED", "SUSPENDED", "STOPPED", "RESCUE", "SHELVED", "SHELVED_OFFLOADED",
                    "UNKNOWN" -> CloudState.STOPPED;
            case "ERROR" -> CloudState.FAILED;
            case "DELETED", "SOFT_DELETED" -> CloudState.TERMINATED;
            default -> CloudState.STOPPED;
        };
    }

    /** Deleted or soft-deleted, as {@code changes-since} listings show servers that are gone. */
    static boolean isDeleted(JsonNode server) {
        String status = server.path("status").asText("").toUpperCase(Locale.ROOT);
        return status.equals("DELETED") || status.equals("SOFT_DELETED");
    }

    static String token(JsonNode server) {
        return server.path("metadata").path(LaunchSpec.TAG_TOKEN).asText(null);
    }

    static boolean isPhantoms(JsonNode server) {
        return token(server) != null;
    }

    /**
     * @param flavorNames flavor id to name, for Nova releases that report only the flavor's id
     */
    static CloudInstance instance(JsonNode server, Map<String, String> flavorNames) {
        return new CloudInstance(
                server.path("id").asText(),
                token(server),
                server.path("metadata").path(LaunchSpec.TAG_GROUP).asText(null),
                state(server.path("status").asText(null), server.path("OS-EXT-STS:task_state").asText(null)),
                flavor(server.path("flavor"), flavorNames),
                Keystone.timestamp(server.path("created").asText(null)));
    }

    /** Microversion 2.47+ embeds {@code original_name}; older ones give only {@code id}. */
    static String flavor(JsonNode flavor, Map<String, String> flavorNames) {
        String name = flavor.path("original_name").asText(null);
        if (name != null) {
            return name;
        }
        String id = flavor.path("id").asText(null);
        return id == null ? null : flavorNames.getOrDefault(id, id);
    }

    static String flavorId(JsonNode server) {
        return server.path("flavor").path("id").asText(null);
    }
}
