package phantom.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's size bounded while {@code phantom serve} runs: every {@link #PERIOD} it
 * deletes scaling activities older than {@link #KEEP_ACTIVITIES} (AWS keeps six weeks of them
 * too), then {@linkplain Database#compact compacts} the embedded file. (Finished instance rows
 * are removed by the orphan sweep.)
 */
public final class Housekeeping implements AutoCloseable {
    public static final Duration KEEP_ACTIVITIES = Duration.ofDays(42);
    static final Duration PERIOD = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final Database db;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public Housekeeping(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Runs {@link #once} now and every {@link #PERIOD} on a daemon thread, until {@link #close}. */
    public static Housekeeping start(Database db, Clock clock) {
        Housekeeping h = new Housekeeping(db, clock);
        h.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phantom-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        h.scheduler.scheduleWithFixedDelay(h::safely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return h;
    }

    /** One round: old activities deleted, the file compacted. Returns how many activities went. */
    public int once() {
        Instant cutoff = clock.instant().minus(KEEP_ACTIVITIES);
        int deleted = db.transaction(tx -> tx.activities().deleteOlderThan(cutoff));
        db.compact();
        if (deleted > 0) log.debug("removed {} scaling activities that started before {}", deleted, cutoff);
        return deleted;
    }

    private void safely() {
        try {
            once();
        } catch (Throwable t) { // a failed round must not end the schedule
            log.warn("store housekeeping failed; trying again in {}: {}", PERIOD, t.toString());
        }
    }

    @Override
    public void close() {
        if (scheduler == null) return;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
