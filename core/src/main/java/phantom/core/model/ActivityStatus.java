package phantom.core.model;

/** The AWS {@code Activity.StatusCode} values Phantom uses. */
public enum ActivityStatus {
    WaitingForInstanceId,
    PreInService,
    InProgress,
    Successful,
    Failed,
    Cancelled;

    public boolean done() {
        return this == Successful || this == Failed || this == Cancelled;
    }
}
