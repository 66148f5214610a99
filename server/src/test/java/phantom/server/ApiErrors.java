package phantom.server;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Runs a call that must fail with an AWS error and returns that error. */
final class ApiErrors {
    private ApiErrors() {
    }

    static AwsServiceException error(ThrowingCallable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        if (e == null) throw new AssertionError("expected an AWS error, but the call succeeded");
        return e;
    }
}
