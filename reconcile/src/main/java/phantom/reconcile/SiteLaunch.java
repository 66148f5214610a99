package phantom.reconcile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.Tag;
import phantom.core.policy.LaunchFingerprint;

/**
 * What one group launches with on one site: the site's driver, the owner's credentials there and
 * the launch configuration of the group's family for the site ({@code family@site}, else the plain
 * {@code family}).
 *
 * @param driver null when the site is not configured (any more)
 * @param launchConfiguration null when the family has none for the site
 * @param fingerprint what a CONFIG hold is keyed on ({@link LaunchFingerprint}); a stand-in text
 *     when the site is not configured or has no launch configuration, so that configuring the site
 *     or creating the launch configuration lifts the hold
 */
record SiteLaunch(String site, CloudDriver driver, CloudCredentials credentials, LaunchConfiguration launchConfiguration,
        String fingerprint) {

    static SiteLaunch resolve(Group g, String site, List<LaunchConfiguration> family, Map<String, CloudDriver> drivers,
            CredentialSource credentials) {
        CloudDriver driver = drivers.get(site);
        CloudCredentials creds = CloudCredentials.NONE;
        if (driver != null) {
            CloudCredentials given = credentials.credentials(g.owner(), site);
            if (given != null) creds = given;
        }
        LaunchConfiguration lc = family.stream().filter(l -> site.equals(l.site())).findFirst()
                .or(() -> family.stream().filter(l -> l.site() == null).findFirst())
                .orElse(null);
        String fingerprint = driver == null ? "site not configured"
                : lc == null ? "no launch configuration"
                : LaunchFingerprint.of(lc, creds);
        return new SiteLaunch(site, driver, creds, lc, fingerprint);
    }

    /** The name a launch here records on its instance, or null. */
    String launchConfigurationName() {
        return launchConfiguration == null ? null : launchConfiguration.name();
    }

    /** Why no VM can be launched here at all, as the CONFIG fault it amounts to. */
    Optional<CloudFault> unusable(Group g) {
        if (driver == null) {
            return Optional.of(new CloudFault(FaultClass.CONFIG, "UnknownSite",
                    "site " + site + " is not configured in this Phantom"));
        }
        if (launchConfiguration == null) {
            return Optional.of(new CloudFault(FaultClass.CONFIG, "LaunchConfigurationNotFound",
                    "no launch configuration " + g.family() + "@" + site + " (or " + g.family() + ") exists"));
        }
        if (driver.capabilities().needsCredentials() && credentials.isEmpty()) {
            return Optional.of(new CloudFault(FaultClass.CONFIG, "AuthFailure",
                    g.owner() + " has no cloud credentials for site " + site));
        }
        return Optional.empty();
    }

    /** The driver's launch request for {@code i}: its token, the group's ids, and the propagated tags. */
    LaunchSpec spec(Group g, Instance i) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : g.tags()) {
            if (t.propagateAtLaunch()) tags.put(t.key(), t.value());
        }
        tags.put(LaunchSpec.TAG_TOKEN, i.id());
        tags.put(LaunchSpec.TAG_GROUP, g.uuid());
        tags.put(LaunchSpec.TAG_OWNER, g.owner());
        LaunchConfiguration lc = launchConfiguration;
        return new LaunchSpec(i.id(), g.uuid(), g.owner(), g.name(), lc.imageId(), lc.instanceType(), lc.keyName(),
                lc.securityGroups(), lc.userData(), tags);
    }
}
