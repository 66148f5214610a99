package phantom.core.model;

/**
 * One step of a step scaling policy: the adjustment for a metric whose difference from the breach
 * threshold lies between the bounds. A null bound is unbounded (minus or plus infinity).
 */
public record StepAdjustment(Double lowerBound, Double upperBound, int scalingAdjustment) {
}
