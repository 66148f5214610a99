package phantom.driver.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import phantom.core.driver.LaunchSpec;

/** The body of Nova's {@code POST /servers} for one Phantom launch. */
final class ServerRequest {
    /** Nova's limit on metadata keys and values (its schema: {@code ^[a-zA-Z0-9-_:. ]{1,255}$}, values up to 255). */
    static final int METADATA_MAX = 255;

    private ServerRequest() {
    }

    /**
     * @param imageId the resolved image id
     * @param flavorId the resolved flavor id
     * @param networkId the network to attach, or null to let Nova choose
     */
    static ObjectNode body(LaunchSpec spec, String imageId, String flavorId, String networkId) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode server = root.putObject("server");
        server.put("name", name(spec.groupName(), spec.token()));
        server.put("imageRef", imageId);
        server.put("flavorRef", flavorId);
        if (spec.keyName() != null && !spec.keyName().isBlank()) {
            server.put("key_name", spec.keyName());
        }
        if (spec.userData() != null && !spec.userData().isBlank()) {
            server.put("user_data", spec.userData());
        }
        if (!spec.securityGroups().isEmpty()) {
            ArrayNode groups = server.putArray("security_groups");
            spec.securityGroups().forEach(g -> groups.addObject().put("name", g));
        }
        if (networkId != null) {
            server.putArray("networks").addObject().put("uuid", networkId);
        }
        ObjectNode metadata = server.putObject("metadata");
        metadata(spec).forEach(metadata::put);
        return root;
    }

    /** {@code phantom-<group>-<last 8 of token>}, in characters that are safe in a host name. */
    static String name(String groupName, String token) {
        String group = groupName == null ? "" : groupName.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (group.length() > 40) {
            group = group.substring(0, 40).replaceAll("-+$", "");
        }
        String shortToken = token.replaceAll("[^A-Za-z0-9]", "");
        shortToken = shortToken.substring(Math.max(0, shortToken.length() - 8)).toLowerCase(Locale.ROOT);
        return "phantom-" + (group.isEmpty() ? "group" : group) + "-" + shortToken;
    }

    /**
     * The spec's tags in the form Nova accepts (characters outside its key pattern become {@code _},
     * keys and values are cut at 255), with Phantom's own ids always taken from the spec.
     */
    static Map<String, String> metadata(LaunchSpec spec) {
        Map<String, String> metadata = new LinkedHashMap<>();
        new TreeMap<>(spec.tags()).forEach((k, v) -> {
            String key = cut(k.replaceAll("[^a-zA-Z0-9\\-_:. ]", "_"));
            if (!key.isEmpty()) {
                metadata.put(key, cut(v == null ? "" : v));
            }
        });
        metadata.put(LaunchSpec.TAG_TOKEN, spec.token());
        if (spec.groupUuid() != null) {
            metadata.put(LaunchSpec.TAG_GROUP, spec.groupUuid());
        }
        if (spec.owner() != null) {
            metadata.put(LaunchSpec.TAG_OWNER, cut(spec.owner()));
        }
        return metadata;
    }

    private static String cut(String s) {
        return s.length() <= METADATA_MAX ? s : s.substring(0, METADATA_MAX);
    }
}
