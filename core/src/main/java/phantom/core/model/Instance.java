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
        Instant updatedTime) {

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
                instanceType, imageId, createdTime, now);
    }

    public Instance withCloudId(String newCloudId, InstanceState newState, Instant now) {
        return new Instance(id, groupId, site, newCloudId, newState, healthy, statusReason, launchConfigurationName,
                instanceType, imageId, createdTime, now);
    }

    public Instance unhealthy(String reason, Instant now) {
        return new Instance(id, groupId, site, cloudId, state, false, reason, launchConfigurationName,
                instanceType, imageId, createdTime, now);
    }
}
