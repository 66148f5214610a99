package phantom.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.api.action.Action;
import phantom.api.action.UnsupportedOperations;
import phantom.api.auth.AuthFailure;
import phantom.api.auth.HttpRequestView;
import phantom.api.auth.RequestAuthenticator;
import phantom.api.auth.SecretLookup;
import phantom.api.ec2.Ec2Action;
import phantom.api.ec2.Ec2Calls;
import phantom.api.query.QueryParams;
import phantom.api.query.Shape;
import phantom.api.xml.XmlWriter;
import phantom.core.model.User;

/**
 * The Query API, independent of any HTTP server: decode the parameters once (query string and form
 * body), authenticate the signature over exactly those, dispatch on {@code Action}, and turn every
 * failure into an AWS {@code <ErrorResponse>}. Nothing reaches an action unless its signature
 * verified, and an action sees only parameters the signature covers. A request in EC2's dialect
 * ({@link Dialect}) goes to the few EC2 calls ({@link Ec2Calls}) and is answered, errors included,
 * in EC2's XML.
 */
public final class ApiEndpoint {
    public static final String VERSION = "2011-01-01";
    /** Larger than any valid request (user data is at most 21,847 characters). */
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(ApiEndpoint.class);

    private final Function<String, Optional<User>> users;
    private final Clock clock;
    private final Map<String, Action> actions;
    private final Ec2Calls ec2;
    private final MeterRegistry metrics;

    /** The key under which a request's id is in the log's context (MDC) while it is handled. */
    public static final String REQUEST_ID = "request_id";
    /** Buckets of {@code phantom_api_request_seconds}. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    /** With metrics that go nowhere, and no EC2 calls. */
    public ApiEndpoint(Function<String, Optional<User>> users, Clock clock, List<Action> actions) {
        this(users, clock, actions, List.of(), new CompositeMeterRegistry());
    }

    /** With no EC2 calls. */
    public ApiEndpoint(Function<String, Optional<User>> users, Clock clock, List<Action> actions, MeterRegistry metrics) {
        this(users, clock, actions, List.of(), metrics);
    }

    /**
     * @param users the user an access key belongs to (looked up once per request: the secret for
     *     the signature and the owner for the action come from the same lookup)
     * @param ec2Actions the EC2 calls answered on the same endpoint, in EC2's dialect
     * @param metrics where {@code phantom_api_requests_total{action,code}} and
     *     {@code phantom_api_request_seconds{action}} go; {@code action} is one of the actions (or
     *     EC2 calls), or {@code unknown} for a request that names none of them or was refused before
     *     its action was read (an unsigned request); {@code code} is the HTTP status
     */
    public ApiEndpoint(Function<String, Optional<User>> users, Clock clock, List<Action> actions,
            List<Ec2Action> ec2Actions, MeterRegistry metrics) {
        this.metrics = metrics;
        this.users = users;
        this.clock = clock;
        this.actions = actions.stream().collect(Collectors.toUnmodifiableMap(Action::name, a -> a));
        actions.forEach(Action::input); // every action declares its parameters, or the server does not start
        this.ec2 = new Ec2Calls(ec2Actions);
    }

    public ApiResponse handle(HttpRequestView request) {
        String requestId = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        Seen seen = new Seen();
        ApiResponse r = null;
        MDC.put(REQUEST_ID, requestId); // every line logged while the request is handled carries its id
        try {
            r = handle(request, requestId, seen);
            return r;
        } finally {
            String name = answers(seen) ? seen.action : "unknown";
            logRequest(seen, name, r, System.nanoTime() - t0);
            MDC.remove(REQUEST_ID);
            Counter.builder("phantom.api.requests").description("API requests, by action and HTTP status")
                    .tags("action", name, "code", r == null ? "500" : Integer.toString(r.status()))
                    .register(metrics).increment();
            Timer.builder("phantom.api.request").description("API requests' time in Phantom, by action")
                    .tag("action", name).serviceLevelObjectives(BUCKETS).register(metrics)
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /** Whether the request named an action (or EC2 call) that is answered: the bounded metric label. */
    private boolean answers(Seen seen) {
        if (seen.action == null) return false;
        return seen.dialect == Dialect.EC2 ? ec2.answers(seen.action) : actions.containsKey(seen.action);
    }

    /** What the handling of a request found out, for its log line and metrics. */
    private static final class Seen {
        Dialect dialect = Dialect.AUTO_SCALING;
        String action;
        String owner;
        String error;
    }

    /**
     * One line per request on the logger {@code phantom.api.requests}, with the request's id: INFO
     * for the actions that change something, DEBUG for the Describe* reads and for requests refused
     * before their user was known (so a client polling, or a scan of the port, does not fill the log).
     */
    private static void logRequest(Seen seen, String action, ApiResponse r, long nanos) {
        boolean quiet = seen.owner == null || action.startsWith("Describe");
        if (quiet ? !requests.isDebugEnabled() : !requests.isInfoEnabled()) return;
        String line = (seen.owner == null ? "(unauthenticated)" : seen.owner) + " " + action
                + " -> " + (r == null ? 500 : r.status()) + (seen.error == null ? "" : " " + seen.error) + " in "
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
        if (quiet) requests.debug(line);
        else requests.info(line);
    }

    /** The logger of the one line per request (an audit trail: the log never folds it). */
    public static final String REQUEST_LOG = "phantom.api.requests";
    private static final Logger requests = LoggerFactory.getLogger(REQUEST_LOG);

    private ApiResponse handle(HttpRequestView request, String requestId, Seen seen) {
        String action = null;
        try {
            if (request.body().length > MAX_BODY_BYTES) throw ApiError.tooLarge(MAX_BODY_BYTES);
            KeyHolder holder = new KeyHolder();
            RequestAuthenticator.Verified verified;
            try {
                verified = new RequestAuthenticator(holder, clock).verify(request);
            } catch (AuthFailure e) {
                // refused in the dialect the request claims to speak (its Version), unverified as it is
                seen.dialect = Dialect.of(RequestAuthenticator.claimed(request, "Version").orElse(null), null);
                throw e;
            }
            Dialect dialect = Dialect.of(verified.parameters().get("Version"), verified.scopeService());
            seen.dialect = dialect;
            dialect.checkScope(verified.scopeService());
            String owner = holder.owner(verified.accessKeyId());
            seen.owner = owner;
            QueryParams params = QueryParams.of(verified.parameters());
            action = params.raw("Action");
            seen.action = action;
            if (dialect == Dialect.EC2) {
                return new ApiResponse(200, requestId, ec2.handle(owner, verified.parameters(), requestId));
            }
            Action handler = dispatch(params);
            Shape.check(handler.input(), verified.parameters());
            return new ApiResponse(200, requestId, handler.handle(owner, params, requestId));
        } catch (ApiError e) {
            seen.error = e.code();
            return error(e, requestId, seen.dialect);
        } catch (AuthFailure e) {
            ApiError a = ApiError.of(e);
            seen.error = a.code();
            return error(a, requestId, seen.dialect);
        } catch (RuntimeException e) {
            seen.error = "InternalFailure";
            log.error("request {} (action {}) failed", requestId, action, e);
            return error(ApiError.internal(), requestId, seen.dialect);
        }
    }

    /** Looks up the signing user for the authenticator and remembers it for the action. */
    private final class KeyHolder implements SecretLookup {
        private String key;
        private User user;

        @Override
        public Optional<String> secretKey(String accessKeyId) {
            if (!accessKeyId.equals(key)) {
                key = accessKeyId;
                user = users.apply(accessKeyId).orElse(null);
            }
            return Optional.ofNullable(user).map(User::secretAccessKey);
        }

        /** The owner of the key the authenticator verified (it looked the key up to verify it). */
        String owner(String accessKeyId) {
            if (!accessKeyId.equals(key) || user == null) {
                throw new ApiError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            }
            return user.name();
        }
    }

    private Action dispatch(QueryParams params) {
        String name = params.raw("Action");
        if (name == null || name.isEmpty()) {
            throw new ApiError("MissingAction", 400, "The request must contain the parameter Action.");
        }
        Action a = actions.get(name);
        if (a == null) {
            Optional<String> why = UnsupportedOperations.reason(name);
            if (why.isPresent()) throw UnsupportedOperations.refusal(name, why.get());
            throw new ApiError("InvalidAction", 400, "The action " + shortened(name) + " is not valid for this web service.");
        }
        String version = params.raw("Version");
        if (version == null) {
            throw new ApiError("MissingParameter", 400, "The request must contain the parameter Version.");
        }
        if (!VERSION.equals(version)) {
            throw new ApiError("InvalidAction", 400, "The action " + name + " is not valid for version "
                    + shortened(version) + ": Phantom speaks the Auto Scaling API version " + VERSION + ".");
        }
        return a;
    }

    private static String shortened(String s) {
        String p = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return p.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * The response to a request refused before it reached the endpoint (an HTTP layer's own
     * refusal, such as a body too large to read), written like every other error.
     */
    public static ApiResponse error(ApiError e) {
        return error(e, UUID.randomUUID().toString(), Dialect.AUTO_SCALING);
    }

    /**
     * The one place an error becomes a response, with its status: Auto Scaling's
     * {@code <ErrorResponse>}, or EC2's {@code <Response><Errors>} for a request in EC2's dialect.
     */
    private static ApiResponse error(ApiError e, String requestId, Dialect dialect) {
        return new ApiResponse(e.status(), requestId, dialect == Dialect.EC2
                ? XmlWriter.ec2Error(e.code(), e.getMessage(), requestId)
                : XmlWriter.error(e.type(), e.code(), e.getMessage(), requestId));
    }
}
