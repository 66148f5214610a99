package phantom.driver.openstack;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/**
 * How an OpenStack error answer (status and message) becomes a classified {@link CloudFault}. The
 * first matching rule wins; the messages are those Nova, Keystone, Glance and Neutron really send.
 */
final class FaultTable {

    record Rule(IntPredicate status, Pattern message, FaultClass faultClass, String code) {
        boolean matches(int s, String m) {
            return status.test(s) && (message == null || message.matcher(m).find());
        }
    }

    private static final IntPredicate ANY = s -> true;

    private static Rule rule(IntPredicate status, String regex, FaultClass faultClass, String code) {
        return new Rule(status, regex == null ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE), faultClass, code);
    }

    private static Rule status(int status, FaultClass faultClass, String code) {
        return rule(s -> s == status, null, faultClass, code);
    }

    static final List<Rule> RULES = List.of(
            // No room: the scheduler's "No valid host was found", as a create error or a server fault.
            rule(ANY, "no valid host", FaultClass.CAPACITY, "NoValidHost"),
            rule(ANY, "exceeded maximum number of retries|exhausted all hosts", FaultClass.CAPACITY, "NoValidHost"),
            // Old Nova rate limiting answered 413 too; it is throttling, not quota.
            rule(s -> s == 413 || s == 429, "rate.?limit", FaultClass.TRANSIENT, "RateLimited"),
            // Quota: Nova answers 403 (older releases 413) "Quota exceeded for instances: Requested 1, ...",
            // and "Maximum number of ports exceeded" when Neutron's port quota is used up.
            rule(ANY, "quota exceeded|exceeds? .*quota|over ?quota|maximum number of \\w+ exceeded", FaultClass.QUOTA,
                    "QuotaExceeded"),
            status(413, FaultClass.QUOTA, "QuotaExceeded"),
            status(429, FaultClass.TRANSIENT, "TooManyRequests"),
            status(500, FaultClass.TRANSIENT, "InternalServerError"),
            status(502, FaultClass.TRANSIENT, "BadGateway"),
            status(503, FaultClass.TRANSIENT, "ServiceUnavailable"),
            status(504, FaultClass.TRANSIENT, "GatewayTimeout"),
            rule(s -> s >= 500, null, FaultClass.TRANSIENT, "ServerError"),
            // Bad launch configuration.
            rule(ANY, "can ?not find requested image|image .*(could not be found|not found)|invalid imageRef",
                    FaultClass.CONFIG, "ImageNotFound"),
            rule(ANY, "invalid flavorRef|flavor .*(could not be found|not found)", FaultClass.CONFIG, "FlavorNotFound"),
            rule(ANY, "invalid key_name|key ?pair .*(could not be found|not found)", FaultClass.CONFIG, "KeyPairNotFound"),
            rule(ANY, "security.?group.*(not found|could not be found)|unable to find security.?group",
                    FaultClass.CONFIG, "SecurityGroupNotFound"),
            rule(ANY, "multiple possible networks", FaultClass.CONFIG, "AmbiguousNetwork"),
            rule(ANY, "network .*(could not be found|not found)", FaultClass.CONFIG, "NetworkNotFound"),
            // Credentials and permissions (a 401 reaches here only after a fresh token was refused too).
            status(401, FaultClass.CONFIG, "Unauthorized"),
            status(403, FaultClass.CONFIG, "Forbidden"),
            status(404, FaultClass.CONFIG, "NotFound"),
            status(409, FaultClass.TRANSIENT, "Conflict"),
            rule(s -> s >= 400, null, FaultClass.CONFIG, "BadRequest"));

    private FaultTable() {
    }

    /**
     * @param what the call that failed, e.g. {@code POST /servers}, put in the message
     */
    static CloudFault classify(int status, String message, String what) {
        String text = message == null ? "" : message;
        for (Rule rule : RULES) {
            if (rule.matches(status, text)) {
                return new CloudFault(rule.faultClass(), rule.code(), text + " (" + what + ": HTTP " + status + ")");
            }
        }
        // Statuses below 400 that a caller did not expect (e.g. a redirect to a login page).
        return new CloudFault(FaultClass.CONFIG, "UnexpectedStatus", text + " (" + what + ": HTTP " + status + ")");
    }

    static CloudFault classify(Reply reply, String what) {
        return classify(reply.status(), reply.message(), what);
    }

    /** The fault of a server that went to ERROR while being created ({@code fault.code} is usually 500). */
    static CloudFault serverFault(int code, String message, String serverId) {
        return classify(code == 0 ? 500 : code, message, "server " + serverId + " went to ERROR");
    }
}
