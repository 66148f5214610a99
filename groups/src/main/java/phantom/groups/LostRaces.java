package phantom.groups;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import phantom.core.group.Refusal;
import phantom.store.ConcurrentUpdate;
import phantom.store.Database;

/**
 * Writes that may lose a race for a group. When another write changed the same group first
 * ({@link ConcurrentUpdate}), the whole work runs again after a short random pause: every write
 * reads the group it changes inside its transaction, so it decides afresh on the current row.
 * After {@link #WRITE_ATTEMPTS} lost races the answer is {@code ResourceContention}, as AWS
 * answers, and nothing was written.
 */
public final class LostRaces {
    /** How often a write that lost a race for a group is run again before the caller is told. */
    static final int WRITE_ATTEMPTS = 25;

    private LostRaces() {
    }

    /** Runs {@code work} in one transaction of {@code db}, again while it loses races. */
    public static <T> T transaction(Database db, Database.Work<T> work) {
        return retried(() -> db.transaction(work));
    }

    /** Runs {@code attempt} until it does not lose a race, at most {@link #WRITE_ATTEMPTS} times. */
    static <T> T retried(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (ConcurrentUpdate e) {
                if (n >= WRITE_ATTEMPTS) {
                    throw Refusal.resourceContention("You already have a pending update to an Auto Scaling"
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
            throw Refusal.resourceContention("The request was interrupted while waiting to update the group.");
        }
    }
}
