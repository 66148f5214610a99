package phantom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import phantom.core.model.Group;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.Tag;

/**
 * Auto scaling groups with their ordered tags ({@link GroupRow} maps a group to its rows). Updates
 * are optimistic: each carries the version it was read at, and loses with {@link ConcurrentUpdate}
 * if the row moved on.
 */
public final class Groups {
    private static final String SELECT = "SELECT " + GroupRow.select("") + " FROM scaling_groups";
    private static final String TAG_COLUMNS = "t.group_id, t.ordinal, t.tag_key, t.tag_value, t.propagate_at_launch";
    private static final Comparator<Group> BY_NAME = Comparator.comparing(Group::name);

    private final Sql sql;
    private final GroupProcessRows processes;

    Groups(Sql sql) {
        this.sql = sql;
        this.processes = new GroupProcessRows(sql);
    }

    /**
     * Stores a new group; its {@code id} and {@code version} are ignored.
     *
     * @return the group as stored: a fresh id, version 1
     * @throws AlreadyExists when the owner has a group of that name
     */
    public Group insert(Group g) {
        Object[] values = GroupRow.values(g, 1L);
        long id = sql.insertReturningKey("INSERT INTO scaling_groups (" + String.join(", ", GroupRow.NAMES) + ") VALUES ("
                        + Sql.marks(values.length) + ") ON CONFLICT DO NOTHING", "id", values)
                .orElseThrow(() -> new AlreadyExists("auto scaling group '" + g.name() + "' of " + g.owner() + " already exists"));
        insertTags(id, g.tags());
        insertProcessesAndMetrics(id, g);
        return g.toBuilder().id(id).version(1L).createdTime(Sql.stored(g.createdTime())).build();
    }

    public Optional<Group> get(String owner, String name) {
        return one(sql.first(SELECT + " WHERE owner = ? AND name = ?", GroupRow::read, owner, name));
    }

    public Optional<Group> byId(long id) {
        return one(sql.first(SELECT + " WHERE id = ?", GroupRow::read, id));
    }

    /** The owner's groups with their tags, sorted by name. */
    public List<Group> list(String owner) {
        return processes.complete(withTags(sql.list(SELECT + " WHERE owner = ?", GroupRow::read, owner),
                sql.list("SELECT " + TAG_COLUMNS + " FROM group_tags t JOIN scaling_groups g ON g.id = t.group_id WHERE g.owner = ?",
                        Groups::tagRow, owner)));
    }

    /** Every group of every owner, sorted by owner then name. */
    public List<Group> all() {
        List<Group> all = withTags(sql.list(SELECT, GroupRow::read),
                sql.list("SELECT " + TAG_COLUMNS + " FROM group_tags t", Groups::tagRow));
        all.sort(Comparator.comparing(Group::owner).thenComparing(BY_NAME));
        return processes.complete(all);
    }

    /**
     * Replaces the whole stored group (tags included) if it is still at {@code g.version()}, and
     * moves it to the next version.
     *
     * @throws ConcurrentUpdate when the group changed or was deleted since {@code g} was read
     */
    public void update(Group g) {
        Object[] values = GroupRow.values(g, g.version() + 1);
        Object[] params = new Object[values.length + 2];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = g.id();
        params[values.length + 1] = g.version();
        String assignments = String.join(" = ?, ", GroupRow.NAMES) + " = ?";
        int rows = sql.update("UPDATE scaling_groups SET " + assignments + " WHERE id = ? AND version = ?", params);
        if (rows == 0) {
            throw new ConcurrentUpdate("auto scaling group '" + g.name() + "' (id " + g.id() + ") was changed or deleted since version "
                    + g.version() + " was read; read it again");
        }
        sql.update("DELETE FROM group_tags WHERE group_id = ?", g.id());
        insertTags(g.id(), g.tags());
        processes.delete(g.id());
        insertProcessesAndMetrics(g.id(), g);
    }

    /**
     * Deletes the group with its tags, suspended processes, enabled metrics, site health, scaling
     * policies and scheduled actions (those by their foreign key's ON DELETE CASCADE); its scaling
     * activities and instance rows stay.
     */
    public boolean delete(long id) {
        new ScalingPolicies(sql).deleteOfGroup(id);
        sql.update("DELETE FROM site_health WHERE group_id = ?", id);
        processes.delete(id);
        sql.update("DELETE FROM group_tags WHERE group_id = ?", id);
        return sql.update("DELETE FROM scaling_groups WHERE id = ?", id) > 0;
    }

    /** The uuid of every group, those being deleted included (one narrow query: the orphan sweep's). */
    public java.util.Set<String> uuids() {
        return new java.util.HashSet<>(sql.list("SELECT uuid FROM scaling_groups", rs -> rs.getString(1)));
    }

    public int count(String owner) {
        return sql.count("SELECT COUNT(*) FROM scaling_groups WHERE owner = ?", owner);
    }

    /**
     * The owner's groups that would launch with launch configuration {@code lcName}: those of its
     * family and, when the name is {@code family@site}, whose clouds include that site. A plain
     * name (no {@code @}) is used by every group of its family.
     */
    public List<Group> usingLaunchConfiguration(String owner, String lcName) {
        String family = LaunchConfiguration.familyOf(lcName);
        String site = LaunchConfiguration.siteOf(lcName);
        List<Group> groups = withTags(sql.list(SELECT + " WHERE owner = ? AND family = ?", GroupRow::read, owner, family),
                sql.list("SELECT " + TAG_COLUMNS + " FROM group_tags t JOIN scaling_groups g ON g.id = t.group_id"
                        + " WHERE g.owner = ? AND g.family = ?", Groups::tagRow, owner, family));
        if (site != null) groups.removeIf(g -> g.clouds().stream().noneMatch(p -> p.site().equals(site)));
        return processes.complete(groups);
    }

    private Optional<Group> one(Optional<Group> row) {
        return row.map(g -> processes.complete(GroupRow.withTags(g,
                sql.list("SELECT " + TAG_COLUMNS + " FROM group_tags t WHERE t.group_id = ?"
                + " ORDER BY t.ordinal", Groups::tagRow, g.id()).stream().map(TagRow::tag).toList())));
    }

    private static List<Group> withTags(List<Group> groups, List<TagRow> tags) {
        Map<Long, List<TagRow>> byGroup = new HashMap<>();
        for (TagRow t : tags) byGroup.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t);
        List<Group> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            List<Tag> own = byGroup.getOrDefault(g.id(), List.of()).stream()
                    .sorted(Comparator.comparingInt(TagRow::ordinal)).map(TagRow::tag).toList();
            out.add(GroupRow.withTags(g, own));
        }
        out.sort(BY_NAME);
        return out;
    }

    private void insertTags(long groupId, List<Tag> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) rows.add(GroupRow.tagRow(groupId, i, tags.get(i)));
        sql.batch("INSERT INTO group_tags (group_id, ordinal, tag_key, tag_value, propagate_at_launch) VALUES (?, ?, ?, ?, ?)", rows);
    }

    private record TagRow(long groupId, int ordinal, Tag tag) {}

    private static TagRow tagRow(ResultSet rs) throws SQLException {
        return new TagRow(rs.getLong("group_id"), rs.getInt("ordinal"),
                new Tag(rs.getString("tag_key"), rs.getString("tag_value"), rs.getBoolean("propagate_at_launch")));
    }

    /**
     * One page of the owner's groups for DescribeAutoScalingGroups, with their tags, in name order
     * (code point order on both databases), in two statements however long the page.
     *
     * @param names only these names, or every name when null
     * @param filters each filter holds when some tag of the group meets all its conditions
     * @param after only names after this one (the last of the previous page), or from the first when null
     * @param limit at most this many groups
     */
    public List<Group> page(String owner, Collection<String> names, List<List<TagCondition>> filters, String after, int limit) {
        StringBuilder where = new StringBuilder(" WHERE g.owner = ?");
        List<Object> params = new ArrayList<>(List.of(owner));
        if (names != null) {
            if (names.isEmpty()) return List.of();
            where.append(" AND g.name IN (").append(Sql.marks(names.size())).append(")");
            params.addAll(names);
        }
        for (List<TagCondition> filter : filters) {
            where.append(" AND EXISTS (SELECT 1 FROM group_tags t WHERE t.group_id = g.id");
            for (TagCondition c : filter) where.append(c.sql(params));
            where.append(")");
        }
        if (after != null) {
            where.append(" AND ").append(sql.codePointOrder("g.name")).append(" > ?");
            params.add(after);
        }
        params.add(limit);
        String select = "SELECT " + GroupRow.select("g") + " FROM scaling_groups g";
        List<Group> groups = sql.list(select + where + " ORDER BY " + sql.codePointOrder("g.name") + " LIMIT ?",
                GroupRow::read, params.toArray());
        return withTagsInOrder(groups);
    }

    /** A tag of a group, for DescribeTags. */
    public record GroupTag(String group, Tag tag) {}

    /**
     * One page of the tags of the owner's groups for DescribeTags, by group name then key (code point
     * order), in one statement.
     *
     * @param conditions what each tag must meet, all of them
     * @param afterGroup with {@code afterKey}, the last tag of the previous page (null: from the first);
     *     a null {@code afterKey} starts at the group's first tag
     */
    public List<GroupTag> tagPage(String owner, List<TagCondition> conditions, String afterGroup, String afterKey, int limit) {
        StringBuilder where = new StringBuilder(" WHERE g.owner = ?");
        List<Object> params = new ArrayList<>(List.of(owner));
        for (TagCondition c : conditions) where.append(c.sql(params));
        String name = sql.codePointOrder("g.name");
        String key = sql.codePointOrder("t.tag_key");
        if (afterGroup != null && afterKey == null) {
            where.append(" AND ").append(name).append(" >= ?");
            params.add(afterGroup);
        } else if (afterGroup != null) {
            where.append(" AND (").append(name).append(" > ? OR (g.name = ? AND ").append(key).append(" > ?))");
            params.addAll(List.of(afterGroup, afterGroup, afterKey));
        }
        params.add(limit);
        return sql.list("SELECT g.name AS group_name, t.tag_key, " + GroupRow.SHOWN_TAG_VALUE + " AS tag_value, t.propagate_at_launch"
                        + " FROM group_tags t JOIN scaling_groups g ON g.id = t.group_id" + where
                        + " ORDER BY " + name + ", " + key + ", t.ordinal LIMIT ?",
                rs -> new GroupTag(rs.getString("group_name"),
                        new Tag(rs.getString("tag_key"), rs.getString("tag_value"), rs.getBoolean("propagate_at_launch"))),
                params.toArray());
    }

    /** {@code groups} in their order, each with its tags, read in one statement. */
    private List<Group> withTagsInOrder(List<Group> groups) {
        if (groups.isEmpty()) return groups;
        Object[] ids = groups.stream().map(Group::id).toArray();
        Map<Long, List<Tag>> byGroup = new HashMap<>();
        for (TagRow t : sql.list("SELECT " + TAG_COLUMNS + " FROM group_tags t WHERE t.group_id IN (" + Sql.marks(ids.length)
                + ") ORDER BY t.group_id, t.ordinal", Groups::tagRow, ids)) {
            byGroup.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t.tag());
        }
        List<Group> out = new ArrayList<>(groups.size());
        for (Group g : groups) out.add(GroupRow.withTags(g, byGroup.getOrDefault(g.id(), List.of())));
        return processes.complete(out);
    }

    private void insertProcessesAndMetrics(long groupId, Group g) {
        processes.insert(groupId, g.suspendedProcesses(), g.enabledMetrics());
    }
}
