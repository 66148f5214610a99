package phantom.reconcile;

import java.time.Duration;

/**
 * One round of the engine's resync ({@link Reconciler#lastResync()}): every group decided in memory
 * against the site watchers' snapshots, and only those with something to do enqueued.
 *
 * @param groups groups checked
 * @param enqueued groups enqueued for a pass
 * @param wall the round's wall time
 * @param cpu the CPU time of the thread that ran the round (zero where the JVM cannot measure it)
 */
public record ResyncRound(int groups, int enqueued, Duration wall, Duration cpu) {
}
