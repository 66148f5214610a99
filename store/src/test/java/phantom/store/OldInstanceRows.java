package phantom.store;

import phantom.core.model.Instance;

/**
 * Writes an instance as Phantom stored it before V8 (no scale-in protection column), for the tests
 * that make an old database. Such an instance reads back unprotected after the upgrade.
 */
final class OldInstanceRows {
    private OldInstanceRows() {
    }

    static void insert(Tx tx, Instance i) {
        if (i.protectedFromScaleIn()) throw new IllegalArgumentException("before V8 no instance was protected: " + i.id());
        tx.sql().update("INSERT INTO instances (id, group_id, site, cloud_id, state, healthy, status_reason,"
                        + " launch_configuration_name, instance_type, image_id, created_time, updated_time)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                i.id(), i.groupId(), i.site(), i.cloudId(), i.state(), i.healthy(), i.statusReason(),
                i.launchConfigurationName(), i.instanceType(), i.imageId(), i.createdTime(), i.updatedTime());
    }
}
