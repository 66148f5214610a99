package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Verifies Signature Version 4, from the {@code Authorization} header or from presigned query parameters
 * ({@code X-Amz-Algorithm}, {@code X-Amz-Credential}, ...), as docs/wire-protocol.md §3.1.2 describes.
 * The signed headers must include {@code host}.
 */
final class SigV4Verifier {
    private static final List<String> PRESIGN_PARAMETERS = List.of("X-Amz-Algorithm", "X-Amz-Credential",
            "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires");
    private static final long MAX_PRESIGN_SECONDS = Duration.ofDays(7).toSeconds();

    private final SecretLookup secrets;
    private final Clock clock;

    SigV4Verifier(SecretLookup secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Whether the query string carries a presigned SigV4 signature rather than SigV2 or none. */
    static boolean isPresigned(List<QueryParameter> query) {
        return query.stream().anyMatch(p -> p.named("X-Amz-Algorithm") || p.named("X-Amz-Signature")
                || p.named("X-Amz-Credential"));
    }

    /**
     * @param query the query string's parameters, decoded once for the verifier and the action alike
     * @return the verified credential (its key id and scope)
     */
    SigV4Credential verifyHeader(HttpRequestView request, String authorization, List<QueryParameter> query) throws AuthFailure {
        AuthorizationHeader header = AuthorizationHeader.parse(authorization);
        requireHost(header.signedHeaders());
        RequestTime time = headerTime(request);
        String secret = secretOf(header.credential());
        if (request.header("x-amz-security-token") != null) {
            throw AuthFailure.invalidClientTokenId(); // Phantom issues no session tokens
        }
        checkScopeDate(time, header.credential());
        time.checkSkew(clock.instant());
        return check(request, query, header.credential(), header.signedHeaders(), header.signature(), time, secret,
                p -> true);
    }

    SigV4Credential verifyPresigned(HttpRequestView request, List<QueryParameter> query) throws AuthFailure {
        List<String> missing = PRESIGN_PARAMETERS.stream().filter(name -> first(query, name).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw AuthFailure.incompleteSignature("AWS query-string parameters must include 'X-Amz-Algorithm',"
                    + " 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders' and"
                    + " 'X-Amz-Expires'; missing " + missing + ".");
        }
        String algorithm = first(query, "X-Amz-Algorithm").orElseThrow();
        if (!algorithm.equals(AuthorizationHeader.ALGORITHM)) {
            throw AuthFailure.incompleteSignature("Unsupported AWS 'algorithm': '" + AuthFailure.echo(algorithm)
                    + "'. Presigned requests must use AWS4-HMAC-SHA256.");
        }
        SigV4Credential credential = SigV4Credential.parse(first(query, "X-Amz-Credential").orElseThrow());
        List<String> signedHeaders = AuthorizationHeader.signedHeaders(first(query, "X-Amz-SignedHeaders").orElseThrow());
        requireHost(signedHeaders);
        RequestTime time = RequestTime.ofAmzDate(first(query, "X-Amz-Date").orElseThrow());
        long expires = expiresSeconds(first(query, "X-Amz-Expires").orElseThrow());
        String secret = secretOf(credential);
        if (first(query, "X-Amz-Security-Token").isPresent() || request.header("x-amz-security-token") != null) {
            throw AuthFailure.invalidClientTokenId();
        }
        checkScopeDate(time, credential);
        time.checkNotInFuture(clock.instant());
        time.checkNotExpired(clock.instant(), Duration.ofSeconds(expires), "the presigned request expired at");
        return check(request, query, credential, signedHeaders, first(query, "X-Amz-Signature").orElseThrow(), time,
                secret, p -> !p.named("X-Amz-Signature"));
    }

    /**
     * Checks the signature over the canonical request built from the parameters the action will see
     * ({@code +} in the query string is a space for both), so no other reading of the query can verify.
     */
    private SigV4Credential check(HttpRequestView request, List<QueryParameter> query, SigV4Credential credential,
            List<String> signedHeaders, String signature, RequestTime time, String secret,
            Predicate<QueryParameter> inQuery) throws AuthFailure {
        String payloadHash = payloadHash(request);
        byte[] key = SigV4Signature.signingKey(secret, credential);
        byte[] provided = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        CanonicalRequest canonical = CanonicalRequest.of(request, CanonicalRequest.query(query, inQuery), signedHeaders,
                payloadHash);
        String expected = SigV4Signature.sign(key, SigV4Signature.stringToSign(time, credential, canonical));
        if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided)) {
            return credential;
        }
        throw AuthFailure.signatureDoesNotMatch();
    }

    /** A signature must cover the Host, or a request signed for one endpoint could be replayed at another. */
    private static void requireHost(List<String> signedHeaders) throws AuthFailure {
        if (!signedHeaders.contains("host")) {
            throw AuthFailure.incompleteSignature("The request signature must include the 'host' header among"
                    + " its SignedHeaders.");
        }
    }

    /** SHA-256 of the raw body; a client's {@code x-amz-content-sha256} must agree with it. */
    private static String payloadHash(HttpRequestView request) throws AuthFailure {
        String computed = Digests.sha256Hex(request.body());
        List<String> claimed = request.headerValues("x-amz-content-sha256");
        if (!claimed.isEmpty() && !CanonicalRequest.headerValue(claimed).equalsIgnoreCase(computed)) {
            throw AuthFailure.signatureDoesNotMatch(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return computed;
    }

    private static RequestTime headerTime(HttpRequestView request) throws AuthFailure {
        String amzDate = request.header("x-amz-date");
        if (amzDate != null) {
            return RequestTime.ofAmzDate(amzDate);
        }
        String date = request.header("date");
        if (date != null) {
            return RequestTime.ofHttpDate(date);
        }
        throw AuthFailure.incompleteSignature(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    private static void checkScopeDate(RequestTime time, SigV4Credential credential) throws AuthFailure {
        String day = time.basic().substring(0, 8);
        if (!day.equals(credential.date())) {
            throw AuthFailure.signatureDoesNotMatch("Date in Credential scope does not match YYYYMMDD from ISO-8601"
                    + " version of date from HTTP: '" + credential.date() + "' != '" + day + "', from '"
                    + time.basic() + "'.");
        }
    }

    private static long expiresSeconds(String value) throws AuthFailure {
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 1 && seconds <= MAX_PRESIGN_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw AuthFailure.incompleteSignature("X-Amz-Expires must be a number of seconds from 1 to "
                + MAX_PRESIGN_SECONDS + ", not '" + AuthFailure.echo(value) + "'.");
    }

    private String secretOf(SigV4Credential credential) throws AuthFailure {
        return RequestAuthenticator.secretOf(secrets, credential.accessKeyId());
    }

    private static Optional<String> first(List<QueryParameter> query, String name) {
        return query.stream().filter(p -> p.named(name)).map(QueryParameter::valueText).findFirst();
    }
}
