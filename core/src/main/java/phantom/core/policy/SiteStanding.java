package phantom.core.policy;

import java.time.Instant;
import java.util.Optional;
import phantom.core.driver.FaultClass;
import phantom.core.model.SiteHealth;

/**
 * How a site stands for new launches of one group, derived from its {@link SiteHealth}: the one
 * rule the overflow policy plans with and the operator's views (the console, {@code phantom status})
 * show.
 */
public enum SiteStanding {
    /** Launch as many as fit. */
    OPEN,
    /** TRANSIENT failures below the threshold, backoff running: keep the site's share, launch later. */
    RETRY_LATER,
    /** Failures recorded, backoff over (or a hold lifted): one launch to test the site. */
    PROBE,
    /** Failures recorded and a launch not yet running there: wait for it. */
    PROBE_IN_FLIGHT,
    /** Backing off after CAPACITY, QUOTA or repeated TRANSIENT failures: no launches, overflow. */
    BACKING_OFF,
    /** A CONFIG failure with the current launch configuration and credentials: no launches, overflow. */
    HELD;

    /**
     * @param fingerprint the site's current launch fingerprint; empty keeps a CONFIG hold (a view
     *     that does not open the credentials shows the hold as stored)
     * @param launchInFlight a live launch on the site is not yet running
     */
    public static SiteStanding of(SiteHealth h, Optional<String> fingerprint, boolean launchInFlight, Instant now) {
        if (h.heldFor() != null && fingerprint.map(h.heldFor()::equals).orElse(true)) return HELD;
        if (SiteBackoff.retriesInPlace(h)) return h.backingOff(now) ? RETRY_LATER : OPEN;
        if (h.backingOff(now)) return BACKING_OFF;
        if (h.consecutiveFailures() > 0) return launchInFlight ? PROBE_IN_FLIGHT : PROBE;
        return OPEN;
    }

    /** At most this many new launches, before caps and demand. */
    int launchLimit() {
        return switch (this) {
            case OPEN -> Integer.MAX_VALUE;
            case PROBE -> 1;
            case RETRY_LATER, PROBE_IN_FLIGHT, BACKING_OFF, HELD -> 0;
        };
    }

    /** Why the site takes fewer new VMs than it has room for, in the user's terms. */
    public String reason(SiteHealth h, Instant now) {
        return switch (this) {
            case OPEN -> h.site() + " is available";
            case RETRY_LATER, BACKING_OFF, HELD -> SiteBackoff.describe(h, now);
            case PROBE -> SiteBackoff.summary(h) + (h.lastFault() == FaultClass.CONFIG
                    ? "; its launch configuration or credentials changed, probing with one launch"
                    : "; backoff over, probing with one launch");
            case PROBE_IN_FLIGHT -> SiteBackoff.summary(h) + ", waiting for its probe launch";
        };
    }
}
