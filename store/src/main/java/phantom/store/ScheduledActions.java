package phantom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import phantom.core.model.ScheduledAction;

/**
 * Scheduled actions, keyed by (group, name); they go with their group (the foreign key's ON DELETE
 * CASCADE). Each read joins the group for its name, so an action is always shown under the name its
 * group has.
 */
public final class ScheduledActions {
    private static final String COLUMNS = "s.group_id, s.owner, g.name AS group_name, s.name, s.uuid, s.start_time,"
            + " s.end_time, s.recurrence, s.time_zone, s.min_size, s.max_size, s.desired_capacity, s.next_run";
    private static final String FROM = " FROM scheduled_actions s JOIN scaling_groups g ON g.id = s.group_id";

    private final Sql sql;

    ScheduledActions(Sql sql) {
        this.sql = sql;
    }

    /** Inserts the action, or replaces the one of its group with its name. */
    public void put(ScheduledAction a) {
        sql.update("DELETE FROM scheduled_actions WHERE group_id = ? AND name = ?", a.groupId(), a.name());
        sql.update("INSERT INTO scheduled_actions (group_id, name, uuid, owner, start_time, end_time, recurrence, time_zone,"
                        + " min_size, max_size, desired_capacity, next_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.groupId(), a.name(), a.uuid(), a.owner(), a.startTime(), a.endTime(), a.recurrence(), a.timeZone(),
                a.minSize(), a.maxSize(), a.desiredCapacity(), a.nextRun());
    }

    public Optional<ScheduledAction> get(long groupId, String name) {
        return sql.first("SELECT " + COLUMNS + FROM + " WHERE s.group_id = ? AND s.name = ?", ScheduledActions::action,
                groupId, name);
    }

    /** Deletes the group's action of that name; false when there is none. */
    public boolean delete(long groupId, String name) {
        return sql.update("DELETE FROM scheduled_actions WHERE group_id = ? AND name = ?", groupId, name) > 0;
    }

    public int count(long groupId) {
        return sql.count("SELECT COUNT(*) FROM scheduled_actions WHERE group_id = ?", groupId);
    }

    /** Every action whose next run is at or before {@code t}, earliest first (then by group and name). */
    public List<ScheduledAction> dueBy(Instant t) {
        return sql.list("SELECT " + COLUMNS + FROM + " WHERE s.next_run IS NOT NULL AND s.next_run <= ?"
                + " ORDER BY s.next_run, s.group_id, s.name", ScheduledActions::action, t);
    }

    /** The uuid of the group with this id, for the scheduler's ownership check; empty when it is gone. */
    public Optional<String> groupUuid(long groupId) {
        return sql.first("SELECT uuid FROM scaling_groups WHERE id = ?", rs -> rs.getString("uuid"), groupId);
    }

    /**
     * One page of the owner's actions for DescribeScheduledActions, by group name then action name
     * (code point order), after ({@code afterGroup}, {@code afterName}) when that is not null.
     *
     * @param groupName only this group's actions, or every group's when null
     * @param names only these names, or all when null
     * @param from only actions whose next run is at or after this, when not null
     * @param to only actions whose next run is at or before this, when not null
     */
    public List<ScheduledAction> page(String owner, String groupName, Collection<String> names, Instant from, Instant to,
            String afterGroup, String afterName, int limit) {
        StringBuilder where = new StringBuilder(" WHERE s.owner = ?");
        List<Object> params = new ArrayList<>(List.of(owner));
        if (groupName != null) {
            where.append(" AND g.name = ?");
            params.add(groupName);
        }
        if (names != null) {
            if (names.isEmpty()) return List.of();
            where.append(" AND s.name IN (").append(Sql.marks(names.size())).append(")");
            params.addAll(names);
        }
        if (from != null) {
            where.append(" AND s.next_run >= ?");
            params.add(from);
        }
        if (to != null) {
            where.append(" AND s.next_run <= ?");
            params.add(to);
        }
        String group = sql.codePointOrder("g.name");
        String name = sql.codePointOrder("s.name");
        if (afterGroup != null) {
            where.append(" AND (").append(group).append(" > ? OR (g.name = ? AND ").append(name).append(" > ?))");
            params.addAll(List.of(afterGroup, afterGroup, afterName));
        }
        params.add(limit);
        return sql.list("SELECT " + COLUMNS + FROM + where + " ORDER BY " + group + ", " + name + " LIMIT ?",
                ScheduledActions::action, params.toArray());
    }

    private static ScheduledAction action(ResultSet rs) throws SQLException {
        return new ScheduledAction(rs.getLong("group_id"), rs.getString("owner"), rs.getString("group_name"),
                rs.getString("name"), rs.getString("uuid"), Sql.instant(rs, "start_time"), Sql.instant(rs, "end_time"),
                rs.getString("recurrence"), rs.getString("time_zone"), Sql.nullableInt(rs, "min_size"),
                Sql.nullableInt(rs, "max_size"), Sql.nullableInt(rs, "desired_capacity"), Sql.instant(rs, "next_run"));
    }
}
