package phantom.api.action;

import java.util.ArrayList;
import java.util.List;
import phantom.api.ApiError;
import phantom.core.text.DidYouMean;
import phantom.api.SiteCatalog;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.store.Tx;

/**
 * Where a group may run: resolves the ordered cloud list and checks, synchronously, that every
 * site is configured, has a launch configuration of the group's family, and has the user's cloud
 * credentials (docs/design.md, "Resolution rules").
 */
final class Placement {
    private Placement() {
    }

    /** The clouds tag; else the AvailabilityZones as sites without caps; else the site of family@site. */
    static List<SitePreference> resolve(List<Tag> tags, List<String> availabilityZones, String launchConfigurationName) {
        var fromTag = PhantomTags.clouds(tags);
        if (fromTag.isPresent()) return fromTag.get();
        if (availabilityZones != null && !availabilityZones.isEmpty()) {
            List<SitePreference> out = new ArrayList<>();
            for (String zone : availabilityZones) {
                if (out.stream().anyMatch(s -> s.site().equals(zone))) {
                    throw ApiError.validation("AvailabilityZones names site '" + zone + "' more than once.");
                }
                out.add(new SitePreference(zone, SitePreference.UNBOUNDED));
            }
            return out;
        }
        String site = LaunchConfiguration.siteOf(launchConfigurationName);
        if (site != null) return List.of(new SitePreference(site, SitePreference.UNBOUNDED));
        throw ApiError.validation("Phantom needs to know which clouds this group runs on. Give one of: the clouds "
                + "tag (ordered site:max, for example clouds=hotel:8,sierra:-1), the AvailabilityZones list "
                + "(site names in order of preference), or a launch configuration named family@site.");
    }

    /** Checks every site of the list; returns nothing, throws ValidationError naming what to fix. */
    static void check(Tx tx, SiteCatalog sites, String owner, String family, List<SitePreference> clouds) {
        if (clouds.isEmpty()) throw ApiError.validation("The group's cloud list is empty: name at least one site.");
        List<LaunchConfiguration> lcs = tx.launchConfigurations().byFamily(owner, family);
        if (lcs.isEmpty()) {
            throw ApiError.validation("Launch configuration name not found - no launch configuration named " + family
                    + " or " + family + "@<site> exists. Create one with CreateLaunchConfiguration first.");
        }
        for (SitePreference c : clouds) {
            String site = c.site();
            if (!sites.exists(site)) {
                throw ApiError.validation("Site '" + site + "' is not configured" + DidYouMean.aside(site, sites.names())
                        + ". Known sites: " + String.join(", ", sites.names()) + ".");
            }
            boolean covered = lcs.stream().anyMatch(lc -> lc.site() == null || lc.site().equals(site));
            if (!covered) {
                throw ApiError.validation("The group runs on site '" + site + "' but you have no launch configuration "
                        + family + "@" + site + " (or a plain " + family + ") for it: create it, or remove the site.");
            }
            List<String> missing = sites.missingCredentials(owner, site);
            if (!missing.isEmpty()) {
                throw ApiError.validation("Site '" + site + "' needs your cloud credentials (" + String.join(", ", missing)
                        + ") and you have none set: ask the operator to run 'phantom credentials set " + owner + " "
                        + site + " ...'.");
            }
        }
    }
}
