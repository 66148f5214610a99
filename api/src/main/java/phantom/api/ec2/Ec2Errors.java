package phantom.api.ec2;

import phantom.api.ApiError;
import phantom.api.query.QueryDecoder;

/** The EC2 error codes Phantom answers EC2 calls with, with EC2's statuses (its common client errors). */
final class Ec2Errors {
    private Ec2Errors() {
    }

    /** A call Phantom does not answer in EC2's dialect; {@code answered} lists the ones it does. */
    static ApiError unsupported(String action, Iterable<String> answered) {
        return new ApiError("UnsupportedOperation", 400, "Phantom answers only the EC2 calls "
                + String.join(", ", answered) + " on its Auto Scaling endpoint; " + shown(action)
                + " is not one of them.");
    }

    /** A parameter laid out in a way the call does not take (a value where a list goes, a bad index). */
    static ApiError invalidParameter(String message) {
        return new ApiError("InvalidParameter", 400, message);
    }

    /** A parameter whose value is not one the call takes. */
    static ApiError invalidParameterValue(String message) {
        return new ApiError("InvalidParameterValue", 400, message);
    }

    /** EC2's answer to a call with {@code DryRun=true} that would have succeeded. */
    static ApiError dryRun() {
        return new ApiError("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.");
    }

    static ApiError groupNotFound(String group) {
        return new ApiError("InvalidGroup.NotFound", 400, "The security group '" + shown(group) + "' does not exist");
    }

    static ApiError invalidPaginationToken() {
        return new ApiError("InvalidPaginationToken", 400,
                "The pagination token is not valid: Phantom lists these in one page and issues none.");
    }

    /** A request value made safe to echo. */
    static String shown(String value) {
        return QueryDecoder.printable(value);
    }
}
