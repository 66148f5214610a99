package phantom.core.model;

/**
 * The scaling policy types Phantom runs. AWS's other two, TargetTrackingScaling and
 * PredictiveScaling, need CloudWatch metrics Phantom does not have, and are refused
 * ({@link phantom.core.group.PolicyRules}).
 */
public enum PolicyType {
    SimpleScaling,
    StepScaling
}
