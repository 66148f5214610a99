package phantom.server.ops;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@code /readyz} answers (pure): ready when the database answered and the reconciler's resync
 * ended within its interval plus {@link #SLACK} (a resync runs every interval after the previous
 * one ended, and a round itself takes time: the slack keeps a busy but live loop ready). Before the
 * first round the time since the start counts, so a node that just started is ready until a first
 * round is overdue.
 *
 * @param reason why not, in an operator's words; empty when ready
 */
public record Readiness(boolean ready, String reason) {
    public static final Duration SLACK = Duration.ofSeconds(30);

    /**
     * @param databaseProblem what went wrong reaching the database, empty when it answered
     * @param resyncAge time since the last resync ended (or since the start before the first)
     * @param resyncInterval the engine's resync interval
     */
    public static Readiness judge(Optional<String> databaseProblem, Duration resyncAge, Duration resyncInterval,
            boolean resyncRan) {
        if (databaseProblem.isPresent()) return new Readiness(false, "the database did not answer: " + databaseProblem.get());
        Duration allowed = resyncInterval.plus(SLACK);
        if (resyncAge.compareTo(allowed) > 0) {
            return new Readiness(false, (resyncRan ? "the last resync ended " + seconds(resyncAge) + " ago"
                    : "no resync has ended since the start " + seconds(resyncAge) + " ago")
                    + ", more than its interval " + seconds(resyncInterval) + " plus " + seconds(SLACK)
                    + ": the reconciler is stalled");
        }
        return new Readiness(true, "");
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : String.format(java.util.Locale.ROOT, "%.1f", s)) + " s";
    }
}
