package phantom.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups waiting for a pass, and the workers that run them. A group is never in two passes at
 * once: a group enqueued while its pass runs is marked dirty and runs again right after. A pass
 * that throws is logged, counted, and retried after a backoff (doubling from {@code firstRetry}
 * up to {@code longest}); the workers never die of it.
 */
final class WorkQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);
    private static final long WAKE_UP = Long.MIN_VALUE;

    /** One pass of a group; returns how long until the group wants its next pass, if it does. */
    interface Work {
        Optional<Duration> run(long groupId) throws Exception;
    }

    private enum State { QUEUED, RUNNING, RUNNING_DIRTY }

    private record Timer(long dueNanos, ScheduledFuture<?> future) {
    }

    private final Work work;
    private final int workerCount;
    private final Duration shortest;
    private final Duration firstRetry;
    private final Duration longest;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private final Map<Long, State> states = new HashMap<>();
    private final Map<Long, Integer> failures = new HashMap<>();
    private final Map<Long, Timer> timers = new HashMap<>();
    private final LinkedBlockingQueue<Long> ready = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong failedPasses = new AtomicLong();
    private boolean started;
    private boolean closed;

    /**
     * @param shortest the least delay before a requested next pass
     * @param longest the most delay, for requested passes and retries
     */
    WorkQueue(Work work, int workerCount, Duration shortest, Duration firstRetry, Duration longest,
            ScheduledExecutorService scheduler) {
        this.work = work;
        this.workerCount = workerCount;
        this.shortest = shortest;
        this.firstRetry = firstRetry.compareTo(longest) > 0 ? longest : firstRetry;
        this.longest = longest;
        this.scheduler = scheduler;
    }

    void start() {
        synchronized (lock) {
            if (started || closed) return;
            started = true;
            for (int k = 0; k < workerCount; k++) {
                workers.add(Thread.ofVirtual().name("reconcile-worker-" + k).start(this::workLoop));
            }
        }
    }

    /** Asks for a pass of the group as soon as a worker is free. Cheap; any thread. */
    void enqueue(long groupId) {
        synchronized (lock) {
            if (closed) return;
            State s = states.get(groupId);
            if (s == null) {
                states.put(groupId, State.QUEUED);
                ready.add(groupId);
            } else if (s == State.RUNNING) {
                states.put(groupId, State.RUNNING_DIRTY);
            }
        }
    }

    /**
     * Asks for a pass after {@code delay} (bounded to [shortest, longest]); of several requests for
     * one group only the earliest is kept. Ignored until the queue is started.
     */
    void enqueueAfter(long groupId, Duration delay) {
        Duration d = delay.compareTo(shortest) < 0 ? shortest : delay.compareTo(longest) > 0 ? longest : delay;
        long due = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            if (!started || closed) return;
            Timer existing = timers.get(groupId);
            if (existing != null && existing.dueNanos() - due <= 0 && !existing.future().isDone()) return;
            if (existing != null) existing.future().cancel(false);
            try {
                ScheduledFuture<?> f = scheduler.schedule(() -> {
                    synchronized (lock) {
                        Timer t = timers.get(groupId);
                        if (t != null && t.dueNanos() - System.nanoTime() <= 0) timers.remove(groupId);
                    }
                    enqueue(groupId);
                }, d.toNanos(), TimeUnit.NANOSECONDS);
                timers.put(groupId, new Timer(due, f));
            } catch (RejectedExecutionException e) {
                timers.remove(groupId); // the scheduler is shutting down with the reconciler
            }
        }
    }

    /** Runs {@code pass} on the caller's thread as the group's pass, once no other pass of it runs. */
    <T> T runNow(long groupId, Callable<T> pass) throws Exception {
        synchronized (lock) {
            while (states.get(groupId) == State.RUNNING || states.get(groupId) == State.RUNNING_DIRTY) lock.wait();
            states.put(groupId, State.RUNNING);
        }
        try {
            return pass.call();
        } finally {
            finished(groupId);
        }
    }

    /** Groups queued or in a pass. */
    int pending() {
        synchronized (lock) {
            return states.size();
        }
    }

    /** Passes that threw, since the start. */
    long failedPasses() {
        return failedPasses.get();
    }

    /** Stops taking work, waits up to {@code wait} for the passes in progress, then interrupts them. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    void close(Duration wait) {
        stopTaking();
        List<Thread> running;
        synchronized (lock) {
            running = List.copyOf(workers);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (Thread t : running) {
                long left = deadline - System.nanoTime();
                if (left > 0) t.join(Duration.ofNanos(left));
            }
            for (Thread t : running) t.interrupt();
            for (Thread t : running) t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts no pass from now on; the passes in progress go on. */
    void stopTaking() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            timers.values().forEach(t -> t.future().cancel(false));
            timers.clear();
            for (int k = 0; k < workers.size(); k++) ready.add(WAKE_UP);
            lock.notifyAll();
        }
    }

    private void workLoop() {
        while (true) {
            long groupId;
            try {
                groupId = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (closed) return;
                if (groupId == WAKE_UP || states.get(groupId) != State.QUEUED) continue;
                states.put(groupId, State.RUNNING);
            }
            try {
                runOne(groupId);
            } finally {
                finished(groupId);
            }
        }
    }

    private void runOne(long groupId) {
        try {
            Optional<Duration> next = work.run(groupId);
            synchronized (lock) {
                failures.remove(groupId);
            }
            next.ifPresent(d -> enqueueAfter(groupId, d));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("pass of group {} interrupted (shutting down)", groupId);
        } catch (Throwable t) {
            int n;
            synchronized (lock) {
                n = failures.merge(groupId, 1, Integer::sum);
            }
            failedPasses.incrementAndGet();
            Duration retry = retryDelay(n);
            log.warn("pass of group {} failed ({} in a row); retrying in {}", groupId, n, retry, t);
            enqueueAfter(groupId, retry);
        }
    }

    /** {@code firstRetry} doubled per consecutive failure, at most {@code longest}. */
    Duration retryDelay(int consecutiveFailures) {
        Duration d = firstRetry;
        for (int k = 1; k < consecutiveFailures && d.compareTo(longest) < 0; k++) d = d.multipliedBy(2);
        return d.compareTo(longest) > 0 ? longest : d;
    }

    private void finished(long groupId) {
        synchronized (lock) {
            State s = states.remove(groupId);
            if (s == State.RUNNING_DIRTY && !closed) {
                states.put(groupId, State.QUEUED);
                ready.add(groupId);
            }
            lock.notifyAll();
        }
    }
}
