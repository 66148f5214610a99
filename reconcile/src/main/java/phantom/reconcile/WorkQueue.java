package phantom.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.LinkedHashSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups waiting for a pass, and the workers that run them. A group is in the queue at most once,
 * so the queue is bounded by the number of groups, and it is never in two passes at once: a group
 * enqueued while its pass runs is marked dirty and runs again right after.
 *
 * <p>Two priorities: changes ({@link #enqueue}: the API, a watcher's event, a timer the group
 * asked for, a retry) go ahead of the resync's background work ({@link #enqueueBackground}), so a
 * change acts at once even while thousands of groups wait for their resync pass; a group waiting
 * in the background moves ahead when a change concerns it. A pass that throws is logged, counted,
 * and retried after a backoff (doubling from {@code firstRetry} up to {@code longest}); the
 * workers (virtual threads) never die of it.
 */
final class WorkQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);

    /** One pass of a group; returns how long until the group wants its next pass, if it does. */
    interface Work {
        Optional<Duration> run(long groupId) throws Exception;
    }

    private enum State { QUEUED, RUNNING, RUNNING_DIRTY, RUNNING_DIRTY_BACKGROUND }

    private record Timer(long dueNanos, ScheduledFuture<?> future) {
    }

    private final Work work;
    private final java.util.function.LongFunction<String> names;
    private final int workerCount;
    private final Duration shortest;
    private final Duration firstRetry;
    private final Duration longest;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a group is queued (workers wait on it). */
    private final Condition ready = lock.newCondition();
    /** Signalled when a pass ends (runNow waits on it). */
    private final Condition done = lock.newCondition();
    private final Map<Long, State> states = new HashMap<>();
    private final Map<Long, Integer> failures = new HashMap<>();
    private final Map<Long, Timer> timers = new HashMap<>();
    private final LinkedHashSet<Long> urgent = new LinkedHashSet<>();
    private final LinkedHashSet<Long> background = new LinkedHashSet<>();
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
        this(work, workerCount, shortest, firstRetry, longest, scheduler, id -> "group #" + id);
    }

    /** @param names how the log names a group ("owner/name"), by its id */
    WorkQueue(Work work, int workerCount, Duration shortest, Duration firstRetry, Duration longest,
            ScheduledExecutorService scheduler, java.util.function.LongFunction<String> names) {
        this.names = names;
        this.work = work;
        this.workerCount = workerCount;
        this.shortest = shortest;
        this.firstRetry = firstRetry.compareTo(longest) > 0 ? longest : firstRetry;
        this.longest = longest;
        this.scheduler = scheduler;
    }

    void start() {
        lock.lock();
        try {
            if (started || closed) return;
            started = true;
            for (int k = 0; k < workerCount; k++) {
                workers.add(Thread.ofVirtual().name("reconcile-worker-" + k).start(this::workLoop));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Asks for a pass of the group as soon as a worker is free, ahead of background work. Cheap; any thread. */
    void enqueue(long groupId) {
        add(groupId, true);
    }

    /** Asks for a pass of the group after every change already queued (the resync's work). */
    void enqueueBackground(long groupId) {
        add(groupId, false);
    }

    private void add(long groupId, boolean change) {
        lock.lock();
        try {
            if (closed) return;
            State s = states.get(groupId);
            if (s == null) {
                states.put(groupId, State.QUEUED);
                (change ? urgent : background).add(groupId);
                ready.signal();
            } else if (s == State.QUEUED) {
                if (change && background.remove(groupId)) urgent.add(groupId);
            } else if (s == State.RUNNING) {
                states.put(groupId, change ? State.RUNNING_DIRTY : State.RUNNING_DIRTY_BACKGROUND);
            } else if (s == State.RUNNING_DIRTY_BACKGROUND && change) {
                states.put(groupId, State.RUNNING_DIRTY);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The groups waiting, changes first, each in the order it runs. */
    List<Long> waitingGroups() {
        lock.lock();
        try {
            List<Long> out = new ArrayList<>(urgent);
            out.addAll(background);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Groups waiting: (changes, background). */
    int[] waiting() {
        lock.lock();
        try {
            return new int[] {urgent.size(), background.size()};
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks for a pass after {@code delay} (bounded to [shortest, longest]); of several requests for
     * one group only the earliest is kept. Ignored until the queue is started.
     */
    void enqueueAfter(long groupId, Duration delay) {
        Duration d = delay.compareTo(shortest) < 0 ? shortest : delay.compareTo(longest) > 0 ? longest : delay;
        long due = System.nanoTime() + d.toNanos();
        lock.lock();
        try {
            if (!started || closed) return;
            Timer existing = timers.get(groupId);
            if (existing != null && existing.dueNanos() - due <= 0 && !existing.future().isDone()) return;
            if (existing != null) existing.future().cancel(false);
            try {
                ScheduledFuture<?> f = scheduler.schedule(() -> {
                    lock.lock();
                    try {
                        Timer t = timers.get(groupId);
                        if (t != null && t.dueNanos() - System.nanoTime() <= 0) timers.remove(groupId);
                    } finally {
                        lock.unlock();
                    }
                    enqueue(groupId);
                }, d.toNanos(), TimeUnit.NANOSECONDS);
                timers.put(groupId, new Timer(due, f));
            } catch (RejectedExecutionException e) {
                timers.remove(groupId); // the scheduler is shutting down with the reconciler
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a timer will enqueue the group (for tests). */
    boolean hasTimer(long groupId) {
        lock.lock();
        try {
            return timers.containsKey(groupId);
        } finally {
            lock.unlock();
        }
    }

    /** Drops the group's timer, if it has one. */
    private void cancelTimer(long groupId) {
        lock.lock();
        try {
            Timer t = timers.remove(groupId);
            if (t != null) t.future().cancel(false);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code pass} on the caller's thread as the group's pass, once no other pass of it runs. */
    <T> T runNow(long groupId, Callable<T> pass) throws Exception {
        lock.lockInterruptibly();
        try {
            while (states.containsKey(groupId) && states.get(groupId) != State.QUEUED) done.await();
            // A queued pass of the group is this one now.
            urgent.remove(groupId);
            background.remove(groupId);
            states.put(groupId, State.RUNNING);
        } finally {
            lock.unlock();
        }
        try {
            return pass.call();
        } finally {
            finished(groupId);
        }
    }

    /** Groups queued or in a pass. */
    int pending() {
        lock.lock();
        try {
            return states.size();
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            running = List.copyOf(workers);
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            timers.values().forEach(t -> t.future().cancel(false));
            timers.clear();
            urgent.clear();
            background.clear();
            ready.signalAll();
            done.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void workLoop() {
        while (true) {
            long groupId;
            lock.lock();
            try {
                while (!closed && urgent.isEmpty() && background.isEmpty()) ready.await();
                if (closed) return;
                groupId = urgent.isEmpty() ? background.removeFirst() : urgent.removeFirst();
                states.put(groupId, State.RUNNING);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
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
            lock.lock();
            try {
                failures.remove(groupId);
            } finally {
                lock.unlock();
            }
            // A pass is level-triggered: what it asks for next replaces any timer set before it
            // (e.g. a boot deadline of a VM that has started since), so no pass runs for nothing.
            cancelTimer(groupId);
            next.ifPresent(d -> enqueueAfter(groupId, d));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("pass of {} interrupted (shutting down)", names.apply(groupId));
        } catch (phantom.store.LeaseLost e) {
            // another node has the group now (docs/cluster.md): nothing to retry here
            log.info("pass of {} stopped: {}", names.apply(groupId), e.getMessage());
        } catch (Throwable t) {
            int n;
            lock.lock();
            try {
                n = failures.merge(groupId, 1, Integer::sum);
            } finally {
                lock.unlock();
            }
            failedPasses.incrementAndGet();
            Duration retry = retryDelay(n);
            // the first failure with its stack trace; then one identical line, which the log folds while it lasts
            if (n == 1) log.warn("pass of {} failed; retrying in {}", names.apply(groupId), retry, t);
            else log.warn("pass of {} still fails, retrying: {}", names.apply(groupId), t.toString());
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
        lock.lock();
        try {
            State s = states.remove(groupId);
            if ((s == State.RUNNING_DIRTY || s == State.RUNNING_DIRTY_BACKGROUND) && !closed) {
                states.put(groupId, State.QUEUED);
                (s == State.RUNNING_DIRTY ? urgent : background).add(groupId);
                ready.signal();
            }
            done.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
