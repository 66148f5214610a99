package phantom.api.auth;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates AWS Query API requests signed with Signature Version 4 (the {@code Authorization} header,
 * or presigned {@code X-Amz-*} query parameters) or Signature Version 2 (query or form parameters), as
 * docs/wire-protocol.md §3 describes. Any credential scope region and service is accepted here; the
 * scope's service is handed on ({@link Verified#scopeService}) for the endpoint to check against the
 * call's dialect ({@link phantom.api.Dialect#checkScope}). Request times may be up to 15 minutes from
 * the clock either way. Thread-safe.
 */
public final class RequestAuthenticator {
    private final SigV4Verifier sigV4;
    private final SigV2Verifier sigV2;

    public RequestAuthenticator(SecretLookup secrets, Clock clock) {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(clock, "clock");
        this.sigV4 = new SigV4Verifier(secrets, clock);
        this.sigV2 = new SigV2Verifier(secrets, clock);
    }

    /**
     * A verified request: who signed it, the service its SigV4 credential scope names (null for
     * SigV2, which has no scope), and the parameters the signature covers (all of them).
     */
    public record Verified(String accessKeyId, String scopeService, Map<String, String> parameters) {
    }

    /** @return the verified access key id (see {@link #verify}) */
    public String authenticate(HttpRequestView request) throws AuthFailure {
        return verify(request).accessKeyId();
    }

    /**
     * Decodes the request's parameters once ({@link RequestParameters}) and verifies its signature
     * over exactly those parameters.
     *
     * @throws AuthFailure for every request that is not verified, with the AWS code, status and message to
     *     answer with: {@code MissingAuthenticationToken} (no credentials at all), {@code IncompleteSignature}
     *     (malformed signature parts or dates, or {@code host} not signed), {@code InvalidClientTokenId}
     *     (unknown key, or a session token), {@code SignatureDoesNotMatch} (wrong signature, payload hash or
     *     clock skew), {@code MissingParameter} and {@code RequestExpired} (SigV2 and presigned),
     *     {@code MalformedQueryString} (broken percent-encoding, bad UTF-8, a repeated parameter),
     *     {@code MethodNotAllowed}, {@code UnsupportedMediaType} and {@code ValidationError} (a body that
     *     is not a form POST's). Malformed input never causes another exception; an exception thrown by
     *     the {@link SecretLookup} propagates unchanged.
     */
    public Verified verify(HttpRequestView request) throws AuthFailure {
        RequestParameters parameters = RequestParameters.of(request);
        List<String> authorization = request.headerValues("authorization");
        if (authorization.size() > 1) {
            throw AuthFailure.incompleteSignature("The request has more than one Authorization header.");
        }
        SigV4Credential credential;
        if (!authorization.isEmpty()) {
            credential = sigV4.verifyHeader(request, authorization.get(0), parameters.query());
        } else if (SigV4Verifier.isPresigned(parameters.query())) {
            credential = sigV4.verifyPresigned(request, parameters.query());
        } else if (SigV2Verifier.isSigned(parameters.all())) {
            return new Verified(sigV2.verify(request, parameters.all()), null, parameters.values());
        } else {
            throw AuthFailure.missingAuthenticationToken();
        }
        return new Verified(credential.accessKeyId(), credential.service(), parameters.values());
    }

    /**
     * A parameter as the request states it, whether or not its signature verifies; empty when it is
     * absent or the request cannot be decoded. Only for choosing the words of a refusal (the
     * dialect of an error document), never for acting on.
     */
    public static Optional<String> claimed(HttpRequestView request, String name) {
        try {
            return Optional.ofNullable(RequestParameters.of(request).values().get(name));
        } catch (AuthFailure e) {
            return Optional.empty();
        }
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
