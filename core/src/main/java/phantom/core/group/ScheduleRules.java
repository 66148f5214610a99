package phantom.core.group;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScheduledAction;

/**
 * The rules of scheduled actions, pure: what a Put must satisfy and when the action runs first, when
 * a due action runs or is skipped, when it runs next, and the activity a run records. The sizes it
 * applies are an UpdateAutoScalingGroup's ({@link GroupRules#updated}): a new MinSize above the
 * desired count raises it, a new MaxSize below lowers it.
 */
public final class ScheduleRules {
    /** Scheduled actions per group: AWS's quota (Amazon EC2 Auto Scaling service quotas, 125). */
    public static final int MAX_PER_GROUP = 125;

    /**
     * How late a run may still be made: a run missed by more (the server was down at its time) is
     * skipped, a one-time action then deleted, a recurring one moved to its next time (docs/decisions.md).
     */
    public static final Duration MISSED_RUN_WINDOW = Duration.ofMinutes(5);

    private ScheduleRules() {
    }

    /** What the scheduler does with an action at {@code now}. */
    public enum Due {
        /** Its time has not come. */
        WAIT,
        /** Apply its sizes now. */
        RUN,
        /** Its time passed longer ago than {@link #MISSED_RUN_WINDOW}: do not apply it, move on. */
        SKIP
    }

    /**
     * The action a Put stores for group {@code g}, its next run computed from {@code now}. A Put of a
     * name the group has updates that action: what the request does not give stays as it was, as
     * AWS does; only a StartTime given is refused for being in the past.
     *
     * @param old the group's action of that name, if any
     * @param uuid the action's id: a new one, or the id of the action it updates
     * @throws Refusal a ValidationError that names what to fix
     */
    public static ScheduledAction put(Group g, ScheduledActionRequest given, Optional<ScheduledAction> old, String uuid,
            Instant now) {
        GroupRules.requireLive(g);
        if (given.startTime() != null && given.startTime().isBefore(now)) throw Refusal.validation("Given start time is in the past");
        ScheduledActionRequest r = old.map(o -> merged(o, given)).orElse(given);
        if (r.minSize() == null && r.maxSize() == null && r.desiredCapacity() == null) {
            throw Refusal.validation("At least one of MinSize, MaxSize or DesiredCapacity must be specified.");
        }
        nonNegative(r.minSize(), "MinSize");
        nonNegative(r.maxSize(), "MaxSize");
        nonNegative(r.desiredCapacity(), "DesiredCapacity");
        if (r.minSize() != null && r.maxSize() != null) Sizes.checkBounds(r.minSize(), r.maxSize());
        if (r.desiredCapacity() != null
                && (r.minSize() != null && r.desiredCapacity() < r.minSize() || r.maxSize() != null && r.desiredCapacity() > r.maxSize())) {
            throw Refusal.validation("Desired capacity:" + r.desiredCapacity() + " must be between the specified min size:"
                    + (r.minSize() == null ? g.minSize() : r.minSize()) + " and max size:"
                    + (r.maxSize() == null ? g.maxSize() : r.maxSize()));
        }
        Recurrence recurrence = r.recurrence() == null ? null : Recurrence.of(r.recurrence(), r.timeZone());
        if (recurrence == null) Recurrence.zone(r.timeZone());
        if (r.startTime() == null && recurrence == null) {
            throw Refusal.validation("Specify StartTime for a one-time action, or Recurrence for a recurring one.");
        }
        if (r.endTime() != null) {
            if (r.endTime().isBefore(now)) throw Refusal.validation("Given end time is in the past");
            if (r.startTime() != null && !r.endTime().isAfter(r.startTime())) {
                throw Refusal.validation("Given end time must be after the start time");
            }
        }
        Instant next;
        if (r.startTime() != null && (recurrence == null || !r.startTime().isBefore(now))) {
            next = r.startTime();
        } else {
            next = within(recurrence.after(now.minusNanos(1)), r.endTime()).orElse(null);
        }
        return new ScheduledAction(g.id(), g.owner(), g.name(), r.name(), uuid, r.startTime(), r.endTime(), r.recurrence(),
                r.timeZone(), r.minSize(), r.maxSize(), r.desiredCapacity(), next);
    }

    /** The request {@code r} with what it does not give taken from the action {@code old} it updates. */
    static ScheduledActionRequest merged(ScheduledAction old, ScheduledActionRequest r) {
        return new ScheduledActionRequest(r.name(), or(r.startTime(), old.startTime()), or(r.endTime(), old.endTime()),
                or(r.recurrence(), old.recurrence()), or(r.timeZone(), old.timeZone()), or(r.minSize(), old.minSize()),
                or(r.maxSize(), old.maxSize()), or(r.desiredCapacity(), old.desiredCapacity()));
    }

    private static <T> T or(T given, T old) {
        return given != null ? given : old;
    }

    /** What to do with {@code a} at {@code now}. */
    public static Due due(ScheduledAction a, Instant now) {
        if (a.nextRun() == null || a.nextRun().isAfter(now)) return Due.WAIT;
        return Duration.between(a.nextRun(), now).compareTo(MISSED_RUN_WINDOW) > 0 ? Due.SKIP : Due.RUN;
    }

    /**
     * The action after its run (or skipped run) due at {@code a.nextRun()}, seen at {@code now}: empty
     * for a one-time action, which is deleted; else the same action at its next time after both,
     * with no next run once past its EndTime.
     */
    public static Optional<ScheduledAction> afterRun(ScheduledAction a, Instant now) {
        if (a.once()) return Optional.empty();
        Instant from = a.nextRun() == null || a.nextRun().isBefore(now) ? now : a.nextRun();
        Instant next = within(Recurrence.of(a.recurrence(), a.timeZone()).after(from), a.endTime()).orElse(null);
        return Optional.of(a.runningNext(next));
    }

    /** The UpdateAutoScalingGroup that a run of {@code a} makes (only its sizes). */
    public static GroupUpdate update(ScheduledAction a) {
        return new GroupUpdate(a.groupName(), null, a.minSize(), a.maxSize(), a.desiredCapacity(), null, GroupSettings.NONE);
    }

    /**
     * The activity of a run that changed {@code before} into {@code after}, with AWS's cause: "At T a
     * scheduled action update of AutoScalingGroup constraints to min: 1, max: 5, desired: 3 changing
     * the desired capacity from 1 to 3."
     */
    public static ScalingActivity ran(String activityId, ScheduledAction a, Group before, Group after, Instant now) {
        String cause = "At " + seconds(now) + " a scheduled action update of AutoScalingGroup constraints to min: "
                + after.minSize() + ", max: " + after.maxSize() + ", desired: " + after.desiredCapacity()
                + (after.desiredCapacity() != before.desiredCapacity() ? " changing the desired capacity from "
                        + before.desiredCapacity() + " to " + after.desiredCapacity() + "." : ".");
        return new ScalingActivity(activityId, after.id(), after.owner(), after.name(), "Scheduled action " + a.name()
                + ": updating the group's sizes", cause, now, now, ActivityStatus.Successful, null, 100, "{}");
    }

    /** The activity of a run whose sizes the group rules refused (the group stays as it was). */
    public static ScalingActivity refused(String activityId, ScheduledAction a, Group g, Refusal why, Instant now) {
        String cause = "At " + seconds(now) + " a scheduled action update of AutoScalingGroup constraints to min: "
                + shown(a.minSize()) + ", max: " + shown(a.maxSize()) + ", desired: " + shown(a.desiredCapacity())
                + " was refused.";
        return new ScalingActivity(activityId, g.id(), g.owner(), g.name(), "Scheduled action " + a.name()
                + ": updating the group's sizes", cause, now, now, ActivityStatus.Failed, why.getMessage(), 100, "{}");
    }

    /** The refusal of a Put that would give the group more than {@link #MAX_PER_GROUP} actions. */
    public static Refusal tooMany() {
        return Refusal.limitExceeded("Maximum number of scheduled actions per group reached: " + MAX_PER_GROUP + ".");
    }

    /** The refusal of a Delete of an action the group does not have. */
    public static Refusal notFound() {
        return Refusal.validation("Scheduled action name not found");
    }

    private static Optional<Instant> within(Optional<Instant> t, Instant end) {
        return t.filter(x -> end == null || !x.isAfter(end));
    }

    /** A time as AWS writes it in an activity's cause: to the second, {@code 2026-11-24T10:16:30Z}. */
    private static String seconds(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static String shown(Integer v) {
        return v == null ? "unchanged" : v.toString();
    }

    private static void nonNegative(Integer v, String name) {
        if (v != null && v < 0) throw Refusal.constraint(String.valueOf(v), name, "Member must be >= 0");
    }
}
