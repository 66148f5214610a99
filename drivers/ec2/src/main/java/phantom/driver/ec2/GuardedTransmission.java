package phantom.driver.ec2;

import phantom.core.driver.LaunchGuard;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Asks a request's {@link LaunchGuard} the instant before each attempt goes on the wire, after the
 * SDK has marshalled and signed it: the last moment a Phantom check can come before the cloud may
 * start a VM. Each retry the SDK makes is an attempt of its own and is asked again, so a node paused
 * during an attempt (or while the SDK waits to retry) sends nothing more once its lease has lapsed.
 */
final class GuardedTransmission implements ExecutionInterceptor {

    /** The guard of the request it is put on; requests without one pass unasked. */
    static final ExecutionAttribute<LaunchGuard> GUARD = new ExecutionAttribute<>("phantom.LaunchGuard");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        LaunchGuard guard = attributes.getAttribute(GUARD);
        if (guard != null) {
            guard.check();
        }
    }

    /** The guard's refusal that stopped a call, if that is what the SDK's exception carries. */
    static LaunchGuard.Refused refusal(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LaunchGuard.Refused refused) return refused;
        }
        return null;
    }
}
