package phantom.store;

import java.util.ArrayList;
import java.util.Collection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import phantom.core.model.ActivityStatus;
import phantom.core.model.ScalingActivity;

/** Scaling activities; they stay after their group is deleted, until {@link #deleteOlderThan}. */
public final class Activities {
    private static final String COLUMNS = "id, group_id, owner, group_name, description, cause, start_time, end_time, status,"
            + " status_message, progress, details";
    private static final Comparator<ScalingActivity> NEWEST_FIRST =
            Comparator.comparing(ScalingActivity::startTime).reversed().thenComparing(ScalingActivity::id);

    private final Sql sql;

    Activities(Sql sql) {
        this.sql = sql;
    }

    /** @throws AlreadyExists when an activity with that id exists */
    public void insert(ScalingActivity a) {
        int rows = sql.update("INSERT INTO scaling_activities (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                a.id(), a.groupId(), a.owner(), a.groupName(), a.description(), a.cause(), a.startTime(), a.endTime(),
                a.status(), a.statusMessage(), a.progress(), a.details());
        if (rows == 0) throw new AlreadyExists("scaling activity '" + a.id() + "' already exists");
    }

    /**
     * Overwrites every field of the activity with id {@code a.id()}.
     *
     * @throws StoreException when there is no such activity
     */
    public void update(ScalingActivity a) {
        int rows = sql.update("UPDATE scaling_activities SET group_id = ?, owner = ?, group_name = ?, description = ?, cause = ?,"
                        + " start_time = ?, end_time = ?, status = ?, status_message = ?, progress = ?, details = ? WHERE id = ?",
                a.groupId(), a.owner(), a.groupName(), a.description(), a.cause(), a.startTime(), a.endTime(), a.status(),
                a.statusMessage(), a.progress(), a.details(), a.id());
        if (rows == 0) throw new StoreException("cannot update scaling activity '" + a.id() + "': it is not in the store");
    }

    public Optional<ScalingActivity> get(String id) {
        return sql.first("SELECT " + COLUMNS + " FROM scaling_activities WHERE id = ?", Activities::activity, id);
    }

    /**
     * The owner's activities, of one group when {@code groupName} is not null (including those of
     * deleted groups of that name), newest first and then by id.
     */
    public List<ScalingActivity> list(String owner, String groupName) {
        List<ScalingActivity> list = groupName == null
                ? sql.list("SELECT " + COLUMNS + " FROM scaling_activities WHERE owner = ?", Activities::activity, owner)
                : sql.list("SELECT " + COLUMNS + " FROM scaling_activities WHERE owner = ? AND group_name = ?",
                        Activities::activity, owner, groupName);
        list.sort(NEWEST_FIRST);
        return list;
    }

    /** Deletes the activities that started before {@code cutoff}, finished or not; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        return sql.update("DELETE FROM scaling_activities WHERE start_time < ?", cutoff);
    }

    private static ScalingActivity activity(ResultSet rs) throws SQLException {
        return new ScalingActivity(
                rs.getString("id"),
                rs.getLong("group_id"),
                rs.getString("owner"),
                rs.getString("group_name"),
                rs.getString("description"),
                rs.getString("cause"),
                Sql.instant(rs, "start_time"),
                Sql.instant(rs, "end_time"),
                Sql.enumValue(rs, "status", ActivityStatus.class),
                rs.getString("status_message"),
                rs.getInt("progress"),
                rs.getString("details"));
    }

    /** An activity with the uuid and name of its group, both null when the group is deleted. */
    public record Listed(ScalingActivity activity, String groupUuid, String groupName) {}

    /**
     * One page of the owner's activities for DescribeScalingActivities, newest first and then by id
     * (code point order), each with its group if the owner still has it, in one statement.
     *
     * @param groupName only activities of groups of this name (deleted ones too), or all when null
     * @param ids only these activity ids, or all when null
     * @param withDeleted include activities of deleted groups
     * @param afterStart with {@code afterId}, the last activity of the previous page (null: from the newest)
     */
    public List<Listed> page(String owner, String groupName, Collection<String> ids, boolean withDeleted, Instant afterStart,
            String afterId, int limit) {
        StringBuilder where = new StringBuilder(" WHERE a.owner = ?");
        List<Object> params = new ArrayList<>(List.of(owner));
        if (groupName != null) {
            where.append(" AND a.group_name = ?");
            params.add(groupName);
        }
        if (ids != null) {
            if (ids.isEmpty()) return List.of();
            where.append(" AND a.id IN (").append(Sql.marks(ids.size())).append(")");
            params.addAll(ids);
        }
        if (!withDeleted) where.append(" AND g.id IS NOT NULL");
        String id = sql.codePointOrder("a.id");
        if (afterStart != null) {
            where.append(" AND (a.start_time < ? OR (a.start_time = ? AND ").append(id).append(" > ?))");
            params.addAll(List.of(afterStart, afterStart, afterId));
        }
        params.add(limit);
        String columns = java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(c -> "a." + c)
                .collect(java.util.stream.Collectors.joining(", "));
        return sql.list("SELECT " + columns + ", g.uuid AS live_uuid, g.name AS live_name FROM scaling_activities a"
                        + " LEFT JOIN scaling_groups g ON g.id = a.group_id AND g.owner = a.owner" + where
                        + " ORDER BY a.start_time DESC, " + id + " LIMIT ?",
                rs -> new Listed(activity(rs), rs.getString("live_uuid"), rs.getString("live_name")), params.toArray());
    }
}
