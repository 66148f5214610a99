package phantom.reconcile;

import java.time.Duration;
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
 */
final class SiteLanes implements AutoCloseable {
    /** One call to a driver. */
    interface CloudCall<T> {
        T call() throws CloudFault;
    }

    private final int parallelism;
    private final Duration timeout;
    private final ConcurrentMap<String, Semaphore> lanes = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cloud-call-", 0).factory());

    SiteLanes(int parallelism, Duration timeout) {
        this.parallelism = parallelism;
        this.timeout = timeout;
    }

    /**
     * Runs {@code call} on {@code site} once a place in its lane is free and waits for it at most
     * the call timeout.
     *
     * @param what the operation, for messages ("launch", "terminate i-123", "list")
     * @throws InterruptedException when the caller is interrupted (the call is interrupted too)
     */
    <T> T call(String site, String what, CloudCall<T> call) throws CloudFault, InterruptedException {
        Semaphore lane = lanes.computeIfAbsent(site, s -> new Semaphore(parallelism, true));
        lane.acquire();
        try {
            Future<T> running = calls.submit(call::call);
            try {
                return running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                running.cancel(true);
                throw new CloudFault(FaultClass.TRANSIENT, "RequestTimeout",
                        what + " on " + site + " did not answer within " + text(timeout));
            } catch (InterruptedException e) {
                running.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CloudFault fault) throw fault;
                throw new CloudFault(FaultClass.TRANSIENT, "DriverError",
                        what + " on " + site + " failed inside the driver: " + cause, cause);
            }
        } finally {
            lane.release();
        }
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
