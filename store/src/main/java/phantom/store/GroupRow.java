package phantom.store;

import static phantom.core.model.Group.CLOUDS_TAG;
import static phantom.core.model.Group.MINIMUM_VMS_TAG;
import static phantom.core.model.Group.N_PRESERVE_TAG;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import phantom.core.model.Group;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;

/**
 * A {@link Group} as rows: its {@code scaling_groups} row and its {@code group_tags} rows. The one
 * place the store maps a group, both ways: a new field of the group is one line of {@link #COLUMNS}
 * (and its migration). What a group derives is not stored: its AvailabilityZones (the sites of its
 * cloud list) and the values of the tags that show a field ({@link Group#derivesValueOf}), whose
 * rows keep the key, order and PropagateAtLaunch with an empty value. The SQL that filters on tag
 * values derives them the same way ({@link #SHOWN_TAG_VALUE}).
 */
final class GroupRow {
    /** Reads one column of a row into the builder. */
    @FunctionalInterface
    private interface Read {
        void into(Group.Builder b, ResultSet rs, String column) throws SQLException;
    }

    /** A column of {@code scaling_groups}: its name, its value for a group, how it is read back. */
    private record Column(String name, Function<Group, Object> value, Read read) {
    }

    /** What {@code family} holds is derived from the launch configuration name, and stored for its index. */
    private static final Read DERIVED = (b, rs, column) -> {
    };

    private static final List<Column> COLUMNS = List.of(
            new Column("owner", Group::owner, (b, rs, c) -> b.owner(rs.getString(c))),
            new Column("name", Group::name, (b, rs, c) -> b.name(rs.getString(c))),
            new Column("uuid", Group::uuid, (b, rs, c) -> b.uuid(rs.getString(c))),
            new Column("launch_configuration_name", Group::launchConfigurationName,
                    (b, rs, c) -> b.launchConfigurationName(rs.getString(c))),
            new Column("family", Group::family, DERIVED),
            new Column("min_size", Group::minSize, (b, rs, c) -> b.minSize(rs.getInt(c))),
            new Column("max_size", Group::maxSize, (b, rs, c) -> b.maxSize(rs.getInt(c))),
            new Column("desired_capacity", Group::desiredCapacity, (b, rs, c) -> b.desiredCapacity(rs.getInt(c))),
            new Column("default_cooldown", Group::defaultCooldown, (b, rs, c) -> b.defaultCooldown(rs.getInt(c))),
            new Column("health_check_type", Group::healthCheckType, (b, rs, c) -> b.healthCheckType(rs.getString(c))),
            new Column("health_check_grace_period", Group::healthCheckGracePeriod,
                    (b, rs, c) -> b.healthCheckGracePeriod(rs.getInt(c))),
            new Column("clouds", g -> encodeClouds(g.clouds()), (b, rs, c) -> b.clouds(decodeClouds(rs.getString(c)))),
            new Column("phantom", Group::phantom, (b, rs, c) -> b.phantom(rs.getBoolean(c))),
            new Column("termination_policies", g -> TextList.encode(g.terminationPolicies()),
                    (b, rs, c) -> b.terminationPolicies(TextList.decode(rs.getString(c)))),
            new Column("load_balancer_names", g -> TextList.encode(g.loadBalancerNames()),
                    (b, rs, c) -> b.loadBalancerNames(TextList.decode(rs.getString(c)))),
            new Column("target_group_arns", g -> TextList.encode(g.targetGroupArns()),
                    (b, rs, c) -> b.targetGroupArns(TextList.decode(rs.getString(c)))),
            new Column("vpc_zone_identifier", Group::vpcZoneIdentifier, (b, rs, c) -> b.vpcZoneIdentifier(rs.getString(c))),
            new Column("placement_group", Group::placementGroup, (b, rs, c) -> b.placementGroup(rs.getString(c))),
            new Column("new_instances_protected_from_scale_in", Group::newInstancesProtectedFromScaleIn,
                    (b, rs, c) -> b.newInstancesProtectedFromScaleIn(rs.getBoolean(c))),
            new Column("capacity_rebalance", Group::capacityRebalance, (b, rs, c) -> b.capacityRebalance(rs.getBoolean(c))),
            new Column("max_instance_lifetime", Group::maxInstanceLifetime,
                    (b, rs, c) -> b.maxInstanceLifetime(Sql.nullableInt(rs, c))),
            new Column("deleting", Group::deleting, (b, rs, c) -> b.deleting(rs.getBoolean(c))),
            new Column("created_time", Group::createdTime, (b, rs, c) -> b.createdTime(Sql.instant(rs, c))),
            new Column("version", Group::version, (b, rs, c) -> b.version(rs.getLong(c))));

    /** The columns a write sets, in {@link #values} order. */
    static final List<String> NAMES = COLUMNS.stream().map(Column::name).toList();
    private static final int VERSION = NAMES.indexOf("version");

    /**
     * The value a tag row shows in SQL, for conditions on tag values: the desired count for
     * {@code n_preserve} and {@code minimum_vms}, the cloud list for {@code clouds} (stored as that
     * tag writes it), else the row's own value. Needs the tag row as {@code t} and its group as {@code g}.
     */
    static final String SHOWN_TAG_VALUE = "CASE t.tag_key WHEN '" + N_PRESERVE_TAG + "' THEN CAST(g.desired_capacity AS TEXT)"
            + " WHEN '" + MINIMUM_VMS_TAG + "' THEN CAST(g.desired_capacity AS TEXT) WHEN '" + CLOUDS_TAG + "' THEN g.clouds"
            + " ELSE t.tag_value END";

    private GroupRow() {
    }

    /** {@code id} and every column, each prefixed with {@code alias.} unless the alias is empty. */
    static String select(String alias) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return prefix + "id, " + NAMES.stream().map(n -> prefix + n).collect(Collectors.joining(", "));
    }

    /** The values of {@link #NAMES} for {@code g}, at {@code version} (its own is ignored). */
    static Object[] values(Group g, long version) {
        Object[] out = new Object[COLUMNS.size()];
        for (int i = 0; i < out.length; i++) out[i] = COLUMNS.get(i).value().apply(g);
        out[VERSION] = version;
        return out;
    }

    /** The group of the current row, without its tags (they are read separately). */
    static Group read(ResultSet rs) throws SQLException {
        Group.Builder b = Group.builder().id(rs.getLong("id"));
        for (Column c : COLUMNS) c.read().into(b, rs, c.name());
        return b.build();
    }

    /** {@code g} with its tags as read (the derived values are filled in by the group). */
    static Group withTags(Group g, List<Tag> tags) {
        return g.toBuilder().tags(tags).build();
    }

    /** The parameters of the {@code group_tags} row of {@code t}, the {@code ordinal}-th tag of group {@code groupId}. */
    static Object[] tagRow(long groupId, int ordinal, Tag t) {
        return new Object[] {groupId, ordinal, t.key(), Group.derivesValueOf(t.key()) ? "" : t.value(), t.propagateAtLaunch()};
    }

    /**
     * The cloud list as the {@code clouds} tag writes it ({@code site:max,...}). A list that would not
     * read back the same (a site name with a comma, which no configured site has) is refused.
     */
    static String encodeClouds(List<SitePreference> clouds) {
        String text = SitePreference.format(clouds);
        List<SitePreference> back;
        try {
            back = decodeClouds(text);
        } catch (StoreException e) {
            back = null;
        }
        if (!clouds.equals(back)) {
            throw new StoreException("the cloud list " + clouds + " cannot be stored: a site name of a cloud list has"
                    + " no ',' and no leading or trailing space");
        }
        return text;
    }

    static List<SitePreference> decodeClouds(String text) {
        if (text.isEmpty()) return List.of();
        try {
            return SitePreference.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new StoreException("stored cloud list '" + text + "' is not site:max,...: " + e.getMessage(), e);
        }
    }
}
