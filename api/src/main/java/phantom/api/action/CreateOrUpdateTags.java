package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Tag;

/**
 * Adds or overwrites group tags. The Phantom tags reconfigure a live group, validated as at create
 * ({@link phantom.core.group.GroupRules#tagged}). All tags of one request apply together or not at all.
 */
final class CreateOrUpdateTags implements Action {
    private final ActionContext ctx;

    CreateOrUpdateTags(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "CreateOrUpdateTags";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        Map<String, List<Tag>> byGroup = new LinkedHashMap<>();
        for (TagParams.Item i : TagParams.parse(p, true, true)) {
            byGroup.computeIfAbsent(i.resourceId(), k -> new ArrayList<>()).add(i.tag());
        }
        ctx.groups().putTags(owner, byGroup);
        return XmlWriter.response(name()).finish(requestId);
    }
}
