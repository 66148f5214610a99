package phantom.api.auth;

import java.util.Optional;

/** Where the authenticator finds a user's secret key (the store, or a fixed map in tests). */
@FunctionalInterface
public interface SecretLookup {
    /**
     * @return the secret access key of the user with this access key id, or empty if there is no such
     *     user. Called once per request, with an id taken from the request (any string).
     */
    Optional<String> secretKey(String accessKeyId);
}
