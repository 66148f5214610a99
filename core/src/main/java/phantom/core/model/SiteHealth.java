package phantom.core.model;

import java.time.Instant;
import phantom.core.driver.FaultClass;

/**
 * What Phantom has learned about launching one group's VMs on one site: consecutive failures,
 * backoff, and a hold after configuration errors. Stored, so a restart does not forget it.
 *
 * @param consecutiveFailures launch failures since the last success
 * @param lastFault the class of the last failure, or null
 * @param lastError the cloud's error code and message of the last failure, or null
 * @param backoffUntil no launches before this instant (except one probe when it passes); null = none
 * @param heldFor non-null when a CONFIG fault holds the site off for this group: the fingerprint of
 *     the launch configuration and credentials that failed; a changed fingerprint lifts the hold
 */
public record SiteHealth(
        long groupId,
        String site,
        int consecutiveFailures,
        FaultClass lastFault,
        String lastError,
        Instant backoffUntil,
        String heldFor,
        Instant updatedTime) {

    public static SiteHealth fresh(long groupId, String site) {
        return new SiteHealth(groupId, site, 0, null, null, null, null, null);
    }

    public boolean backingOff(Instant now) {
        return backoffUntil != null && now.isBefore(backoffUntil);
    }
}
