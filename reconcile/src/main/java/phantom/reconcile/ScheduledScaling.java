package phantom.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.model.ScheduledAction;
import phantom.groups.ScheduleService;
import phantom.store.LeaseLost;

/**
 * Runs the scheduled actions on time. Every {@code period} it reads the actions due by the clock's
 * now (their next run is stored, so a restart loses none), and runs each whose group this node
 * owns, under the group's lease and fenced like the engine's other writes; the decisions (run, skip
 * a missed run, the next time) are {@link phantom.core.group.ScheduleRules}', the write is
 * {@link ScheduleService#run}'s. {@link #runDue} runs one round on the caller's thread, on the
 * service's clock: tests drive it without sleeping.
 */
public final class ScheduledScaling implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScheduledScaling.class);
    /** How often the due actions are read: AWS runs an action within seconds of its time. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    private final ScheduleService schedules;
    private final Ownership ownership;
    private final Ticker ticker;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scheduled-actions");
        t.setDaemon(true);
        return t;
    });

    public ScheduledScaling(ScheduleService schedules, Ownership ownership, Duration period, MeterRegistry registry) {
        this.schedules = schedules;
        this.ownership = ownership;
        this.period = period;
        this.ticker = new Ticker("scheduled actions", period, registry, this::runDue);
    }

    /** Runs a round every period from now on. */
    public void start() {
        timer.scheduleWithFixedDelay(ticker, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One round: every due action of a group this node owns runs; returns how many were applied or skipped. */
    public int runDue() {
        int done = 0;
        for (ScheduledAction a : schedules.due()) {
            Optional<String> uuid = schedules.groupUuid(a.groupId());
            if (uuid.isEmpty() || !ownership.owns(uuid.get())) continue;
            Optional<Ownership.Lease> lease = ownership.enter(uuid.get());
            if (lease.isEmpty()) continue; // handing the shard over: its next owner runs it
            try (Ownership.Lease l = lease.get()) {
                ScheduleService.Ran ran = schedules.run(a.groupId(), a.name(), l::fence);
                if (ran != ScheduleService.Ran.NOTHING) {
                    done++;
                    log.info("scheduled action {} of {}/{}: {}", a.name(), a.owner(), a.groupName(), ran);
                }
            } catch (LeaseLost e) {
                log.info("scheduled action {} of {}/{} not run: {}", a.name(), a.owner(), a.groupName(), e.getMessage());
            }
        }
        return done;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
