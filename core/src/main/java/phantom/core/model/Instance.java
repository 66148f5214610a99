package phantom.core.model;

import java.time.Instant;

/**
 * One VM Phantom launched (or is launching) for a group on a site.
 *
 * @param id Phantom's id for the VM, which is also the launch token passed to the cloud as an
 *     idempotency key and tagged on the VM
 * @param cloudId the cloud's own instance id; null until the cloud confirmed the launch
 * @param healthy false once a health check or a user marked the VM unhealthy
 * @param statusReason why it is unhealthy, failed or terminating, in the user's terms; may be null
 * @param createdTime when the intent was recorded
 * @param updatedTime last change of state
 * @param protectedFromScaleIn true when the engine may not choose this VM when it scales in
 *     (SetInstanceProtection, or the group's NewInstancesProtectedFromScaleIn at launch); a health
 *     check replacement, a user's termination and the group's deletion still take it
 */
public record Instance(
        String id,
        long groupId,
        String site,
        String cloudId,
        InstanceState state,
        boolean healthy,
        String statusReason,
        String launchConfigurationName,
        String instanceType,
        String imageId,
        Instant createdTime,
        Instant updatedTime,
        boolean protectedFromScaleIn) {

    /** An instance not protected from scale in. */
    public Instance(String id, long groupId, String site, String cloudId, InstanceState state, boolean healthy,
            String statusReason, String launchConfigurationName, String instanceType, String imageId,
            Instant createdTime, Instant updatedTime) {
        this(id, groupId, site, cloudId, state, healthy, statusReason, launchConfigurationName, instanceType, imageId,
                createdTime, updatedTime, false);
    }

    /** Pending or running and not unhealthy: counts toward the desired count. */
    public boolean live() {
        return state.live() && healthy;
    }

    /** The id users see: the cloud's id once known, else Phantom's own. */
    public String visibleId() {
        return cloudId != null ? cloudId : id;
    }

    public Instance with(InstanceState newState, String reason, Instant now) {
        return new Instance(id, groupId, site, cloudId, newState, healthy, reason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn);
    }

    public Instance withCloudId(String newCloudId, InstanceState newState, Instant now) {
        return new Instance(id, groupId, site, newCloudId, newState, healthy, statusReason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn);
    }

    /** The same instance with its scale-in protection set to {@code protect}. */
    public Instance withProtection(boolean protect, Instant now) {
        return new Instance(id, groupId, site, cloudId, state, healthy, statusReason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protect);
    }

    public Instance unhealthy(String reason, Instant now) {
        return new Instance(id, groupId, site, cloudId, state, false, reason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn);
    }
}
