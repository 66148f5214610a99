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
 * and read with it, in one statement per table however many groups are read.
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
        record P(long groupId, SuspendedProcess process) {
        }
        record M(long groupId, GroupMetric metric) {
        }
        Map<Long, List<SuspendedProcess>> processes = new HashMap<>();
        for (P p : sql.list("SELECT group_id, process_name, suspension_reason FROM suspended_processes" + where, rs -> {
            long id = rs.getLong(1);
            String reason = rs.getString(3);
            return ScalingProcess.of(rs.getString(2)).map(x -> new P(id, new SuspendedProcess(x, reason))).orElse(null);
        }, ids)) {
            if (p != null) processes.computeIfAbsent(p.groupId(), k -> new ArrayList<>()).add(p.process());
        }
        Map<Long, List<GroupMetric>> metrics = new HashMap<>();
        for (M m : sql.list("SELECT group_id, metric FROM enabled_metrics" + where, rs -> {
            long id = rs.getLong(1);
            return GroupMetric.of(rs.getString(2)).map(x -> new M(id, x)).orElse(null);
        }, ids)) {
            if (m != null) metrics.computeIfAbsent(m.groupId(), k -> new ArrayList<>()).add(m.metric());
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
