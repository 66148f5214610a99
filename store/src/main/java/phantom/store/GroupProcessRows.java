package phantom.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SuspendedProcess;

/**
 * A group's suspended processes ({@code suspended_processes}) and enabled metrics
 * ({@code enabled_metrics}): one row each, written and deleted with the group by {@link Groups},
 * and read with it, both tables in one statement however many groups are read. A name this
 * version does not know (written by a later one) is skipped.
 */
final class GroupProcessRows {
    /** Above this many groups, a read takes the whole (small) tables rather than an IN list of ids. */
    private static final int IN_LIST_MAX = 500;

    private final Sql sql;

    GroupProcessRows(Sql sql) {
        this.sql = sql;
    }

    void insert(long groupId, List<SuspendedProcess> processes, List<GroupMetric> metrics) {
        List<Object[]> p = new ArrayList<>(processes.size());
        for (SuspendedProcess s : processes) p.add(new Object[] {groupId, s.process().aws(), s.suspensionReason()});
        sql.batch("INSERT INTO suspended_processes (group_id, process_name, suspension_reason) VALUES (?, ?, ?)", p);
        List<Object[]> m = new ArrayList<>(metrics.size());
        for (GroupMetric g : metrics) m.add(new Object[] {groupId, g.aws(), GroupMetric.GRANULARITY});
        sql.batch("INSERT INTO enabled_metrics (group_id, metric, granularity) VALUES (?, ?, ?)", m);
    }

    void delete(long groupId) {
        sql.update("DELETE FROM suspended_processes WHERE group_id = ?", groupId);
        sql.update("DELETE FROM enabled_metrics WHERE group_id = ?", groupId);
    }

    Group complete(Group g) {
        return complete(List.of(g)).get(0);
    }

    /** {@code groups} in their order, each with its suspended processes and enabled metrics. */
    List<Group> complete(List<Group> groups) {
        if (groups.isEmpty()) return groups;
        String where = "";
        Object[] ids = new Object[0];
        if (groups.size() <= IN_LIST_MAX) {
            ids = groups.stream().map(Group::id).toArray();
            where = " WHERE group_id IN (" + Sql.marks(ids.length) + ")";
        }
        Object[] params = new Object[ids.length * 2];
        System.arraycopy(ids, 0, params, 0, ids.length);
        System.arraycopy(ids, 0, params, ids.length, ids.length);
        record Row(long groupId, String kind, String name, String detail) {
        }
        // one statement for both tables, so a page of groups costs one more statement, not two
        List<Row> rows = sql.list("SELECT group_id, 'p' AS kind, process_name AS name, suspension_reason AS detail"
                + " FROM suspended_processes" + where
                + " UNION ALL SELECT group_id, 'm' AS kind, metric AS name, granularity AS detail FROM enabled_metrics" + where,
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), params);
        Map<Long, List<SuspendedProcess>> processes = new HashMap<>();
        Map<Long, List<GroupMetric>> metrics = new HashMap<>();
        for (Row r : rows) {
            if (r.kind().equals("p")) {
                ScalingProcess.of(r.name()).ifPresent(x -> processes.computeIfAbsent(r.groupId(), k -> new ArrayList<>())
                        .add(new SuspendedProcess(x, r.detail())));
            } else {
                GroupMetric.of(r.name()).ifPresent(x -> metrics.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(x));
            }
        }
        if (processes.isEmpty() && metrics.isEmpty()) return groups;
        List<Group> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            List<SuspendedProcess> p = processes.getOrDefault(g.id(), List.of());
            List<GroupMetric> m = metrics.getOrDefault(g.id(), List.of());
            if (p.isEmpty() && m.isEmpty()) {
                out.add(g);
                continue;
            }
            out.add(g.toBuilder()
                    .suspendedProcesses(p.stream().sorted(Comparator.comparing(SuspendedProcess::process)).toList())
                    .enabledMetrics(m.stream().sorted().toList())
                    .build());
        }
        return out;
    }
}
