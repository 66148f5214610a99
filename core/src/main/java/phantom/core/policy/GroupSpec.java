package phantom.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import phantom.core.group.Processes;
import phantom.core.model.Group;
import phantom.core.model.ScalingProcess;
import phantom.core.model.SitePreference;

/**
 * What the overflow policy needs to know about a group.
 *
 * @param desired the number of VMs to keep (N)
 * @param clouds the ordered site preferences, most preferred first
 * @param deleting true once the group is being deleted: everything is terminated, nothing launched
 * @param bootTimeout how long a VM may take from the recorded intent to running
 * @param fingerprints per site, the current fingerprint of the launch configuration and credentials
 *     used there ({@link LaunchFingerprint}); a CONFIG hold on a site is lifted when its fingerprint
 *     here differs from {@code SiteHealth.heldFor}. A site missing from the map keeps its hold.
 * @param terminationPolicies the group's TerminationPolicies, which order a site's VMs when some
 *     must go ({@link TerminationOrder})
 * @param launchConfigurations per launch configuration name that a site of the group launches
 *     now, its creation time (for {@code OldestLaunchConfiguration})
 * @param suspended the group's suspended processes that the policy honours (Launch, Terminate,
 *     ReplaceUnhealthy; {@link Processes#ENGINE})
 */
public record GroupSpec(
        long groupId,
        String groupUuid,
        int desired,
        List<SitePreference> clouds,
        boolean deleting,
        Duration bootTimeout,
        Map<String, String> fingerprints,
        List<String> terminationPolicies,
        Map<String, Instant> launchConfigurations,
        Set<ScalingProcess> suspended) {

    /** The original's boot timeout (epu health.py): 300 s. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(300);

    public GroupSpec {
        Objects.requireNonNull(groupUuid, "group uuid");
        if (desired < 0) throw new IllegalArgumentException("desired count must be >= 0, got " + desired);
        clouds = List.copyOf(Objects.requireNonNull(clouds, "clouds"));
        Set<String> seen = new HashSet<>();
        for (SitePreference p : clouds) {
            if (!seen.add(p.site())) throw new IllegalArgumentException("clouds names site '" + p.site() + "' more than once");
        }
        Objects.requireNonNull(bootTimeout, "boot timeout");
        if (bootTimeout.isNegative() || bootTimeout.isZero()) {
            throw new IllegalArgumentException("boot timeout must be positive, got " + bootTimeout);
        }
        fingerprints = Map.copyOf(Objects.requireNonNull(fingerprints, "fingerprints"));
        terminationPolicies = List.copyOf(Objects.requireNonNull(terminationPolicies, "termination policies"));
        launchConfigurations = Map.copyOf(Objects.requireNonNull(launchConfigurations, "launch configurations"));
        suspended = Set.copyOf(Objects.requireNonNull(suspended, "suspended"));
    }

    /** A group with no process suspended. */
    public GroupSpec(long groupId, String groupUuid, int desired, List<SitePreference> clouds, boolean deleting,
            Duration bootTimeout, Map<String, String> fingerprints, List<String> terminationPolicies,
            Map<String, Instant> launchConfigurations) {
        this(groupId, groupUuid, desired, clouds, deleting, bootTimeout, fingerprints, terminationPolicies,
                launchConfigurations, Set.of());
    }

    public static GroupSpec of(Group group, Duration bootTimeout, Map<String, String> fingerprints,
            Map<String, Instant> launchConfigurations) {
        Set<ScalingProcess> suspended = new HashSet<>();
        for (ScalingProcess p : Processes.ENGINE) {
            if (Processes.suspended(group, p)) suspended.add(p);
        }
        return new GroupSpec(group.id(), group.uuid(), group.desiredCapacity(), group.clouds(), group.deleting(),
                bootTimeout, fingerprints, group.terminationPolicies(), launchConfigurations, suspended);
    }

    /** The same group with these processes suspended. */
    public GroupSpec withSuspended(Set<ScalingProcess> processes) {
        return new GroupSpec(groupId, groupUuid, desired, clouds, deleting, bootTimeout, fingerprints, terminationPolicies,
                launchConfigurations, processes);
    }

    /** Whether the policy may start VMs (Launch is not suspended). */
    public boolean launches() {
        return !suspended.contains(ScalingProcess.LAUNCH);
    }

    /** Whether the policy may terminate VMs other than a deleted group's (Terminate is not suspended). */
    public boolean terminates() {
        return !suspended.contains(ScalingProcess.TERMINATE);
    }

    /**
     * Whether unhealthy VMs are taken out and replaced: neither ReplaceUnhealthy nor Terminate is
     * suspended (AWS: with Terminate suspended, ReplaceUnhealthy is inactive). Otherwise an
     * unhealthy VM stays and counts toward the desired count, so nothing replaces it.
     */
    public boolean replacesUnhealthy() {
        return terminates() && !suspended.contains(ScalingProcess.REPLACE_UNHEALTHY);
    }

    public Optional<String> fingerprint(String site) {
        return Optional.ofNullable(fingerprints.get(site));
    }

    public Optional<SitePreference> preference(String site) {
        return clouds.stream().filter(p -> p.site().equals(site)).findFirst();
    }
}
