package phantom.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/**
 * Every cloud call goes through here: at most {@code parallelism} calls in flight per site (across
 * all groups and the orphan sweep), each bounded by the call timeout. A call that takes longer, or
 * a driver that breaks its contract by throwing an unchecked exception, comes back as a TRANSIENT
 * {@link CloudFault}, so one bad site or driver can never stall or kill the loop.
 *
 * <p>A call that times out is interrupted and its place in the lane is given back at once; a
 * driver that ignores interruption may therefore exceed the bound until it returns.
 *
 * <p>{@link #refuseNewCalls()} (shutting down) makes every call not yet started, waiting for its
 * lane or not, throw {@link InterruptedException} without reaching the driver; the calls in flight
 * run on, and {@link #inFlight()} says what they are.
 */
final class SiteLanes implements AutoCloseable {
    /** One call to a driver. */
    interface CloudCall<T> {
        T call() throws CloudFault;
    }

    /** The code of the fault a call that took longer than the call timeout comes back as. */
    static final String TIMED_OUT = "RequestTimeout";

    private final int parallelism;
    private final Duration timeout;
    private final ConcurrentMap<String, Semaphore> lanes = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cloud-call-", 0).factory());
    /** Calls in flight by site, then by kind ("launch", "terminate", "list"). */
    private final ConcurrentMap<String, Map<String, Integer>> running = new ConcurrentHashMap<>();
    private volatile boolean refusing;
    private final EngineMetrics metrics;

    SiteLanes(int parallelism, Duration timeout) {
        this(parallelism, timeout, EngineMetrics.none());
    }

    /** @param metrics where each call's outcome and latency go ({@code phantom_cloud_call_seconds}) */
    SiteLanes(int parallelism, Duration timeout, EngineMetrics metrics) {
        this.parallelism = parallelism;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** The engine's metrics, for the callers that count what their calls did (launches, terminations). */
    EngineMetrics metrics() {
        return metrics;
    }

    /**
     * Runs {@code call} on {@code site} once a place in its lane is free and waits for it at most
     * the call timeout.
     *
     * @param what the operation, for messages ("launch", "terminate i-123", "list")
     * @throws InterruptedException when the caller is interrupted (the call is interrupted too), or
     *     when new calls are refused (shutting down): then the driver was not called
     */
    <T> T call(String site, String what, CloudCall<T> call) throws CloudFault, InterruptedException {
        Semaphore lane = lanes.computeIfAbsent(site, s -> new Semaphore(parallelism, true));
        while (!lane.tryAcquire(50, TimeUnit.MILLISECONDS)) refuseIfShuttingDown(site, what);
        String kind = what.split(" ", 2)[0];
        try {
            refuseIfShuttingDown(site, what);
            running.computeIfAbsent(site, s -> new ConcurrentHashMap<>()).merge(kind, 1, Integer::sum);
        } catch (InterruptedException e) {
            lane.release();
            throw e;
        }
        long started = System.nanoTime();
        boolean judged = false;
        CloudFault failed = null;
        try {
            Future<T> running = calls.submit(call::call);
            try {
                T result = running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                judged = true;
                return result;
            } catch (TimeoutException e) {
                running.cancel(true);
                failed = new CloudFault(FaultClass.TRANSIENT, TIMED_OUT,
                        what + " on " + site + " did not answer within " + text(timeout));
                judged = true;
                throw failed;
            } catch (InterruptedException e) {
                running.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof phantom.store.LeaseLost lost) throw lost; // the call checked its lease first: not made
                if (cause instanceof phantom.core.driver.LaunchGuard.Refused refused) throw refused; // the driver asked: not made
                failed = cause instanceof CloudFault fault ? fault : new CloudFault(FaultClass.TRANSIENT, "DriverError",
                        what + " on " + site + " failed inside the driver: " + cause, cause);
                judged = true;
                throw failed;
            }
        } finally {
            long took = System.nanoTime() - started;
            if (judged) metrics.cloudCall(site, kind, failed, took);
            else metrics.cloudCallCut(site, kind, took);
            running.get(site).merge(kind, -1, (a, b) -> a + b == 0 ? null : a + b);
            lane.release();
        }
    }

    private void refuseIfShuttingDown(String site, String what) throws InterruptedException {
        if (refusing) throw new InterruptedException("shutting down: " + what + " on " + site + " not started");
    }

    /**
     * Whether a call's outcome is unknown because it did not answer in time: the cloud may still
     * carry it out (a driver may not stop at the interrupt, or the reply was lost on the way).
     */
    static boolean timedOut(CloudFault f) {
        return f.faultClass() == FaultClass.TRANSIENT && TIMED_OUT.equals(f.code());
    }

    /** From now on no call reaches a driver; the calls in flight go on. */
    void refuseNewCalls() {
        refusing = true;
    }

    /** The calls in flight, e.g. "3 launches and 1 listing on hotel, 1 termination on sierra"; empty when none. */
    String inFlight() {
        List<String> sites = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> site : new TreeMap<String, Map<String, Integer>>(running).entrySet()) {
            List<String> kinds = new ArrayList<>();
            for (Map.Entry<String, Integer> kind : new TreeMap<>(site.getValue()).entrySet()) {
                kinds.add(kind.getValue() + " " + plural(kind.getKey(), kind.getValue()));
            }
            if (!kinds.isEmpty()) sites.add(String.join(" and ", kinds) + " on " + site.getKey());
        }
        return String.join(", ", sites);
    }

    private static String plural(String kind, int n) {
        String noun = switch (kind) {
            case "launch" -> n == 1 ? "launch" : "launches";
            case "terminate" -> n == 1 ? "termination" : "terminations";
            case "list" -> n == 1 ? "listing" : "listings";
            default -> n == 1 ? kind + " call" : kind + " calls";
        };
        return noun;
    }

    /** Waits until no call is in flight, or {@code until} (System.nanoTime) passes; true when none is. */
    boolean awaitIdle(long until) throws InterruptedException {
        while (!inFlight().isEmpty()) {
            if (until - System.nanoTime() <= 0) return false;
            Thread.sleep(20);
        }
        return true;
    }

    /** "60 s", or "250 ms" below a second. */
    static String text(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
