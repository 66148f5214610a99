package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScheduledAction;

/** The scheduled-action rules without a store: validation, the first and next runs, missed runs, the run's activity. */
class ScheduleRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final String UUID = "8e86b655-b2e6-4410-8f29-b4f094d6871c";

    /** A stored plain group on hotel: min 1, max 4, desired 2. */
    private static Group group() {
        return GroupRules.created("alice", new NewGroup("web", "web@hotel", 1, 4, 2, null, List.of(), null, null,
                GroupSettings.NONE), "0000abcd-0000-4000-8000-000000000001", NOW, 1000).toBuilder().id(8).version(1).build();
    }

    private static ScheduledActionRequest at(Instant start, Integer min, Integer max, Integer desired) {
        return new ScheduledActionRequest("nightly", start, null, null, null, min, max, desired);
    }

    private static ScheduledActionRequest cron(String recurrence, String zone, Instant start, Instant end) {
        return new ScheduledActionRequest("nightly", start, end, recurrence, zone, null, null, 3);
    }

    private static ScheduledAction put(ScheduledActionRequest r) {
        return ScheduleRules.put(group(), r, Optional.empty(), UUID, NOW);
    }

    private static void refused(ScheduledActionRequest r, Refusal.Code code, String message) {
        assertThatThrownBy(() -> put(r)).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void aOneTimeActionRunsAtItsStartTime() {
        ScheduledAction a = put(at(NOW.plusSeconds(60), null, null, 3));
        assertThat(a.nextRun()).isEqualTo(NOW.plusSeconds(60));
        assertThat(a.once()).isTrue();
        assertThat(a.groupName()).isEqualTo("web");
        assertThat(a.uuid()).isEqualTo(UUID);
    }

    @Test
    void aRecurrenceRunsAtItsNextCronTimeInItsZone() {
        assertThat(put(cron("30 0 * * *", null, null, null)).nextRun()).isEqualTo(Instant.parse("2026-11-25T00:30:00Z"));
        // 00:30 in New York (UTC-5 in November) is 05:30 UTC
        assertThat(put(cron("30 0 * * *", "America/New_York", null, null)).nextRun())
                .isEqualTo(Instant.parse("2026-11-24T05:30:00Z").plus(Duration.ofDays(1)));
        // every 5 minutes: the next one after 10:15:30
        assertThat(put(cron("*/5 * * * *", null, null, null)).nextRun()).isEqualTo(Instant.parse("2026-11-24T10:20:00Z"));
        // with a StartTime, it runs first at that time, then on the recurrence
        Instant start = Instant.parse("2026-12-01T12:00:00Z");
        ScheduledAction a = put(cron("0 0 1 * *", null, start, null));
        assertThat(a.nextRun()).isEqualTo(start);
        assertThat(ScheduleRules.afterRun(a, start).orElseThrow().nextRun()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void badRequestsAreRefusedWithWhatToFix() {
        refused(at(NOW.plusSeconds(60), null, null, null), Refusal.Code.VALIDATION_ERROR,
                "At least one of MinSize, MaxSize or DesiredCapacity must be specified.");
        refused(at(NOW.minusSeconds(1), null, null, 3), Refusal.Code.VALIDATION_ERROR, "Given start time is in the past");
        refused(new ScheduledActionRequest("n", NOW.plusSeconds(60), NOW.plusSeconds(30), "0 * * * *", null, 1, null, null),
                Refusal.Code.VALIDATION_ERROR, "Given end time must be after the start time");
        refused(new ScheduledActionRequest("n", null, NOW.minusSeconds(30), "0 * * * *", null, 1, null, null),
                Refusal.Code.VALIDATION_ERROR, "Given end time is in the past");
        refused(cron("0 0 * *", null, null, null), Refusal.Code.VALIDATION_ERROR,
                "Given recurrence is not a valid cron expression: '0 0 * *' (five fields: minute, hour, day of month, month, day of week).");
        refused(cron("61 0 * * *", null, null, null), Refusal.Code.VALIDATION_ERROR,
                "Given recurrence is not a valid cron expression: '61 0 * * *' (five fields: minute, hour, day of month, month, day of week).");
        refused(cron("0 0 * * * *", null, null, null), Refusal.Code.VALIDATION_ERROR,
                "Given recurrence is not a valid cron expression: '0 0 * * * *' (five fields: minute, hour, day of month, month, day of week).");
        refused(cron("0 0 * * *", "Mars/Olympus", null, null), Refusal.Code.VALIDATION_ERROR,
                "Invalid time zone: 'Mars/Olympus'. Give an IANA time zone name, such as Etc/GMT+9 or America/New_York.");
        refused(new ScheduledActionRequest("n", null, null, null, null, 1, null, null), Refusal.Code.VALIDATION_ERROR,
                "Specify StartTime for a one-time action, or Recurrence for a recurring one.");
        refused(at(NOW.plusSeconds(60), 5, 2, null), Refusal.Code.VALIDATION_ERROR,
                "Max bound, 2, must be greater than or equal to min bound, 5");
        refused(at(NOW.plusSeconds(60), 1, 2, 3), Refusal.Code.VALIDATION_ERROR,
                "Desired capacity:3 must be between the specified min size:1 and max size:2");
        refused(at(NOW.plusSeconds(60), -1, null, null), Refusal.Code.VALIDATION_ERROR,
                "1 validation error detected: Value '-1' at 'MinSize' failed to satisfy constraint: Member must be >= 0");
    }

    @Test
    void aPutOfAnExistingNameKeepsWhatItDoesNotGive() {
        ScheduledAction old = put(new ScheduledActionRequest("nightly", null, null, "0 0 * * *", "Europe/Paris", 1, 5, 3));
        ScheduledAction updated = ScheduleRules.put(group(), new ScheduledActionRequest("nightly", null, null, null, null,
                null, null, 4), Optional.of(old), old.uuid(), NOW);
        assertThat(updated).isEqualTo(new ScheduledAction(8, "alice", "web", "nightly", UUID, null, null, "0 0 * * *",
                "Europe/Paris", 1, 5, 4, old.nextRun()));
    }

    @Test
    void aRunLateByMoreThanTheWindowIsSkipped() {
        ScheduledAction a = put(at(NOW.plusSeconds(60), null, null, 3));
        assertThat(ScheduleRules.due(a, NOW)).isEqualTo(ScheduleRules.Due.WAIT);
        assertThat(ScheduleRules.due(a, NOW.plusSeconds(60))).isEqualTo(ScheduleRules.Due.RUN);
        assertThat(ScheduleRules.due(a, NOW.plusSeconds(60).plus(ScheduleRules.MISSED_RUN_WINDOW))).isEqualTo(ScheduleRules.Due.RUN);
        assertThat(ScheduleRules.due(a, NOW.plusSeconds(61).plus(ScheduleRules.MISSED_RUN_WINDOW))).isEqualTo(ScheduleRules.Due.SKIP);
        assertThat(ScheduleRules.afterRun(a, NOW.plusSeconds(60))).as("a one-time action goes after its run").isEmpty();
    }

    @Test
    void aRecurrenceMovesOnPastMissedRunsAndStopsAtItsEndTime() {
        ScheduledAction a = put(cron("0 * * * *", null, null, Instant.parse("2026-11-24T13:30:00Z")));
        assertThat(a.nextRun()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        // down from 11:00 to 12:10: the 11:00 and 12:00 runs are missed; the next is 13:00
        ScheduledAction next = ScheduleRules.afterRun(a, Instant.parse("2026-11-24T12:10:00Z")).orElseThrow();
        assertThat(next.nextRun()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThat(ScheduleRules.afterRun(next, next.nextRun()).orElseThrow().nextRun()).as("14:00 is past EndTime").isNull();
        assertThat(ScheduleRules.due(next.runningNext(null), NOW)).isEqualTo(ScheduleRules.Due.WAIT);
    }

    @Test
    void aRunAppliesTheSizesAsAnUpdateAndSaysSoInAwsWords() {
        Group before = group();
        ScheduledAction a = put(at(NOW.plusSeconds(60), 3, null, null));
        Group after = GroupRules.updated(before, ScheduleRules.update(a), 1000);
        assertThat(after.minSize()).isEqualTo(3);
        assertThat(after.desiredCapacity()).as("a MinSize above the count raises it").isEqualTo(3);
        ScalingActivity act = ScheduleRules.ran("act-1", a, before, after, Instant.parse("2026-11-24T10:16:30Z"));
        assertThat(act.cause()).isEqualTo("At 2026-11-24T10:16:30Z a scheduled action update of AutoScalingGroup constraints"
                + " to min: 3, max: 4, desired: 3 changing the desired capacity from 2 to 3.");
        assertThat(act.status()).isEqualTo(ActivityStatus.Successful);
        assertThat(act.groupName()).isEqualTo("web");

        Group same = GroupRules.updated(before, ScheduleRules.update(put(at(NOW.plusSeconds(60), null, 6, null))), 1000);
        assertThat(ScheduleRules.ran("act-2", a, before, same, NOW).cause()).isEqualTo("At 2026-11-24T10:15:30Z a scheduled"
                + " action update of AutoScalingGroup constraints to min: 1, max: 6, desired: 2.");
    }
}
