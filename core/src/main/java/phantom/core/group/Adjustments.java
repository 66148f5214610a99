package phantom.core.group;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import phantom.core.model.AdjustmentType;
import phantom.core.model.StepAdjustment;

/**
 * The new desired capacity a scaling policy asks for, computed as AWS documents it ("Scaling
 * adjustment types", "Step adjustments" in the EC2 Auto Scaling User Guide). Pure arithmetic.
 */
public final class Adjustments {
    private Adjustments() {
    }

    /**
     * The desired capacity after an adjustment of {@code adjustment} of kind {@code type} to a
     * group at {@code current}, clamped to {@code min..max} as AWS clamps it.
     *
     * @param minMagnitude PercentChangeInCapacity only: the least number of VMs a non-zero change moves (or null)
     */
    public static int desired(AdjustmentType type, int adjustment, Integer minMagnitude, int current, int min, int max) {
        long target = switch (type) {
            case ExactCapacity -> adjustment;
            case ChangeInCapacity -> (long) current + adjustment;
            case PercentChangeInCapacity -> (long) current + percentChange(current, adjustment, minMagnitude);
        };
        return (int) Math.max(min, Math.min(max, target));
    }

    /**
     * {@code percent}% of {@code current} in whole VMs, rounded as AWS rounds: a change above 1
     * is rounded down (12.7 to 12), one between 0 and 1 is 1, one between 0 and -1 is -1, one
     * below -1 is rounded up (-6.67 to -6); then a change smaller than {@code minMagnitude} VMs
     * becomes {@code minMagnitude} in the same direction.
     */
    static long percentChange(int current, int percent, Integer minMagnitude) {
        long hundredths = (long) current * percent;
        long change;
        if (hundredths == 0) change = 0;
        else if (Math.abs(hundredths) < 100) change = Long.signum(hundredths);
        else change = hundredths / 100; // Java's division truncates toward zero
        if (minMagnitude != null && percent != 0 && Math.abs(change) < minMagnitude) {
            change = (long) Integer.signum(percent) * minMagnitude;
        }
        return change;
    }

    /**
     * The step whose interval holds {@code difference}, the metric value minus the breach
     * threshold: a step above the threshold includes its lower bound ([0, 10) for 50..60 at a
     * threshold of 50), one at or below it includes its upper bound ((-10, 0] for 40..50).
     */
    public static Optional<StepAdjustment> step(List<StepAdjustment> steps, double difference) {
        return steps.stream().sorted(BY_LOWER_BOUND).filter(s -> holds(s, difference)).findFirst();
    }

    /** Steps by their lower bound, the unbounded one first. */
    static final Comparator<StepAdjustment> BY_LOWER_BOUND =
            Comparator.comparing(StepAdjustment::lowerBound, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static boolean holds(StepAdjustment s, double d) {
        double lo = s.lowerBound() == null ? Double.NEGATIVE_INFINITY : s.lowerBound();
        double hi = s.upperBound() == null ? Double.POSITIVE_INFINITY : s.upperBound();
        return hi <= 0 ? lo < d && d <= hi : lo <= d && d < hi;
    }
}
