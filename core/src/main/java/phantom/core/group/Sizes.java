package phantom.core.group;

import phantom.core.model.Group;

/** The AWS rules for MinSize, MaxSize and DesiredCapacity, with AWS's messages, and Phantom's resize rule. */
final class Sizes {
    private Sizes() {
    }

    static void check(int min, int max, int desired, int limit) {
        if (min < 0) throw Refusal.constraint(String.valueOf(min), "MinSize", "Member must be >= 0");
        if (max < 0) throw Refusal.constraint(String.valueOf(max), "MaxSize", "Member must be >= 0");
        checkBounds(min, max);
        if (desired < min || desired > max) {
            throw Refusal.validation("Desired capacity:" + desired + " must be between the specified min size:" + min
                    + " and max size:" + max);
        }
        if (max > limit) {
            throw Refusal.validation("MaxSize " + max + " is above this service's limit of " + limit + " VMs per group.");
        }
    }

    static void checkBounds(int min, int max) {
        if (min > max) {
            throw Refusal.validation("Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        }
    }

    /**
     * The group with desired count n. On a Phantom group any 0 <= n <= the service limit is taken and
     * the bound it crosses moves to n (scripts of the original set min = max = N); on a plain group
     * AWS's bounds rule applies.
     */
    static Group resized(Group g, int n, int limit) {
        int min = g.minSize();
        int max = g.maxSize();
        if (g.phantom()) {
            if (n < 0 || n > limit) {
                throw Refusal.validation("New SetDesiredCapacity value " + n + " is outside 0.." + limit
                        + ", this service's limit for one group.");
            }
            min = Math.min(min, n);
            max = Math.max(max, n);
        } else if (n > max) {
            throw Refusal.validation("New SetDesiredCapacity value " + n + " is above max value " + max
                    + " for the AutoScalingGroup.");
        } else if (n < min) {
            throw Refusal.validation("New SetDesiredCapacity value " + n + " is below min value " + min
                    + " for the AutoScalingGroup.");
        }
        return g.toBuilder().sizes(min, max, n).build();
    }

    /** The group with one VM fewer wanted; a plain group not below its MinSize (AWS's message). */
    static Group decremented(Group g, int limit) {
        int before = g.desiredCapacity();
        if (!g.phantom() && before - 1 < g.minSize()) {
            throw Refusal.validation("Currently, desiredSize equals minSize (" + g.minSize() + "). Terminating "
                    + "instance without replacement will violate group's min size constraint. Either set "
                    + "shouldDecrementDesiredCapacity flag to false or lower group's min size.");
        }
        return resized(g, Math.max(0, before - 1), limit);
    }
}
