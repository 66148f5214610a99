package phantom.reconcile;

import phantom.core.driver.CloudCredentials;

/**
 * Where the reconciler gets a user's cloud credentials for a site. Called on every pass for every
 * site of a group (the answer may change between passes: new credentials lift a CONFIG hold), from
 * several threads at once.
 */
@FunctionalInterface
public interface CredentialSource {
    /**
     * @return the owner's credentials for the site, or {@link CloudCredentials#NONE} when the owner
     *     has none there (never null)
     */
    CloudCredentials credentials(String owner, String site);
}
