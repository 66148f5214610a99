package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates AWS Query API requests signed with Signature Version 4 (the {@code Authorization} header,
 * or presigned {@code X-Amz-*} query parameters) or Signature Version 2 (query or form parameters), as
 * docs/wire-protocol.md §3 describes. Any credential scope region and service is accepted. Request times
 * may be up to 15 minutes from the clock either way. Thread-safe.
 */
public final class RequestAuthenticator {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final SigV4Verifier sigV4;
    private final SigV2Verifier sigV2;

    public RequestAuthenticator(SecretLookup secrets, Clock clock) {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(clock, "clock");
        this.sigV4 = new SigV4Verifier(secrets, clock);
        this.sigV2 = new SigV2Verifier(secrets, clock);
    }

    /**
     * @return the verified access key id
     * @throws AuthFailure for every request that is not verified, with the AWS code, status and message to
     *     answer with: {@code MissingAuthenticationToken} (no credentials at all), {@code IncompleteSignature}
     *     (malformed signature parts or dates), {@code InvalidClientTokenId} (unknown key, or a session token),
     *     {@code SignatureDoesNotMatch} (wrong signature, payload hash or clock skew), {@code MissingParameter}
     *     and {@code RequestExpired} (SigV2 and presigned), {@code MalformedQueryString} (broken percent-encoding).
     *     Malformed input never causes another exception; an exception thrown by the {@link SecretLookup}
     *     propagates unchanged.
     */
    public String authenticate(HttpRequestView request) throws AuthFailure {
        List<String> authorization = request.headerValues("authorization");
        if (authorization.size() > 1) {
            throw AuthFailure.incompleteSignature("The request has more than one Authorization header.");
        }
        if (!authorization.isEmpty()) {
            return sigV4.verifyHeader(request, authorization.get(0));
        }
        List<QueryParameter> query = QueryParameter.parse(request.rawQuery(), true);
        if (SigV4Verifier.isPresigned(query)) {
            return sigV4.verifyPresigned(request);
        }
        List<QueryParameter> parameters = withFormBody(request, query);
        if (SigV2Verifier.isSigned(parameters)) {
            return sigV2.verify(request, parameters);
        }
        throw AuthFailure.missingAuthenticationToken();
    }

    /** Query parameters merged with those of a form-encoded POST body; a name in the body replaces the query's. */
    private static List<QueryParameter> withFormBody(HttpRequestView request, List<QueryParameter> query)
            throws AuthFailure {
        if (!request.method().equals("POST") || !isForm(request.header("content-type"))) {
            return query;
        }
        List<QueryParameter> body = QueryParameter.parse(request.body(), true);
        Set<String> bodyNames = new HashSet<>();
        body.forEach(b -> bodyNames.add(new String(b.name(), StandardCharsets.ISO_8859_1)));
        List<QueryParameter> merged = new ArrayList<>(body);
        query.stream().filter(q -> !bodyNames.contains(new String(q.name(), StandardCharsets.ISO_8859_1)))
                .forEach(merged::add);
        return merged;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.strip().toLowerCase(Locale.ROOT).equals(FORM);
    }

    /** The user's secret, or {@code InvalidClientTokenId} if there is no such access key. */
    static String secretOf(SecretLookup secrets, String accessKeyId) throws AuthFailure {
        Optional<String> secret = secrets.secretKey(accessKeyId);
        if (secret == null || secret.isEmpty()) {
            throw AuthFailure.invalidClientTokenId();
        }
        return secret.get();
    }
}
