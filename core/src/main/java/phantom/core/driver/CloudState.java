package phantom.core.driver;

/** A VM's state as the cloud reports it, normalised across clouds. */
public enum CloudState {
    PENDING,
    RUNNING,
    /** Stopping or stopped: not usable, counts as unhealthy. */
    STOPPED,
    /** Shutting down or gone. */
    TERMINATED,
    /** The cloud says the VM failed (Nova ERROR). */
    FAILED
}
