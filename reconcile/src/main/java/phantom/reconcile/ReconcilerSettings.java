package phantom.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * How the reconciler paces itself. {@link #DEFAULT} is the one source of the engine's defaults:
 * the server's configuration ({@code engine.*} keys) falls back to it.
 *
 * @param resync every group is reconciled at least this often, and orphans are swept this often;
 *     it is also the longest delay between a group's passes after failures
 * @param bootTimeout a VM not running this long after its launch was recorded is replaced
 * @param parallelismPerSite the most cloud calls (launch, terminate, list) in flight on one site,
 *     across all groups
 * @param callTimeout the longest one cloud call may take; a call that takes longer counts as a
 *     TRANSIENT failure ({@code RequestTimeout})
 * @param shutdownTimeout how long {@link Reconciler#close()} waits for the cloud calls in flight
 *     to return before it cuts them short (their intents stay recorded and resume at the next start)
 */
public record ReconcilerSettings(Duration resync, Duration bootTimeout, int parallelismPerSite, Duration callTimeout,
        Duration shutdownTimeout) {
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * 10 s resync, 300 s boot timeout (the original's), 8 calls per site, 60 s per call (the
     * original's), 30 s to wait for calls in flight when stopping.
     */
    public static final ReconcilerSettings DEFAULT = new ReconcilerSettings(Duration.ofSeconds(10),
            Duration.ofSeconds(300), 8, Duration.ofSeconds(60), DEFAULT_SHUTDOWN_TIMEOUT);

    public ReconcilerSettings {
        positive(resync, "resync");
        positive(bootTimeout, "boot timeout");
        positive(callTimeout, "call timeout");
        Objects.requireNonNull(shutdownTimeout, "shutdown timeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative, got " + shutdownTimeout);
        }
        if (parallelismPerSite < 1) {
            throw new IllegalArgumentException("parallelism per site must be at least 1, got " + parallelismPerSite);
        }
    }

    /** With the {@link #DEFAULT} shutdown timeout. */
    public ReconcilerSettings(Duration resync, Duration bootTimeout, int parallelismPerSite, Duration callTimeout) {
        this(resync, bootTimeout, parallelismPerSite, callTimeout, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
}
