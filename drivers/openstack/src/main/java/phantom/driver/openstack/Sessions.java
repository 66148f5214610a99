package phantom.driver.openstack;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import phantom.core.driver.CloudFault;

/**
 * Keeps one token per identity until shortly before its {@code expires_at}, so calls do not
 * re-authenticate each time. Two threads that miss together may both authenticate; the later token
 * wins, and both are valid.
 */
final class Sessions {
    private final Keystone keystone;
    private final Clock clock;
    private final ConcurrentMap<Identity, Session> cache = new ConcurrentHashMap<>();

    Sessions(Keystone keystone, Clock clock) {
        this.keystone = keystone;
        this.clock = clock;
    }

    Session current(Identity identity) throws CloudFault {
        Session session = cache.get(identity);
        if (session != null && session.usableAt(clock.instant())) {
            return session;
        }
        Session fresh = keystone.issue(identity);
        // Drop lapsed tokens (e.g. of a password since changed) so the cache does not grow.
        cache.values().removeIf(s -> !s.usableAt(clock.instant()));
        cache.put(identity, fresh);
        return fresh;
    }

    /** Forgets a token the cloud refused, unless another thread already replaced it. */
    void refused(Identity identity, Session session) {
        cache.remove(identity, session);
    }
}
