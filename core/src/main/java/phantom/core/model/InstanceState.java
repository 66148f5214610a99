package phantom.core.model;

/**
 * Where one of a group's VMs is in its life, as Phantom tracks it. The row is written in
 * {@link #REQUESTED} <em>before</em> the cloud is called (crash safety: the launch token is durable
 * before any VM can exist).
 */
public enum InstanceState {
    /** Intent recorded; the cloud has not (yet) confirmed a VM. */
    REQUESTED("Pending"),
    /** The cloud has the VM and it is booting. */
    PENDING("Pending"),
    /** Running. */
    RUNNING("InService"),
    /** Phantom decided to terminate it; the cloud call may still be outstanding. */
    TERMINATING("Terminating"),
    /** Gone from the cloud. Kept for a while for history. */
    TERMINATED("Terminated"),
    /** The launch failed; no VM exists. */
    FAILED("Terminated");

    private final String awsLifecycleState;

    InstanceState(String awsLifecycleState) {
        this.awsLifecycleState = awsLifecycleState;
    }

    /** The AWS {@code LifecycleState} value shown for this state. */
    public String awsLifecycleState() {
        return awsLifecycleState;
    }

    /** Pending or running: counts toward the desired count (unless unhealthy). */
    public boolean live() {
        return this == REQUESTED || this == PENDING || this == RUNNING;
    }

    /** No further change will happen to the VM. */
    public boolean finished() {
        return this == TERMINATED || this == FAILED;
    }
}
