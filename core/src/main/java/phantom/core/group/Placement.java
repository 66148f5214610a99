package phantom.core.group;

import java.util.ArrayList;
import java.util.List;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.core.text.DidYouMean;

/**
 * Where a group may run: resolves the ordered cloud list and checks that every site is configured,
 * has a launch configuration of the group's family, and has the user's cloud credentials
 * (docs/design.md, "Resolution rules"). Pure: the caller reads the launch configurations.
 */
public final class Placement {
    private Placement() {
    }

    /** The clouds tag; else the AvailabilityZones as sites without caps; else the site of family@site. */
    static List<SitePreference> resolve(List<Tag> tags, List<String> availabilityZones, String launchConfigurationName) {
        var fromTag = PhantomTags.clouds(tags);
        if (fromTag.isPresent()) return fromTag.get();
        if (availabilityZones != null && !availabilityZones.isEmpty()) return zones(availabilityZones);
        String site = LaunchConfiguration.siteOf(launchConfigurationName);
        if (site != null && !site.isBlank()) return List.of(new SitePreference(site, SitePreference.UNBOUNDED));
        throw Refusal.validation("Phantom needs to know which clouds this group runs on. Give one of: the clouds "
                + "tag (ordered site:max, for example clouds=hotel:8,sierra:-1), the AvailabilityZones list "
                + "(site names in order of preference), or a launch configuration named family@site.");
    }

    /** The AvailabilityZones as a cloud list: each a site, in order, without a cap. */
    static List<SitePreference> zones(List<String> availabilityZones) {
        List<SitePreference> out = new ArrayList<>();
        for (String zone : availabilityZones) {
            if (zone.isBlank()) throw Refusal.validation("AvailabilityZones names a site '" + zone + "' that is blank: give site names.");
            if (out.stream().anyMatch(s -> s.site().equals(zone))) {
                throw Refusal.validation("AvailabilityZones names site '" + zone + "' more than once.");
            }
            out.add(new SitePreference(zone, SitePreference.UNBOUNDED));
        }
        return out;
    }

    /**
     * Checks every site of {@code clouds}; refuses naming what to fix.
     *
     * @param launchConfigurations the owner's launch configurations of the family (plain and family@site)
     */
    public static void check(SiteCatalog sites, String owner, String family, List<LaunchConfiguration> launchConfigurations,
            List<SitePreference> clouds) {
        if (clouds.isEmpty()) throw Refusal.validation("The group's cloud list is empty: name at least one site.");
        if (launchConfigurations.isEmpty()) {
            throw Refusal.validation("Launch configuration name not found - no launch configuration named " + family
                    + " or " + family + "@<site> exists. Create one with CreateLaunchConfiguration first.");
        }
        for (SitePreference c : clouds) {
            String site = c.site();
            if (!sites.exists(site)) {
                throw Refusal.validation("Site '" + site + "' is not configured" + DidYouMean.aside(site, sites.names())
                        + ". Known sites: " + String.join(", ", sites.names()) + ".");
            }
            boolean covered = launchConfigurations.stream().anyMatch(lc -> lc.site() == null || lc.site().equals(site));
            if (!covered) {
                throw Refusal.validation("The group runs on site '" + site + "' but you have no launch configuration "
                        + family + "@" + site + " (or a plain " + family + ") for it: create it, or remove the site.");
            }
            List<String> missing = sites.missingCredentials(owner, site);
            if (!missing.isEmpty()) {
                throw Refusal.validation("Site '" + site + "' needs your cloud credentials (" + String.join(", ", missing)
                        + ") and you have none set: ask the operator to run 'phantom credentials set " + owner + " "
                        + site + " ...'.");
            }
        }
    }
}
