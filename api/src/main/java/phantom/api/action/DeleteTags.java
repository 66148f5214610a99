package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Deletes group tags by key (a Value, even boto 2's literal "None", is not compared); what may not
 * be deleted is {@link phantom.core.group.GroupRules#untagged}.
 */
final class DeleteTags implements Action {
    private final ActionContext ctx;

    DeleteTags(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DeleteTags";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (TagParams.Item i : TagParams.parse(p, true, true)) {
            byGroup.computeIfAbsent(i.resourceId(), k -> new ArrayList<>()).add(i.tag().key());
        }
        ctx.groups().deleteTags(owner, byGroup);
        return XmlWriter.response(name()).finish(requestId);
    }
}
