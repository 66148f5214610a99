package phantom.api.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.core.model.Tag;

/** Reads {@code Tags.member.N.*} as the create and tag actions take them. */
final class TagParams {
    static final String RESOURCE_TYPE = "auto-scaling-group";

    /** One tag of a request, with the group it names (null when the request gave none). */
    record Item(String resourceId, Tag tag) {
    }

    private TagParams() {
    }

    /**
     * @param requireResource CreateOrUpdateTags/DeleteTags need ResourceId on each tag;
     *     CreateAutoScalingGroup does not
     */
    static List<Item> parse(QueryParams p, boolean required, boolean requireResource) {
        List<QueryParams> members = p.structs("Tags", 1000);
        if (members == null || members.isEmpty()) {
            if (required) throw ApiError.missing("Tags");
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (QueryParams m : members) {
            String key = m.requiredString("Key", 1, 128);
            if (key.startsWith("aws:")) {
                throw ApiError.validation("Tag keys starting with 'aws:' are reserved: " + key);
            }
            String value = m.string("Value", 0, 256);
            Boolean propagate = m.bool("PropagateAtLaunch");
            String resourceId = requireResource ? m.requiredString("ResourceId", 1, 255) : m.string("ResourceId", 1, 255);
            String type = m.raw("ResourceType");
            if (type != null && !type.equals(RESOURCE_TYPE)) {
                throw ApiError.validation("Tag ResourceType must be " + RESOURCE_TYPE + ", got '" + type + "'.");
            }
            if (!seen.add(resourceId + "\u0000" + key)) {
                throw ApiError.validation("Tag key '" + key + "' is given more than once"
                        + (resourceId == null ? "." : " for " + resourceId + "."));
            }
            out.add(new Item(resourceId, new Tag(key, value == null ? "" : value, propagate != null && propagate)));
        }
        return out;
    }
}
