package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.Tag;

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

    record GroupTag(String group, Tag tag) {
        String sortKey() {
            return group + "\u0000" + tag.key();
        }
    }

    record Filter(String name, List<String> values) {
        boolean matches(GroupTag t) {
            return switch (name) {
                case "auto-scaling-group" -> values.contains(t.group());
                case "key" -> values.contains(t.tag().key());
                case "value" -> values.contains(t.tag().value());
                default -> values.contains(Boolean.toString(t.tag().propagateAtLaunch()));
            };
        }
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        List<Filter> filters = new ArrayList<>();
        List<QueryParams> raw = p.structs("Filters", 50);
        for (QueryParams f : raw == null ? List.<QueryParams>of() : raw) {
            String n = f.requiredString("Name", 1, 255);
            if (!FILTERS.contains(n)) {
                throw ApiError.validation("Filter type " + n + " is not correct. Allowed Filter types are: "
                        + String.join(" ", FILTERS));
            }
            List<String> values = f.strings("Values", 1000, 0, 256);
            filters.add(new Filter(n, values == null ? List.of() : values.stream().map(v ->
                    n.equals("propagate-at-launch") ? v.toLowerCase(java.util.Locale.ROOT) : v).toList()));
        }
        List<Group> groups = ctx.db().read(tx -> tx.groups().list(owner));
        List<GroupTag> all = groups.stream()
                .flatMap(g -> g.tags().stream().map(t -> new GroupTag(g.name(), t)))
                .filter(t -> filters.stream().allMatch(f -> f.matches(t)))
                .sorted(Comparator.comparing(GroupTag::sortKey))
                .toList();
        Page<GroupTag> page = Page.of(all, GroupTag::sortKey, p, 50, 100);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result");
        x.list("Tags", page.items(), (o, t) -> DescribeAutoScalingGroups.renderTag(o, t.group(), t.tag()));
        x.text("NextToken", page.nextToken());
        return x.end().finish(requestId);
    }
}
