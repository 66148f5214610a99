package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.store.Groups;
import phantom.store.TagCondition;

/** Lists the tags of the caller's groups, by group then key, with the AWS filters. */
final class DescribeTags implements Action {
    private static final List<String> FILTERS = List.of("auto-scaling-group", "key", "value", "propagate-at-launch");
    private final ActionContext ctx;

    DescribeTags(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeTags";
    }

    /** The page key of a tag: its group's name, NUL (which no name holds), its key. */
    static String key(Groups.GroupTag t) {
        return t.group() + "\u0000" + t.tag().key();
    }

    /** One filter as a condition on the tag row; propagate-at-launch values other than true and false match nothing. */
    static TagCondition condition(String name, List<String> values) {
        return switch (name) {
            case "auto-scaling-group" -> new TagCondition(TagCondition.Column.GROUP_NAME, values);
            case "key" -> new TagCondition(TagCondition.Column.KEY, values);
            case "value" -> new TagCondition(TagCondition.Column.VALUE, values);
            default -> new TagCondition(TagCondition.Column.PROPAGATE_AT_LAUNCH, values.stream()
                    .map(v -> v.toLowerCase(Locale.ROOT))
                    .filter(v -> v.equals("true") || v.equals("false"))
                    .map(Boolean::parseBoolean).distinct().toList());
        };
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<TagCondition> conditions = new ArrayList<>();
        List<QueryParams> raw = p.structs("Filters", 50);
        for (QueryParams f : raw == null ? List.<QueryParams>of() : raw) {
            String n = f.requiredString("Name", 1, 255);
            if (!FILTERS.contains(n)) {
                throw ApiError.validation("Filter type " + n + " is not correct. Allowed Filter types are: "
                        + String.join(" ", FILTERS));
            }
            List<String> values = f.strings("Values", 1000, 0, 256);
            conditions.add(condition(n, values == null ? List.of() : values));
        }
        int max = Page.max(p, 50, 100);
        String after = Page.after(p);
        int nul = after == null ? -1 : after.indexOf('\u0000');
        String afterGroup = nul < 0 ? after : after.substring(0, nul);
        String afterKey = nul < 0 ? null : after.substring(nul + 1);
        Page<Groups.GroupTag> page = Page.of(ctx.db().read(tx -> tx.groups().tagPage(owner, conditions, afterGroup, afterKey, max + 1)),
                max, DescribeTags::key);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("Tags", page.items(), (o, t) -> DescribeAutoScalingGroups.renderTag(o, t.group(), t.tag()));
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }
}
