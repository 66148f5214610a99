package phantom.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** The example user of docs/wire-protocol.md §3 and the AWS SigV4 test suite, and authenticators that know it. */
final class Examples {
    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final SecretLookup SECRETS = id -> Optional.ofNullable(Map.of(ACCESS_KEY, SECRET).get(id));

    private Examples() {
    }

    static RequestAuthenticator authenticatorAt(Instant now) {
        return new RequestAuthenticator(SECRETS, Clock.fixed(now, ZoneOffset.UTC));
    }

    static RequestAuthenticator authenticatorAt(String isoInstant) {
        return authenticatorAt(Instant.parse(isoInstant));
    }
}
