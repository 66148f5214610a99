package phantom.store;

import java.util.ArrayList;
import java.util.Collection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import phantom.core.model.LaunchConfiguration;

/** Launch configurations, keyed by (owner, name). */
public final class LaunchConfigurations {
    private static final String COLUMNS = "owner, name, family, uuid, image_id, instance_type, key_name, security_groups,"
            + " user_data, kernel_id, ramdisk_id, instance_id, instance_monitoring, ebs_optimized, spot_price,"
            + " iam_instance_profile, associate_public_ip_address, placement_tenancy, block_device_mappings,"
            + " metadata_options, created_time";
    private static final Comparator<LaunchConfiguration> BY_NAME = Comparator.comparing(LaunchConfiguration::name);

    private final Sql sql;

    LaunchConfigurations(Sql sql) {
        this.sql = sql;
    }

    /** @throws AlreadyExists when the owner has one of that name */
    public void insert(LaunchConfiguration lc) {
        int rows = sql.update("INSERT INTO launch_configurations (" + COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                lc.owner(), lc.name(), lc.family(), lc.uuid(), lc.imageId(), lc.instanceType(), lc.keyName(),
                TextList.encode(lc.securityGroups()), lc.userData(), lc.kernelId(), lc.ramdiskId(), lc.instanceId(),
                lc.instanceMonitoring(), lc.ebsOptimized(), lc.spotPrice(), lc.iamInstanceProfile(),
                lc.associatePublicIpAddress(), lc.placementTenancy(), lc.blockDeviceMappings(), lc.metadataOptions(),
                lc.createdTime());
        if (rows == 0) {
            throw new AlreadyExists("launch configuration '" + lc.name() + "' of " + lc.owner() + " already exists");
        }
    }

    public Optional<LaunchConfiguration> get(String owner, String name) {
        return sql.first("SELECT " + COLUMNS + " FROM launch_configurations WHERE owner = ? AND name = ?",
                LaunchConfigurations::launchConfiguration, owner, name);
    }

    /** The owner's launch configurations, sorted by name. */
    public List<LaunchConfiguration> list(String owner) {
        return sorted(sql.list("SELECT " + COLUMNS + " FROM launch_configurations WHERE owner = ?",
                LaunchConfigurations::launchConfiguration, owner));
    }

    /**
     * The owner's launch configurations of one family, sorted by name: those whose
     * {@link LaunchConfiguration#familyOf(String)} is {@code family} ({@code family} itself and
     * {@code family@site} for any site without a further {@code @}).
     */
    public List<LaunchConfiguration> byFamily(String owner, String family) {
        return sorted(sql.list("SELECT " + COLUMNS + " FROM launch_configurations WHERE owner = ? AND family = ?",
                LaunchConfigurations::launchConfiguration, owner, family));
    }

    /** Every owner's launch configurations, in one query (the engine's resync), sorted by name. */
    public List<LaunchConfiguration> all() {
        return sorted(sql.list("SELECT " + COLUMNS + " FROM launch_configurations", LaunchConfigurations::launchConfiguration));
    }

    public boolean delete(String owner, String name) {
        return sql.update("DELETE FROM launch_configurations WHERE owner = ? AND name = ?", owner, name) > 0;
    }

    public int count(String owner) {
        return sql.count("SELECT COUNT(*) FROM launch_configurations WHERE owner = ?", owner);
    }

    private static List<LaunchConfiguration> sorted(List<LaunchConfiguration> list) {
        list.sort(BY_NAME);
        return list;
    }

    private static LaunchConfiguration launchConfiguration(ResultSet rs) throws SQLException {
        return new LaunchConfiguration(
                rs.getString("owner"),
                rs.getString("name"),
                rs.getString("uuid"),
                rs.getString("image_id"),
                rs.getString("instance_type"),
                rs.getString("key_name"),
                TextList.decode(rs.getString("security_groups")),
                rs.getString("user_data"),
                rs.getString("kernel_id"),
                rs.getString("ramdisk_id"),
                rs.getString("instance_id"),
                rs.getBoolean("instance_monitoring"),
                Sql.nullableBoolean(rs, "ebs_optimized"),
                rs.getString("spot_price"),
                rs.getString("iam_instance_profile"),
                Sql.nullableBoolean(rs, "associate_public_ip_address"),
                rs.getString("placement_tenancy"),
                rs.getString("block_device_mappings"),
                rs.getString("metadata_options"),
                Sql.instant(rs, "created_time"));
    }

    /**
     * One page of the owner's launch configurations for DescribeLaunchConfigurations, in name order
     * (code point order), in one statement.
     *
     * @param names only these names, or all when null
     * @param after only names after this one, or from the first when null
     */
    public List<LaunchConfiguration> page(String owner, Collection<String> names, String after, int limit) {
        StringBuilder where = new StringBuilder(" WHERE owner = ?");
        List<Object> params = new ArrayList<>(List.of(owner));
        if (names != null) {
            if (names.isEmpty()) return List.of();
            where.append(" AND name IN (").append(Sql.marks(names.size())).append(")");
            params.addAll(names);
        }
        String name = sql.codePointOrder("name");
        if (after != null) {
            where.append(" AND ").append(name).append(" > ?");
            params.add(after);
        }
        params.add(limit);
        return sql.list("SELECT " + COLUMNS + " FROM launch_configurations" + where + " ORDER BY " + name + " LIMIT ?",
                LaunchConfigurations::launchConfiguration, params.toArray());
    }
}
