package phantom.store;

import java.util.List;
import phantom.core.model.Group;
import phantom.core.model.Tag;

/**
 * Writes a group as Phantom 0.1 to 0.2 stored it, in schema V1 to V5 (before V6): AvailabilityZones
 * in their own column, the cloud list line-encoded ({@link TextList}, "site:max" entries), and every
 * tag with the value it was given (n_preserve and clouds included). For the upgrade tests.
 */
public final class OldGroupRows {
    /** The last schema that stored groups so. */
    public static final String SCHEMA = "5";

    private OldGroupRows() {
    }

    /** Makes (or opens) the database at {@link #SCHEMA}, as the Phantom before it left it. */
    public static Database openOldSchema(DatabaseConfig config) {
        return Database.openAtVersion(config, SCHEMA);
    }

    /** Deletes the group of id {@code id} as Phantom before V6 did (no suspended processes, enabled metrics, scaling policies or scheduled actions yet). */
    public static void delete(Tx tx, long id) {
        tx.sql().update("DELETE FROM site_health WHERE group_id = ?", id);
        tx.sql().update("DELETE FROM group_tags WHERE group_id = ?", id);
        tx.sql().update("DELETE FROM scaling_groups WHERE id = ?", id);
    }

    /** Inserts {@code g} with {@code storedTags} as its tag rows; returns its id. */
    public static long insert(Tx tx, Group g, List<Tag> storedTags) {
        Object[] values = {g.owner(), g.name(), g.uuid(), g.launchConfigurationName(), g.family(), g.minSize(), g.maxSize(),
            g.desiredCapacity(), g.defaultCooldown(), g.healthCheckType(), g.healthCheckGracePeriod(),
            TextList.encode(g.availabilityZones()),
            TextList.encode(g.clouds().stream().map(p -> p.site() + ":" + p.max()).toList()), g.phantom(),
            TextList.encode(g.terminationPolicies()), TextList.encode(g.loadBalancerNames()), TextList.encode(g.targetGroupArns()),
            g.vpcZoneIdentifier(), g.placementGroup(), g.newInstancesProtectedFromScaleIn(), g.capacityRebalance(),
            g.maxInstanceLifetime(), g.deleting(), g.createdTime(), 1L};
        long id = tx.sql().insertReturningKey("INSERT INTO scaling_groups (owner, name, uuid, launch_configuration_name, family,"
                + " min_size, max_size, desired_capacity, default_cooldown, health_check_type, health_check_grace_period,"
                + " availability_zones, clouds, phantom, termination_policies, load_balancer_names, target_group_arns,"
                + " vpc_zone_identifier, placement_group, new_instances_protected_from_scale_in, capacity_rebalance,"
                + " max_instance_lifetime, deleting, created_time, version) VALUES (" + Sql.marks(values.length) + ")", "id",
                values).orElseThrow();
        for (int i = 0; i < storedTags.size(); i++) {
            Tag t = storedTags.get(i);
            tx.sql().update("INSERT INTO group_tags (group_id, ordinal, tag_key, tag_value, propagate_at_launch) VALUES (?, ?, ?, ?, ?)",
                    id, i, t.key(), t.value(), t.propagateAtLaunch());
        }
        return id;
    }
}
