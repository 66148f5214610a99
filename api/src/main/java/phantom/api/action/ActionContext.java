package phantom.api.action;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import phantom.api.ApiError;
import phantom.api.GroupChanged;
import phantom.api.Limits;
import phantom.api.SiteCatalog;
import phantom.store.ConcurrentUpdate;
import phantom.store.Database;

/**
 * What the actions share: the store, the configured sites, the clock, the limits, the reconciler's
 * doorbell, and the installation id that prefixes every group uuid ({@link phantom.core.model.Installation}).
 */
public record ActionContext(Database db, SiteCatalog sites, Clock clock, Limits limits, GroupChanged groupChanged,
        String installation) {
    /** How often a write that lost a race for a group is run again before the caller is told. */
    static final int WRITE_ATTEMPTS = 25;

    /**
     * Runs an action's writes in one transaction. When another write changed the same group first
     * ({@link ConcurrentUpdate}), the whole work runs again after a short random pause: every
     * action's work reads the group it changes inside the transaction, so it decides afresh on the
     * current row. After {@link #WRITE_ATTEMPTS} lost races the answer is 400
     * {@code ResourceContention}, as AWS answers, and nothing was written.
     */
    public <T> T transaction(Database.Work<T> work) {
        return retryingLostRaces(() -> db.transaction(work));
    }

    /** Runs {@code attempt} until it does not lose a race, at most {@link #WRITE_ATTEMPTS} times. */
    static <T> T retryingLostRaces(java.util.function.Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (ConcurrentUpdate e) {
                if (n >= WRITE_ATTEMPTS) {
                    throw ApiError.resourceContention("You already have a pending update to an Auto Scaling"
                            + " resource (for example, a group, instance, or load balancer).");
                }
                pause(n);
            }
        }
    }

    /** Up to a few milliseconds per attempt, at random, so racing writers stop colliding. */
    private static void pause(int attempt) {
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(100, 1_000L * Math.min(attempt, 10) + 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.resourceContention("The request was interrupted while waiting to update the group.");
        }
    }
}
