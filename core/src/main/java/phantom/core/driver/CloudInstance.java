package phantom.core.driver;

import java.time.Instant;

/**
 * A VM as one site's listing shows it.
 *
 * @param token the Phantom launch token tagged on the VM (null if the VM carries none)
 * @param groupUuid the Phantom group uuid tagged on the VM (null if none)
 * @param launchTime when the cloud created it, if the cloud says
 */
public record CloudInstance(
        String cloudId, String token, String groupUuid, CloudState state, String instanceType, Instant launchTime) {
}
