package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.Tag;

/**
 * Deletes group tags by key (a Value, even boto 2's literal "None", is not compared). The tags that
 * drive a Phantom group's placement ({@code clouds}, {@code PHANTOM_DEFINITION}) cannot be deleted
 * from it: change them with CreateOrUpdateTags. Deleting {@code n_preserve} keeps the current count.
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
        ctx.transaction(tx -> {
            for (Map.Entry<String, List<String>> e : byGroup.entrySet()) {
                Group g = Groups.require(tx, owner, e.getKey());
                for (String key : e.getValue()) {
                    if (g.phantom() && (key.equals(PhantomTags.CLOUDS) || key.equals(PhantomTags.DEFINITION)
                            || key.equals(PhantomTags.DEFINITION_TYPO))) {
                        throw ApiError.validation("Tag " + key + " drives the placement of group " + g.name()
                                + " and cannot be deleted; change its value with CreateOrUpdateTags instead.");
                    }
                }
                List<Tag> kept = g.tags().stream().filter(t -> !e.getValue().contains(t.key())).toList();
                if (kept.size() != g.tags().size()) {
                    tx.groups().update(g.withSpec(g.minSize(), g.maxSize(), g.desiredCapacity(), g.clouds(), g.phantom(), kept));
                }
            }
            return null;
        });
        return XmlWriter.response(name()).finish(requestId);
    }
}
