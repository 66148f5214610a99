package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue on its own, with passes that the test controls. */
class WorkQueueTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Long> runs = new CopyOnWriteArrayList<>();
    private final Map<Long, AtomicInteger> inPass = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private WorkQueue queue;

    @AfterEach
    void tearDown() {
        if (queue != null) queue.close(Duration.ofSeconds(1));
        scheduler.shutdownNow();
    }

    private WorkQueue queue(WorkQueue.Work work) {
        queue = new WorkQueue(id -> {
            if (inPass.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) overlaps.incrementAndGet();
            try {
                runs.add(id);
                return work.run(id);
            } finally {
                inPass.get(id).decrementAndGet();
            }
        }, 4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(40), scheduler);
        return queue;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released in time").isTrue();
    }

    @Test
    void a_pass_that_asks_for_nothing_more_drops_the_timer_an_earlier_pass_set() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        queue = new WorkQueue(id -> {
            if (passes.incrementAndGet() == 1) {
                first.countDown();
                return Optional.of(Duration.ofSeconds(30)); // e.g. a VM's boot deadline
            }
            second.countDown();
            return Optional.empty(); // the VM has started: nothing to check any more
        }, 1, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(60), scheduler);
        queue.start();
        queue.enqueue(7);
        await(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.hasTimer(7) && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(queue.hasTimer(7)).as("the first pass's next check is scheduled").isTrue();

        queue.enqueue(7); // the watcher's event: the VM runs
        await(second);
        while (queue.hasTimer(7) && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(queue.hasTimer(7)).as("the second pass's answer replaced the first's timer").isFalse();
        assertThat(passes).hasValue(2);
    }

    @Test
    void a_group_enqueued_during_its_pass_runs_once_more_after_it() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        WorkQueue q = queue(id -> {
            entered.countDown();
            if (runs.size() == 1) await(release);
            second.countDown();
            return Optional.empty();
        });
        q.start();
        q.enqueue(7);
        await(entered);
        for (int k = 0; k < 50; k++) q.enqueue(7); // all while the first pass runs
        release.countDown();
        await(second);

        assertThat(runs).containsExactly(7L, 7L);
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void run_now_waits_for_the_workers_pass_of_the_same_group() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkQueue q = queue(id -> {
            entered.countDown();
            await(release);
            return Optional.empty();
        });
        q.start();
        q.enqueue(3);
        await(entered);
        String[] result = new String[1];
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                result[0] = q.runNow(3, () -> {
                    assertThat(release.getCount()).as("the worker's pass ended first").isZero();
                    return "mine";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(caller.getState()).as("runNow waits").isEqualTo(Thread.State.WAITING);
        release.countDown();
        caller.join(10_000);
        assertThat(result[0]).isEqualTo("mine");
    }

    @Test
    void different_groups_run_in_parallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        queue(id -> {
            both.countDown();
            await(both); // each pass waits for the other: only parallel passes get through
            return Optional.empty();
        }).start();
        queue.enqueue(1);
        queue.enqueue(2);
        await(both);
        assertThat(runs).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void a_failing_pass_is_counted_and_retried_until_it_succeeds() throws Exception {
        CountDownLatch succeeded = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        queue(id -> {
            if (calls.incrementAndGet() <= 3) throw new IllegalStateException("boom " + calls.get());
            succeeded.countDown();
            return Optional.empty();
        }).start();
        queue.enqueue(5);
        await(succeeded);
        assertThat(queue.failedPasses()).isEqualTo(3);
        assertThat(runs).containsExactly(5L, 5L, 5L, 5L);
    }

    @Test
    void a_requested_next_pass_comes_back_by_itself() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        queue(id -> {
            three.countDown();
            return three.getCount() > 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }).start();
        queue.enqueue(9);
        await(three);
        assertThat(runs).containsExactly(9L, 9L, 9L);
    }

    @Test
    void retry_delays_double_up_to_the_longest() {
        WorkQueue q = queue(id -> Optional.empty());
        assertThat(List.of(q.retryDelay(1), q.retryDelay(2), q.retryDelay(3), q.retryDelay(10)))
                .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(40));
    }

    @Test
    void nothing_runs_after_close() throws Exception {
        WorkQueue q = queue(id -> Optional.empty());
        q.start();
        q.close(Duration.ofSeconds(1));
        q.enqueue(1);
        q.enqueueAfter(1, Duration.ZERO);
        assertThat(q.pending()).isZero();
        assertThat(runs).isEmpty();
    }

    @Test
    void a_change_overtakes_a_queue_full_of_resync_work_and_each_group_is_queued_once() throws Exception {
        CountDownLatch all = new CountDownLatch(1001);
        // One worker, so the order the passes run in is the order they are taken in.
        WorkQueue q = new WorkQueue(id -> {
            runs.add(id);
            all.countDown();
            return Optional.empty();
        }, 1, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(40), scheduler);
        queue = q;
        for (long id = 1; id <= 1000; id++) q.enqueueBackground(id);
        for (long id = 1; id <= 1000; id++) q.enqueueBackground(id); // again: still queued once
        q.enqueue(5000); // a SetDesiredCapacity
        q.enqueue(500); // a watch event for a group already waiting in the background: it moves ahead
        q.enqueue(5000);
        assertThat(q.waiting()).containsExactly(2, 999);
        assertThat(q.pending()).isEqualTo(1001);
        assertThat(q.waitingGroups()).startsWith(5000L, 500L);

        q.start();
        await(all);

        assertThat(runs).as("the changes first, then the background work in its order")
                .startsWith(5000L, 500L, 1L, 2L, 3L).hasSize(1001).doesNotHaveDuplicates();
    }
}
