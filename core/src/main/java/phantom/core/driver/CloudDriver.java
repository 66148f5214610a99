package phantom.core.driver;

import java.util.List;

/**
 * One cloud site. Only the reconciler calls drivers. Every failure comes back as a classified
 * {@link CloudFault}; implementations must be safe to call from several threads at once.
 */
public interface CloudDriver {

    /**
     * Starts one VM and returns it as the cloud reports it (usually {@link CloudState#PENDING}).
     * Calling again with the same {@link LaunchSpec#token()} must not start a second VM: it returns
     * the VM the first call started, if there is one.
     */
    CloudInstance launch(LaunchSpec spec, CloudCredentials credentials) throws CloudFault;

    /** Terminates a VM. Terminating a VM that is already gone or unknown succeeds. */
    void terminate(String cloudId, CloudCredentials credentials) throws CloudFault;

    /**
     * Lists the VMs on this site that carry Phantom's tags and are not yet fully gone, for the
     * account the credentials name.
     */
    List<CloudInstance> list(CloudCredentials credentials) throws CloudFault;

    Capabilities capabilities();
}
