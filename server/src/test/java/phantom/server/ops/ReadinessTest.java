package phantom.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final Duration TEN = Duration.ofSeconds(10);

    @Test
    void ready_while_the_database_answers_and_the_resync_is_recent() {
        assertThat(Readiness.judge(Optional.empty(), Duration.ofSeconds(3), TEN, true)).isEqualTo(new Readiness(true, ""));
        assertThat(Readiness.judge(Optional.empty(), Duration.ofSeconds(39), TEN, true).ready())
                .as("within the interval plus the slack").isTrue();
        assertThat(Readiness.judge(Optional.empty(), Duration.ofSeconds(20), TEN, false).ready())
                .as("just started, no round yet and none overdue").isTrue();
    }

    @Test
    void not_ready_with_the_reason() {
        Readiness db = Readiness.judge(Optional.of("Connection refused"), Duration.ZERO, TEN, true);
        assertThat(db.ready()).isFalse();
        assertThat(db.reason()).isEqualTo("the database did not answer: Connection refused");
        Readiness stalled = Readiness.judge(Optional.empty(), Duration.ofSeconds(41), TEN, true);
        assertThat(stalled.ready()).isFalse();
        assertThat(stalled.reason()).isEqualTo("the last resync ended 41 s ago, more than its interval 10 s plus 30 s:"
                + " the reconciler is stalled");
        assertThat(Readiness.judge(Optional.empty(), Duration.ofSeconds(90), TEN, false).reason())
                .startsWith("no resync has ended since the start 90 s ago");
    }
}
