package phantom.driver.ec2;

import static phantom.core.driver.FaultClass.CAPACITY;
import static phantom.core.driver.FaultClass.CONFIG;
import static phantom.core.driver.FaultClass.QUOTA;
import static phantom.core.driver.FaultClass.TRANSIENT;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Set;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns EC2 errors into {@link CloudFault}s. Pure: the decision is {@link #classify(String, int)}, from
 * the error code and HTTP status alone.
 *
 * <p>Order: a known code wins (EC2 sends InsufficientInstanceCapacity with a 5xx status, so codes
 * come before statuses); then code families ({@code InvalidAMIID.*}, {@code Insufficient*},
 * {@code *LimitExceeded}, {@code Invalid*}, {@code *.NotFound}, ...); then the status: 5xx and 429 are
 * TRANSIENT, 401/403 CONFIG. An unknown code with another 4xx status is TRANSIENT: retrying in place
 * with backoff heals by itself if the code was passing, and still overflows after repeated failures,
 * whereas CONFIG would hold the site until someone edits the launch configuration. Errors raised
 * in the client (connection refused, timeouts, unreadable responses) are TRANSIENT.
 */
final class Ec2Faults {

    private static final Map<String, FaultClass> KNOWN = Map.ofEntries(
            Map.entry("InsufficientInstanceCapacity", CAPACITY),
            Map.entry("InsufficientHostCapacity", CAPACITY),
            Map.entry("InsufficientCapacity", CAPACITY),
            Map.entry("InsufficientReservedInstanceCapacity", CAPACITY),
            Map.entry("InstanceLimitExceeded", QUOTA),
            Map.entry("VcpuLimitExceeded", QUOTA),
            Map.entry("MaxSpotInstanceCountExceeded", QUOTA),
            Map.entry("AuthFailure", CONFIG),
            Map.entry("UnauthorizedOperation", CONFIG),
            Map.entry("InvalidClientTokenId", CONFIG),
            Map.entry("SignatureDoesNotMatch", CONFIG),
            Map.entry("IncompleteSignature", CONFIG),
            Map.entry("AccessDenied", CONFIG),
            Map.entry("OptInRequired", CONFIG),
            Map.entry("PendingVerification", CONFIG),
            Map.entry("Blocked", CONFIG),
            Map.entry("Unsupported", CONFIG),
            Map.entry("UnsupportedOperation", CONFIG),
            Map.entry("InvalidParameterValue", CONFIG),
            Map.entry("InvalidParameterCombination", CONFIG),
            Map.entry("IdempotentParameterMismatch", CONFIG),
            Map.entry("MissingParameter", CONFIG),
            Map.entry("MissingCredentials", CONFIG),
            Map.entry("RequestLimitExceeded", TRANSIENT),
            Map.entry("Throttling", TRANSIENT),
            Map.entry("ThrottlingException", TRANSIENT),
            Map.entry("RequestThrottled", TRANSIENT),
            Map.entry("TooManyRequestsException", TRANSIENT),
            Map.entry("InternalError", TRANSIENT),
            Map.entry("InternalFailure", TRANSIENT),
            Map.entry("ServiceUnavailable", TRANSIENT),
            Map.entry("Unavailable", TRANSIENT),
            Map.entry("RequestTimeout", TRANSIENT),
            Map.entry("RequestExpired", TRANSIENT),
            Map.entry("InvalidPaginationToken", TRANSIENT),
            Map.entry("IncorrectState", TRANSIENT),
            Map.entry("IncorrectInstanceState", TRANSIENT),
            Map.entry("ConcurrentTagAccess", TRANSIENT));

    /** Codes TerminateInstances answers for an instance that does not exist (any more). */
    private static final Set<String> GONE = Set.of("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed");

    private Ec2Faults() {
    }

    /**
     * @param code the EC2 error code, or null when the response carried none
     * @param httpStatus the response status
     */
    static FaultClass classify(String code, int httpStatus) {
        if (code != null && !code.isBlank()) {
            FaultClass known = KNOWN.get(code);
            if (known != null) {
                return known;
            }
            FaultClass family = family(code);
            if (family != null) {
                return family;
            }
        }
        if (httpStatus >= 500 || httpStatus == 429) {
            return TRANSIENT;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return CONFIG;
        }
        return TRANSIENT;
    }

    private static FaultClass family(String code) {
        if (code.startsWith("InvalidAMIID.") || code.startsWith("InvalidKeyPair.")) {
            return CONFIG;
        }
        if (code.contains("Throttl")) {
            return TRANSIENT;
        }
        if (code.startsWith("Insufficient")) {
            return CAPACITY;
        }
        if (code.endsWith("LimitExceeded")) {
            return QUOTA;
        }
        if (code.startsWith("Invalid") || code.startsWith("Unauthorized") || code.startsWith("Missing")
                || code.startsWith("Unsupported") || code.endsWith(".NotFound") || code.endsWith(".Malformed")) {
            return CONFIG;
        }
        return null;
    }

    /** Whether a TerminateInstances error means the instance is already gone (or never existed). */
    static boolean isGone(AwsServiceException e) {
        String code = codeOf(e);
        return code != null && GONE.contains(code);
    }

    /** The classified fault for an SDK error; the message names the site and the EC2 action. */
    static CloudFault of(String site, String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = codeOf(service);
            String message = service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
                    ? service.awsErrorDetails().errorMessage()
                    : withoutBody(service.statusCode());
            return new CloudFault(classify(code, service.statusCode()),
                    code != null ? code : "HTTP" + service.statusCode(),
                    "site " + site + ", " + action + ": " + message, e);
        }
        return new CloudFault(TRANSIENT, clientCode(e), "site " + site + ", " + action + ": " + e.getMessage(), e);
    }

    /** A code for a failure on our side of the wire: Timeout, ConnectionRefused, UnknownHost, IOError, or the exception's name. */
    static String clientCode(Throwable e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return "Timeout";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return "Timeout";
            }
            if (t instanceof ConnectException) {
                return "ConnectionRefused";
            }
            if (t instanceof UnknownHostException) {
                return "UnknownHost";
            }
            if (t instanceof IOException) {
                return "IOError";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e.getClass().getSimpleName();
    }

    /**
     * A message for an error response the SDK could not read a code from. The URL-connection HTTP
     * client never sees the body of a 401 (HttpURLConnection drops it for streamed requests), and
     * EC2 answers AuthFailure with 401.
     */
    private static String withoutBody(int status) {
        return switch (status) {
            case 401 -> "HTTP 401: the cloud did not accept the credentials (AuthFailure)";
            case 403 -> "HTTP 403: the credentials may not do this";
            default -> "HTTP " + status + " without an EC2 error code";
        };
    }

    private static String codeOf(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? null : code;
    }
}
