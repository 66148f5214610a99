package phantom.core.model;

/** How a scaling policy's adjustment is read, as AWS names the three kinds. */
public enum AdjustmentType {
    /** Add the adjustment to the desired capacity (negative removes). */
    ChangeInCapacity,
    /** Set the desired capacity to the adjustment. */
    ExactCapacity,
    /** Add that percentage of the desired capacity, rounded as AWS rounds. */
    PercentChangeInCapacity
}
