package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies Signature Version 2 ({@code SignatureVersion=2} with {@code AWSAccessKeyId}, {@code SignatureMethod},
 * {@code Timestamp} or {@code Expires} and {@code Signature} among the request parameters), as
 * docs/wire-protocol.md §3.2 describes. An {@code Expires} may be at most 15 minutes ahead of the clock,
 * a {@code Timestamp} at most 15 minutes either way. The Host is tried as received and without its port (boto 2 signs it
 * without the port even when it connects to one).
 */
final class SigV2Verifier {
    private final SecretLookup secrets;
    private final Clock clock;

    SigV2Verifier(SecretLookup secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Whether the parameters carry (part of) a SigV2 signature. */
    static boolean isSigned(List<QueryParameter> parameters) {
        return parameters.stream().anyMatch(p -> p.named("Signature") || p.named("AWSAccessKeyId")
                || p.named("SignatureVersion") || p.named("SignatureMethod"));
    }

    /** @param parameters every request parameter, decoded (query and form body merged) */
    String verify(HttpRequestView request, List<QueryParameter> parameters) throws AuthFailure {
        String accessKeyId = required(parameters, "AWSAccessKeyId");
        String signature = required(parameters, "Signature");
        String version = required(parameters, "SignatureVersion");
        String method = required(parameters, "SignatureMethod");
        if (!version.equals("2")) {
            throw AuthFailure.incompleteSignature("SignatureVersion '" + AuthFailure.echo(version)
                    + "' is not supported; sign with Signature Version 2 or 4.");
        }
        if (!method.equals(Digests.HMAC_SHA256) && !method.equals(Digests.HMAC_SHA1)) {
            throw AuthFailure.incompleteSignature("SignatureMethod '" + AuthFailure.echo(method)
                    + "' is not supported; use HmacSHA256 or HmacSHA1.");
        }
        Optional<String> timestamp = first(parameters, "Timestamp");
        Optional<String> expires = first(parameters, "Expires");
        if (timestamp.isEmpty() && expires.isEmpty()) {
            throw AuthFailure.missingParameter("The request must contain the parameter Timestamp or Expires.");
        }
        RequestTime signedAt = timestamp.isPresent() ? RequestTime.ofIso8601("Timestamp", timestamp.get()) : null;
        RequestTime expiresAt = expires.isPresent() ? RequestTime.ofIso8601("Expires", expires.get()) : null;
        String secret = RequestAuthenticator.secretOf(secrets, accessKeyId);
        if (first(parameters, "SecurityToken").isPresent()) {
            throw AuthFailure.invalidClientTokenId(); // Phantom issues no session tokens
        }
        Instant now = clock.instant();
        if (signedAt != null) {
            signedAt.checkSkew(now);
        }
        if (expiresAt != null) {
            expiresAt.checkNotExpired(now, Duration.ZERO, "Expires date");
            expiresAt.checkNotTooFarAhead(now, "Expires");
        }
        byte[] provided = base64(signature);
        for (String host : hostCandidates(request.header("host"))) {
            String stringToSign = stringToSign(request.method(), host, request.path(), parameters);
            byte[] expected = Digests.hmac(method, secret.getBytes(StandardCharsets.UTF_8),
                    stringToSign.getBytes(StandardCharsets.UTF_8));
            if (MessageDigest.isEqual(expected, provided)) {
                return accessKeyId;
            }
        }
        throw AuthFailure.signatureDoesNotMatch();
    }

    /**
     * {@code METHOD \n lower(host) \n path \n} then every parameter but {@code Signature}, sorted by decoded
     * name then value in byte order, RFC 3986 encoded, joined with {@code &}.
     */
    static String stringToSign(String method, String host, String path, List<QueryParameter> parameters) {
        String query = parameters.stream().filter(p -> !p.named("Signature"))
                .sorted(QueryParameter.BY_DECODED_BYTES)
                .map(p -> Rfc3986.encode(p.name()) + "=" + Rfc3986.encode(p.value()))
                .collect(Collectors.joining("&"));
        return method + "\n" + host.toLowerCase(Locale.ROOT) + "\n" + (path.isEmpty() ? "/" : path) + "\n" + query;
    }

    /** The Host as received, then without its {@code :port} (IPv6 literals keep their brackets). */
    static Set<String> hostCandidates(String host) {
        Set<String> candidates = new LinkedHashSet<>();
        String received = host == null ? "" : host.strip();
        candidates.add(received);
        int colon = received.lastIndexOf(':');
        if (colon >= 0 && colon > received.lastIndexOf(']')) {
            candidates.add(received.substring(0, colon));
        }
        return candidates;
    }

    private static byte[] base64(String signature) {
        try {
            return Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return new byte[0]; // matches nothing, so the answer is SignatureDoesNotMatch
        }
    }

    private static String required(List<QueryParameter> parameters, String name) throws AuthFailure {
        return first(parameters, name).orElseThrow(
                () -> AuthFailure.missingParameter("The request must contain the parameter " + name + "."));
    }

    private static Optional<String> first(List<QueryParameter> parameters, String name) {
        return parameters.stream().filter(p -> p.named(name)).map(QueryParameter::valueText).findFirst();
    }
}
