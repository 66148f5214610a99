package phantom.core.group;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;

/**
 * The metrics collected for a group (EnableMetricsCollection, DisableMetricsCollection): which a
 * request names, and what enabling and disabling them makes of the group. Pure.
 */
public final class MetricsCollection {
    private MetricsCollection() {
    }

    /**
     * The metrics a request names: every metric when it names none (AWS: "If you specify Granularity
     * and don't specify any metrics, all metrics are enabled"), else those named, each once.
     *
     * @throws Refusal ValidationError naming the first name that is not a metric
     */
    public static Set<GroupMetric> named(List<String> names) {
        if (names == null || names.isEmpty()) return EnumSet.allOf(GroupMetric.class);
        Set<GroupMetric> out = EnumSet.noneOf(GroupMetric.class);
        for (String n : names) {
            out.add(GroupMetric.of(n).orElseThrow(() -> Refusal.validation("Metric " + n
                    + " is not a valid metric. Valid metrics are: "
                    + Arrays.stream(GroupMetric.values()).map(GroupMetric::aws).collect(Collectors.joining(", ")))));
        }
        return out;
    }

    /** Refuses a granularity other than AWS's one, {@value GroupMetric#GRANULARITY}. */
    public static void checkGranularity(String granularity) {
        if (!GroupMetric.GRANULARITY.equals(granularity)) {
            throw Refusal.validation("Granularity " + granularity + " is not a valid granularity. The only valid granularity is "
                    + GroupMetric.GRANULARITY + ".");
        }
    }

    /** The group with {@code metrics} enabled too. */
    public static Group enabled(Group g, Set<GroupMetric> metrics) {
        Set<GroupMetric> all = EnumSet.noneOf(GroupMetric.class);
        all.addAll(g.enabledMetrics());
        all.addAll(metrics);
        return g.toBuilder().enabledMetrics(List.copyOf(all)).build();
    }

    /** The group with {@code metrics} disabled; disabling one that is not enabled changes nothing. */
    public static Group disabled(Group g, Set<GroupMetric> metrics) {
        Set<GroupMetric> left = EnumSet.noneOf(GroupMetric.class);
        left.addAll(g.enabledMetrics());
        left.removeAll(metrics);
        return g.toBuilder().enabledMetrics(List.copyOf(left)).build();
    }
}
