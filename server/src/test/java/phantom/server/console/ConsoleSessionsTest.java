package phantom.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import phantom.core.ManualClock;

class ConsoleSessionsTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T06:00:00Z"));
    final ConsoleSessions sessions = new ConsoleSessions(clock);

    @Test
    void idsAndTokensAreRandomAndApart() {
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < 200; k++) {
            ConsoleSessions.Session s = sessions.start("alice");
            assertThat(s.id).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(s.csrf);
            assertThat(seen.add(s.id)).isTrue();
            assertThat(seen.add(s.csrf)).isTrue();
        }
        assertThat(sessions.get("not-a-session")).isEmpty();
        assertThat(sessions.get(null)).isEmpty();
    }

    @Test
    void aSessionEndsWhenIdleAfterItsLongestOrAtLogout() {
        ConsoleSessions.Session s = sessions.start("alice");
        clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
        assertThat(sessions.get(s.id)).containsSame(s); // a request restarts the idle time
        clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
        assertThat(sessions.get(s.id)).containsSame(s);
        clock.advance(ConsoleSessions.IDLE);
        assertThat(sessions.get(s.id)).isEmpty();

        ConsoleSessions.Session busy = sessions.start("bob");
        for (Duration used = Duration.ZERO; used.compareTo(ConsoleSessions.LONGEST.minusMinutes(10)) < 0; used = used.plusMinutes(10)) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(sessions.get(busy.id)).as("after %s", used).isPresent();
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.get(busy.id)).as("12 hours after login").isEmpty();

        ConsoleSessions.Session out = sessions.start("carol");
        sessions.end(out.id);
        assertThat(sessions.get(out.id)).isEmpty();
    }

    @Test
    void aFlashIsShownOnce() {
        ConsoleSessions.Session s = sessions.start("alice");
        assertThat(s.takeFlash()).isNull();
        s.flash("Desired count of web set to 5.", false);
        assertThat(s.takeFlash()).containsExactly("Desired count of web set to 5.", "ok");
        assertThat(s.takeFlash()).isNull();
    }
}
