package phantom.server.view;

import java.time.Instant;
import phantom.core.model.SiteHealth;
import phantom.core.policy.SiteStanding;

/**
 * How one cloud stands for one group's new launches, as an operator reads it: the engine's own
 * {@link SiteStanding} (never re-derived here) with what it rests on.
 *
 * @param kind what the cloud does with new launches now
 * @param until while backing off (or retrying), when it ends; else null
 * @param failures consecutive launch failures since the last success
 * @param lastError the cloud's code and message of the last failure, or null
 * @param reason the engine's sentence for it, in the user's terms ("hotel returned ... 3 times, backing off 120 s")
 */
public record Standing(Kind kind, Instant until, int failures, String lastError, String reason) {

    /** The standings an operator tells apart. */
    public enum Kind {
        /** Launches as many as fit. */
        OK("ok"),
        /** TRANSIENT failures below the threshold: keeps its share, retries shortly. */
        RETRYING("retrying"),
        /** After CAPACITY, QUOTA or repeated TRANSIENT failures: no launches, its share overflows. */
        BACKING_OFF("backing off"),
        /** A CONFIG failure: no launches until the launch configuration or credentials change. */
        HELD("held (config error)"),
        /** Backoff over or hold lifted: one probe launch, or waiting for it. */
        PROBING("probing");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The short words the table and the console show. */
        public String label() {
            return label;
        }
    }

    static final Standing OK = new Standing(Kind.OK, null, 0, null, null);

    /** The standing of a site with this health row (none: never failed) for the group at {@code now}. */
    static Standing of(SiteHealth h, boolean launchInFlight, Instant now) {
        if (h == null) return OK;
        // no fingerprint: a CONFIG hold shows as stored (the next pass lifts it if the launch configuration changed)
        SiteStanding s = SiteStanding.of(h, java.util.Optional.empty(), launchInFlight, now);
        Kind kind = switch (s) {
            case OPEN -> Kind.OK;
            case RETRY_LATER -> Kind.RETRYING;
            case BACKING_OFF -> Kind.BACKING_OFF;
            case HELD -> Kind.HELD;
            case PROBE, PROBE_IN_FLIGHT -> Kind.PROBING;
        };
        if (kind == Kind.OK && h.consecutiveFailures() == 0) return OK;
        boolean timed = kind == Kind.RETRYING || kind == Kind.BACKING_OFF;
        return new Standing(kind, timed ? h.backoffUntil() : null, h.consecutiveFailures(), h.lastError(), s.reason(h, now));
    }

    public boolean ok() {
        return kind == Kind.OK;
    }
}
