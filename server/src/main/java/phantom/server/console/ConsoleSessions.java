package phantom.server.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's server-side sessions: a random id (256 bits) that the browser holds in a cookie,
 * mapped in memory to the user and a per-session CSRF token. Nothing of the user's secret is kept.
 * A session ends at logout, after {@link #IDLE} without a request, or {@link #LONGEST} after login,
 * whichever is first; sessions are per process, so a restart logs everyone out.
 */
final class ConsoleSessions {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LONGEST = Duration.ofHours(12);
    /** Beyond this many live sessions the oldest is dropped (only users with valid keys make sessions). */
    static final int MOST = 10_000;

    /** One logged-in browser. {@code flash} is the message the next page shows once (an action's outcome). */
    static final class Session {
        final String id;
        final String owner;
        final String csrf;
        final Instant started;
        volatile Instant lastSeen;
        volatile String flash;
        volatile boolean flashIsError;

        Session(String id, String owner, String csrf, Instant started) {
            this.id = id;
            this.owner = owner;
            this.csrf = csrf;
            this.started = started;
            this.lastSeen = started;
        }

        /** The flash message, once. */
        String[] takeFlash() {
            String f = flash;
            if (f == null) return null;
            flash = null;
            return new String[] {f, flashIsError ? "error" : "ok"};
        }

        void flash(String message, boolean error) {
            flashIsError = error;
            flash = message;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    Session start(String owner) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        if (sessions.size() >= MOST) {
            sessions.values().stream().min(java.util.Comparator.comparing((Session s) -> s.lastSeen))
                    .ifPresent(s -> sessions.remove(s.id));
        }
        Session s = new Session(token(), owner, token(), now);
        sessions.put(s.id, s);
        return s;
    }

    /** The live session with this id, its idle time restarted; empty when unknown or expired. */
    Optional<Session> get(String id) {
        if (id == null) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    void end(String id) {
        if (id != null) sessions.remove(id);
    }

    private static boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen.plus(IDLE)) || !now.isBefore(s.started.plus(LONGEST));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
