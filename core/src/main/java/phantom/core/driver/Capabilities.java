package phantom.core.driver;

/**
 * Optional abilities of a driver, stated rather than stubbed.
 *
 * @param idempotentLaunch the cloud itself de-duplicates launches by token (EC2 ClientToken); when
 *     false, the reconciler looks for a VM tagged with the token before retrying a launch
 * @param credentialNames the credential names each user must have set for this site (empty when
 *     the site needs none, like sim)
 */
public record Capabilities(boolean idempotentLaunch, java.util.List<String> credentialNames) {
    public Capabilities {
        credentialNames = java.util.List.copyOf(credentialNames);
    }

    public boolean needsCredentials() {
        return !credentialNames.isEmpty();
    }
}
