package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.model.AdjustmentType;
import phantom.core.model.StepAdjustment;

/** The new desired capacity of a policy, as AWS documents the adjustment types, rounding and steps. */
class AdjustmentsTest {

    @ParameterizedTest(name = "{0} {1} on {3} in {4}..{5} is {6}")
    @CsvSource(nullValues = "-", value = {
            // type, adjustment, min magnitude, current, min, max, expected
            "ChangeInCapacity, 2, -, 3, 0, 10, 5",
            "ChangeInCapacity, -2, -, 3, 0, 10, 1",
            "ChangeInCapacity, 20, -, 3, 0, 10, 10",      // clamped to MaxSize
            "ChangeInCapacity, -20, -, 3, 1, 10, 1",      // clamped to MinSize
            "ChangeInCapacity, 2147483647, -, 3, 0, 10, 10", // no overflow
            "ChangeInCapacity, -2147483648, -, 3, 0, 10, 0",
            "ExactCapacity, 7, -, 3, 0, 10, 7",
            "ExactCapacity, 0, -, 3, 2, 10, 2",
            "ExactCapacity, 70, -, 3, 0, 10, 10",
            // AWS's rounding: above 1 rounded down, 0..1 to 1, -1..0 to -1, below -1 rounded up
            "PercentChangeInCapacity, 10, -, 127, 0, 1000, 139",  // 12.7 -> 12
            "PercentChangeInCapacity, 67, -, 1, 0, 10, 2",        // 0.67 -> 1
            "PercentChangeInCapacity, -67, -, 1, 0, 10, 0",       // -0.67 -> -1
            "PercentChangeInCapacity, -10, -, 67, 0, 100, 61",    // -6.7 -> -6
            "PercentChangeInCapacity, 100, -, 4, 0, 100, 8",
            "PercentChangeInCapacity, 25, -, 4, 0, 100, 5",        // exactly 1
            "PercentChangeInCapacity, 0, -, 4, 0, 100, 4",
            "PercentChangeInCapacity, 50, -, 0, 0, 100, 0",       // nothing to take a percentage of
            // MinAdjustmentMagnitude: AWS's example, 25% of 4 is 1, at least 2
            "PercentChangeInCapacity, 25, 2, 4, 0, 100, 6",
            "PercentChangeInCapacity, -25, 2, 4, 0, 100, 2",
            "PercentChangeInCapacity, 50, 1, 0, 0, 100, 1",       // from zero, the magnitude moves it
            "PercentChangeInCapacity, 200, 2, 4, 0, 100, 12",     // larger than the magnitude: as computed
            "PercentChangeInCapacity, 200, -, 40, 0, 100, 100",   // clamped
    })
    void desired(AdjustmentType type, int adjustment, Integer magnitude, int current, int min, int max, int expected) {
        assertThat(Adjustments.desired(type, adjustment, magnitude, current, min, max)).isEqualTo(expected);
    }

    /** Steps around a breach threshold: below it, (lower, upper]; above it, [lower, upper). */
    private static final List<StepAdjustment> STEPS = List.of(
            new StepAdjustment(null, -10.0, -3),
            new StepAdjustment(-10.0, 0.0, -1),
            new StepAdjustment(0.0, 10.0, 1),
            new StepAdjustment(10.0, null, 4));

    @ParameterizedTest(name = "a difference of {0} picks {1}")
    @CsvSource({
            "-100, -3",
            "-10.000001, -3",
            "-10, -3",     // (-10, 0] excludes -10: the unbounded step below holds it
            "-9.5, -1",
            "0, -1",       // the step at or below the threshold includes its upper bound
            "0.0001, 1",
            "9.999, 1",
            "10, 4",       // [10, inf) includes its lower bound
            "1e9, 4",
    })
    void step(double difference, int adjustment) {
        assertThat(Adjustments.step(STEPS, difference)).get().extracting(StepAdjustment::scalingAdjustment).isEqualTo(adjustment);
    }

    @ParameterizedTest(name = "a difference of {0} matches no step")
    @CsvSource({"-0.5", "-1e9", "20"})
    void noStep(double difference) {
        List<StepAdjustment> aboveOnly = List.of(new StepAdjustment(0.0, 10.0, 1), new StepAdjustment(10.0, 20.0, 2));
        assertThat(Adjustments.step(aboveOnly, difference)).isEmpty();
    }
}
