package phantom.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * How the reconciler paces itself.
 *
 * @param resync every group is reconciled at least this often, and orphans are swept this often;
 *     it is also the longest delay between a group's passes after failures
 * @param bootTimeout a VM not running this long after its launch was recorded is replaced
 * @param parallelismPerSite the most cloud calls (launch, terminate, list) in flight on one site,
 *     across all groups
 * @param callTimeout the longest one cloud call may take; a call that takes longer counts as a
 *     TRANSIENT failure ({@code RequestTimeout})
 */
public record ReconcilerSettings(Duration resync, Duration bootTimeout, int parallelismPerSite, Duration callTimeout) {
    /** 30 s resync, 300 s boot timeout (the original's), 10 calls per site, 60 s per call (the original's). */
    public static final ReconcilerSettings DEFAULT =
            new ReconcilerSettings(Duration.ofSeconds(30), Duration.ofSeconds(300), 10, Duration.ofSeconds(60));

    public ReconcilerSettings {
        positive(resync, "resync");
        positive(bootTimeout, "boot timeout");
        positive(callTimeout, "call timeout");
        if (parallelismPerSite < 1) {
            throw new IllegalArgumentException("parallelism per site must be at least 1, got " + parallelismPerSite);
        }
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
}
