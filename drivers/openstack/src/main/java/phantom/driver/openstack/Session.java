package phantom.driver.openstack;

import java.net.URI;
import java.time.Instant;

/**
 * A Keystone token and what it opens: the compute endpoint, and the image and network endpoints when
 * the catalog has them. {@code toString()} never shows the token.
 *
 * @param image the image service (Glance) endpoint, or null
 * @param network the network service (Neutron) endpoint, or null
 */
record Session(String token, Instant expiresAt, URI compute, URI image, URI network) {

    /** Renew this long before the token expires, so a call never starts with a token about to lapse. */
    static final java.time.Duration RENEW_BEFORE = java.time.Duration.ofSeconds(60);

    boolean usableAt(Instant now) {
        return now.isBefore(expiresAt.minus(RENEW_BEFORE));
    }

    @Override
    public String toString() {
        return "Session[expires " + expiresAt + ", compute " + compute + "]";
    }
}
