package phantom.store;

import java.util.Map;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/**
 * The VMs Phantom launched or means to launch. A row is written in {@link InstanceState#REQUESTED}
 * before the cloud is called, and outlives its group until {@link #deleteFinishedBefore} removes it.
 */
public final class Instances {
    private static final String COLUMNS = "id, group_id, site, cloud_id, state, healthy, status_reason,"
            + " launch_configuration_name, instance_type, image_id, created_time, updated_time, protected_from_scale_in, standby";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM instances";
    private static final String FINISHED_STATES = Arrays.stream(InstanceState.values())
            .filter(InstanceState::finished).map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    private static final Comparator<Instance> OLDEST_FIRST =
            Comparator.comparing(Instance::createdTime).thenComparing(Instance::id);

    private final Sql sql;

    Instances(Sql sql) {
        this.sql = sql;
    }

    /** @throws AlreadyExists when an instance with that id exists */
    public void insert(Instance i) {
        int rows = sql.update("INSERT INTO instances (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                i.id(), i.groupId(), i.site(), i.cloudId(), i.state(), i.healthy(), i.statusReason(),
                i.launchConfigurationName(), i.instanceType(), i.imageId(), i.createdTime(), i.updatedTime(),
                i.protectedFromScaleIn(), i.standby());
        if (rows == 0) throw new AlreadyExists("instance '" + i.id() + "' already exists");
    }

    /**
     * Overwrites every field of the instance with id {@code i.id()}.
     *
     * @throws StoreException when there is no such instance
     */
    public void update(Instance i) {
        int rows = sql.update("UPDATE instances SET group_id = ?, site = ?, cloud_id = ?, state = ?, healthy = ?, status_reason = ?,"
                        + " launch_configuration_name = ?, instance_type = ?, image_id = ?, created_time = ?, updated_time = ?,"
                        + " protected_from_scale_in = ?, standby = ? WHERE id = ?",
                i.groupId(), i.site(), i.cloudId(), i.state(), i.healthy(), i.statusReason(), i.launchConfigurationName(),
                i.instanceType(), i.imageId(), i.createdTime(), i.updatedTime(), i.protectedFromScaleIn(), i.standby(), i.id());
        if (rows == 0) throw new StoreException("cannot update instance '" + i.id() + "': it is not in the store");
    }

    public Optional<Instance> get(String id) {
        return sql.first(SELECT + " WHERE id = ?", Instances::instance, id);
    }

    /** The group's instances in every state, oldest first (then by id). */
    public List<Instance> forGroup(long groupId) {
        return sorted(sql.list(SELECT + " WHERE group_id = ?", Instances::instance, groupId));
    }

    /** The instances of every group the owner has now, oldest first (then by id). */
    public List<Instance> forOwner(String owner) {
        return sorted(sql.list("SELECT " + qualified() + " FROM instances i JOIN scaling_groups g ON g.id = i.group_id WHERE g.owner = ?",
                Instances::instance, owner));
    }

    /**
     * The owner's instance known to users as {@code id}: the one whose cloud id is {@code id}, else
     * the one whose Phantom id is {@code id}.
     */
    public Optional<Instance> byVisibleId(String owner, String id) {
        return sql.list("SELECT " + qualified() + " FROM instances i JOIN scaling_groups g ON g.id = i.group_id"
                                + " WHERE g.owner = ? AND (i.cloud_id = ? OR i.id = ?)", Instances::instance, owner, id, id)
                .stream()
                .min(Comparator.comparing((Instance i) -> !id.equals(i.cloudId())).thenComparing(OLDEST_FIRST));
    }

    /** Every instance, oldest first (then by id). */
    public List<Instance> all() {
        return sorted(sql.list(SELECT, Instances::instance));
    }

    /**
     * Every instance not yet finished (requested, pending, running, terminating), of every group, in
     * one query: what the engine's resync and the site watchers' accounts need, without the finished
     * rows kept for the API. Oldest first (then by id).
     */
    public List<Instance> unfinished() {
        return sorted(sql.list(SELECT + " WHERE state NOT IN (" + FINISHED_STATES + ")", Instances::instance));
    }

    /** Deletes TERMINATED and FAILED instances last updated before {@code cutoff}; returns how many. */
    public int deleteFinishedBefore(Instant cutoff) {
        return sql.update("DELETE FROM instances WHERE state IN (" + FINISHED_STATES + ") AND updated_time < ?", cutoff);
    }

    private static String qualified() {
        return Arrays.stream(COLUMNS.split(",\\s*")).map(c -> "i." + c).collect(Collectors.joining(", "));
    }

    private static List<Instance> sorted(List<Instance> list) {
        list.sort(OLDEST_FIRST);
        return list;
    }

    private static Instance instance(ResultSet rs) throws SQLException {
        return new Instance(
                rs.getString("id"),
                rs.getLong("group_id"),
                rs.getString("site"),
                rs.getString("cloud_id"),
                Sql.enumValue(rs, "state", InstanceState.class),
                rs.getBoolean("healthy"),
                rs.getString("status_reason"),
                rs.getString("launch_configuration_name"),
                rs.getString("instance_type"),
                rs.getString("image_id"),
                Sql.instant(rs, "created_time"),
                Sql.instant(rs, "updated_time"),
                rs.getBoolean("protected_from_scale_in"),
                rs.getBoolean("standby"));
    }

    /**
     * What the API shows of an instance: not finished, and known to the cloud. A launch Phantom has
     * only recorded as intended has no cloud id yet, and AWS never lists an instance without its id
     * (showing Phantom's launch token instead would give the same VM two ids in a row).
     */
    private static final String SHOWN = "i.cloud_id IS NOT NULL AND i.state NOT IN (" + FINISHED_STATES + ")";

    /** The instances the API shows of each of the groups, oldest first (then by id), in one statement. */
    public Map<Long, List<Instance>> shownOfGroups(Collection<Long> groupIds) {
        if (groupIds.isEmpty()) return Map.of();
        Map<Long, List<Instance>> byGroup = new HashMap<>();
        for (Instance i : sql.list("SELECT " + qualified() + " FROM instances i WHERE i.group_id IN (" + Sql.marks(groupIds.size())
                + ") AND " + SHOWN + " ORDER BY i.created_time, " + sql.codePointOrder("i.id"), Instances::instance, groupIds.toArray())) {
            byGroup.computeIfAbsent(i.groupId(), k -> new ArrayList<>()).add(i);
        }
        return byGroup;
    }

    /** An instance the API shows, with the name of its group. */
    public record Shown(Instance instance, String group) {}

    /**
     * One page of the instances the API shows of the owner's groups, for DescribeAutoScalingInstances:
     * in cloud id order (code point order), in one statement.
     *
     * @param ids only instances whose cloud id or Phantom id is one of these, or all when null
     * @param after only cloud ids after this one (the last of the previous page), or from the first when null
     */
    public List<Shown> shownPage(String owner, Collection<String> ids, String after, int limit) {
        StringBuilder where = new StringBuilder(" WHERE g.owner = ? AND " + SHOWN);
        List<Object> params = new ArrayList<>(List.of(owner));
        if (ids != null) {
            if (ids.isEmpty()) return List.of();
            String marks = Sql.marks(ids.size());
            where.append(" AND (i.cloud_id IN (").append(marks).append(") OR i.id IN (").append(marks).append("))");
            params.addAll(ids);
            params.addAll(ids);
        }
        String cloudId = sql.codePointOrder("i.cloud_id");
        if (after != null) {
            where.append(" AND ").append(cloudId).append(" > ?");
            params.add(after);
        }
        params.add(limit);
        return sql.list("SELECT " + qualified() + ", g.name AS group_name FROM instances i JOIN scaling_groups g ON g.id = i.group_id"
                        + where + " ORDER BY " + cloudId + ", i.created_time, " + sql.codePointOrder("i.id") + " LIMIT ?",
                rs -> new Shown(instance(rs), rs.getString("group_name")), params.toArray());
    }
}
