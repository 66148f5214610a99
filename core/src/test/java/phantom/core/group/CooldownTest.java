package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.model.ActivityStatus;
import phantom.core.model.ScalingActivity;

/** A group's cooldown: from the end of its latest activity, blocked while one runs; other groups' activities don't count. */
class CooldownTest {
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    private static ScalingActivity activity(String id, long group, ActivityStatus status, Instant end) {
        return new ScalingActivity(id, group, "alice", "web", "Launching a new EC2 instance", "At ...", T.minusSeconds(600), end,
                status, null, end == null ? 0 : 100, "{}");
    }

    @ParameterizedTest(name = "{1} s after an activity ended ({0}), a cooldown of 300 s refuses: {2}")
    @CsvSource({
            "Successful, 0, true",
            "Successful, 299, true",
            "Successful, 300, false",
            "Failed, 10, true",
            "Cancelled, 10, true",
            "Successful, 3000, false",
    })
    void afterTheLatestEnd(ActivityStatus status, int secondsSince, boolean refused) {
        List<ScalingActivity> done = List.of(activity("old", 7, ActivityStatus.Successful, T.minusSeconds(5000)),
                activity("last", 7, status, T.minusSeconds(secondsSince)));
        if (refused) {
            assertThatThrownBy(() -> Cooldown.check(7, "web", done, 300, T)).isInstanceOfSatisfying(Refusal.class, r -> {
                org.assertj.core.api.Assertions.assertThat(r.code()).isEqualTo(Refusal.Code.SCALING_ACTIVITY_IN_PROGRESS);
                org.assertj.core.api.Assertions.assertThat(r.getMessage()).isEqualTo("AutoScalingGroup 'web' is in its cooldown of"
                        + " 300 seconds, which ends at " + phantom.core.text.AwsTime.format(T.minusSeconds(secondsSince).plusSeconds(300))
                        + ": try again then, or without HonorCooldown.");
            });
        } else {
            assertThatCode(() -> Cooldown.check(7, "web", done, 300, T)).doesNotThrowAnyException();
        }
    }

    @Test
    void anActivityInProgressBlocksWhateverTheCooldown() {
        List<ScalingActivity> running = List.of(activity("a-1", 7, ActivityStatus.InProgress, null),
                activity("a-0", 7, ActivityStatus.Successful, T.minusSeconds(9999)));
        assertThatThrownBy(() -> Cooldown.check(7, "web", running, 0, T)).isInstanceOfSatisfying(Refusal.class, r ->
                org.assertj.core.api.Assertions.assertThat(r.getMessage()).isEqualTo("Scaling activity a-1 is in progress and blocks this action"));
    }

    @Test
    void noActivityOrAnotherGroupsActivityLeavesNoCooldown() {
        assertThatCode(() -> Cooldown.check(7, "web", List.of(), 300, T)).doesNotThrowAnyException();
        List<ScalingActivity> ofAnEarlierWeb = List.of(activity("x", 3, ActivityStatus.InProgress, null),
                activity("y", 3, ActivityStatus.Successful, T));
        assertThatCode(() -> Cooldown.check(7, "web", ofAnEarlierWeb, 300, T)).doesNotThrowAnyException();
    }
}
