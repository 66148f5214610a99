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

    /**
     * Like {@link #launch(LaunchSpec, CloudCredentials)}, asking {@code guard} the instant before the
     * request that starts the VM (a driver that first looks up the token asks after the look-up).
     * This default asks first; drivers that make more than one request override it.
     *
     * @throws LaunchGuard.Refused from the guard, unchanged: then no VM was started
     */
    default CloudInstance launch(LaunchSpec spec, CloudCredentials credentials, LaunchGuard guard) throws CloudFault {
        guard.check();
        return launch(spec, credentials);
    }

    /** Terminates a VM. Terminating a VM that is already gone or unknown succeeds. */
    void terminate(String cloudId, CloudCredentials credentials) throws CloudFault;

    /**
     * Lists the VMs on this site that carry Phantom's tags, for the account the credentials name.
     * VMs the cloud reports as stopped, failed, shutting down or terminated are listed with that
     * state, for as long as the cloud still reports them, rather than left out: a VM the cloud
     * plainly calls dead must be seen as dead, not as missing (docs/engine.md, "The site watcher").
     * Only VMs the cloud no longer reports at all are absent.
     */
    List<CloudInstance> list(CloudCredentials credentials) throws CloudFault;

    /**
     * {@link #list(CloudCredentials)}, only the VMs of one Phantom installation: those whose group
     * tag carries {@code installationId} ({@link phantom.core.model.Installation#owns}). The site
     * watcher calls this once per watch interval for each account. A driver whose cloud can filter
     * by tag on its side overrides it, so that a shared account's other VMs are not transferred.
     */
    default List<CloudInstance> list(CloudCredentials credentials, String installationId) throws CloudFault {
        return list(credentials).stream()
                .filter(vm -> phantom.core.model.Installation.owns(installationId, vm.groupUuid()))
                .toList();
    }

    Capabilities capabilities();
}
