package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;

/**
 * Adds or overwrites group tags. The Phantom tags reconfigure a live group, validated as at
 * create: a new {@code clouds} list (the reconciler removes VMs that no longer fit, least preferred
 * first) or a new {@code n_preserve}. All tags of one request apply together or not at all.
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
        List<Long> changed = ctx.transaction(tx -> {
            List<Long> ids = new ArrayList<>();
            for (Map.Entry<String, List<Tag>> e : byGroup.entrySet()) {
                Group g = Groups.require(tx, owner, e.getKey());
                if (g.deleting()) throw SetDesiredCapacity.beingDeleted(g.name());
                Group updated = apply(g, e.getValue(), ctx.limits().maxGroupSize());
                if (!updated.clouds().equals(g.clouds())) {
                    Placement.check(tx, ctx.sites(), owner, g.family(), updated.clouds());
                }
                tx.groups().update(updated);
                ids.add(g.id());
            }
            return ids;
        });
        changed.forEach(ctx.groupChanged()::groupChanged);
        return XmlWriter.response(name()).finish(requestId);
    }

    /** The group with the tags merged in and its Phantom settings re-resolved. Pure. */
    static Group apply(Group g, List<Tag> update, int limit) {
        List<Tag> merged = new ArrayList<>(g.tags());
        for (Tag t : update) {
            int at = indexOf(merged, t.key());
            if (at >= 0) merged.set(at, t);
            else merged.add(t);
        }
        if (merged.size() > TagParams.MAX_TAGS) {
            throw ApiError.limitExceeded("A group can have at most " + TagParams.MAX_TAGS + " tags; "
                    + g.name() + " would have " + merged.size() + ".");
        }
        PhantomTags.checkDefinition(merged);
        List<SitePreference> clouds = PhantomTags.clouds(update).orElse(g.clouds());
        Optional<Integer> count = PhantomTags.count(update, limit);
        Group next = g.withSpec(g.minSize(), g.maxSize(), g.desiredCapacity(), clouds,
                g.phantom() || PhantomTags.isPhantom(merged), merged);
        if (count.isPresent()) {
            next = SetDesiredCapacity.resize(next, count.get(), limit);
        } else {
            PhantomTags.count(merged, limit); // existing n_preserve and minimum_vms must still agree
        }
        return next;
    }

    private static int indexOf(List<Tag> tags, String key) {
        for (int i = 0; i < tags.size(); i++) if (tags.get(i).key().equals(key)) return i;
        return -1;
    }
}
