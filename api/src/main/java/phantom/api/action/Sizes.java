package phantom.api.action;

import phantom.api.ApiError;

/** The AWS rules for MinSize, MaxSize and DesiredCapacity, with AWS's messages. */
final class Sizes {
    private Sizes() {
    }

    static void check(int min, int max, int desired, int limit) {
        if (min < 0) throw ApiError.constraint(String.valueOf(min), "MinSize", "Member must be >= 0");
        if (max < 0) throw ApiError.constraint(String.valueOf(max), "MaxSize", "Member must be >= 0");
        if (min > max) {
            throw ApiError.validation("Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        }
        if (desired < min || desired > max) {
            throw ApiError.validation("Desired capacity:" + desired + " must be between the specified min size:" + min
                    + " and max size:" + max);
        }
        if (max > limit) {
            throw ApiError.validation("MaxSize " + max + " is above this service's limit of " + limit + " VMs per group.");
        }
    }
}
