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
 * @param standby true while the user keeps the VM out of service (EnterStandby until ExitStandby):
 *     it runs and stays in the group, but does not count toward the desired count, is not health
 *     checked, not replaced and never chosen by a scale in; the group's deletion still takes it
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
        boolean protectedFromScaleIn,
        boolean standby) {

    /** An instance in service (not in standby), protected from scale in as given. */
    public Instance(String id, long groupId, String site, String cloudId, InstanceState state, boolean healthy,
            String statusReason, String launchConfigurationName, String instanceType, String imageId,
            Instant createdTime, Instant updatedTime, boolean protectedFromScaleIn) {
        this(id, groupId, site, cloudId, state, healthy, statusReason, launchConfigurationName, instanceType, imageId,
                createdTime, updatedTime, protectedFromScaleIn, false);
    }

    /** An instance not protected from scale in. */
    public Instance(String id, long groupId, String site, String cloudId, InstanceState state, boolean healthy,
            String statusReason, String launchConfigurationName, String instanceType, String imageId,
            Instant createdTime, Instant updatedTime) {
        this(id, groupId, site, cloudId, state, healthy, statusReason, launchConfigurationName, instanceType, imageId,
                createdTime, updatedTime, false);
    }

    /** Pending or running, not unhealthy and not in standby: counts toward the desired count. */
    public boolean live() {
        return state.live() && healthy && !standby;
    }

    /** Running, healthy and not in standby: what AWS calls InService, the one state EnterStandby takes. */
    public boolean inService() {
        return live() && state == InstanceState.RUNNING;
    }

    /** The AWS {@code LifecycleState} shown for this VM: {@code Standby} while in standby, else its state's. */
    public String awsLifecycleState() {
        return standby && state.live() ? "Standby" : state.awsLifecycleState();
    }

    /** The id users see: the cloud's id once known, else Phantom's own. */
    public String visibleId() {
        return cloudId != null ? cloudId : id;
    }

    public Instance with(InstanceState newState, String reason, Instant now) {
        return new Instance(id, groupId, site, cloudId, newState, healthy, reason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn, standby);
    }

    public Instance withCloudId(String newCloudId, InstanceState newState, Instant now) {
        return new Instance(id, groupId, site, newCloudId, newState, healthy, statusReason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn, standby);
    }

    /** The same instance with its scale-in protection set to {@code protect}. */
    public Instance withProtection(boolean protect, Instant now) {
        return new Instance(id, groupId, site, cloudId, state, healthy, statusReason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protect, standby);
    }

    /** The same instance in standby ({@code true}) or back in service. */
    public Instance inStandby(boolean inStandby, Instant now) {
        return new Instance(id, groupId, site, cloudId, state, healthy, statusReason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn, inStandby);
    }

    public Instance unhealthy(String reason, Instant now) {
        return new Instance(id, groupId, site, cloudId, state, false, reason, launchConfigurationName,
                instanceType, imageId, createdTime, now, protectedFromScaleIn, standby);
    }
}
