package phantom.api.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import phantom.core.group.SiteCatalog;
import phantom.api.action.Arns;

/**
 * A configured site as EC2's {@code DescribeAvailabilityZones} shows it to one user (docs/decisions.md,
 * "API: the describe-types actions and the EC2 calls"): zone name and id are the site's name, the
 * region is the one of Phantom's ARNs, the state is always {@code available}. A site the
 * user can use is {@code opt-in-not-required}; a site that needs cloud credentials the user has not
 * set is {@code not-opted-in}, with a message saying which, and is listed only on request
 * ({@code AllAvailabilityZones}, or by name or id), so a tool that takes every listed zone as the
 * group's clouds gets only sites a group of that user can run on.
 */
record AvailabilityZone(String name, String optInStatus, List<String> messages) {
    static final String STATE = "available";
    static final String ZONE_TYPE = "availability-zone";
    static final String USABLE = "opt-in-not-required";
    static final String NEEDS_CREDENTIALS = "not-opted-in";
    /** The filter names of EC2's model for this call. */
    static final Set<String> FILTERS = Set.of("group-name", "message", "opt-in-status", "parent-zone-id",
            "parent-zone-name", "region-name", "state", "zone-id", "zone-name", "zone-type", "network-border-group");

    /** Every configured site, in configuration order, as a zone of {@code owner}. */
    static List<AvailabilityZone> of(SiteCatalog sites, String owner) {
        List<AvailabilityZone> out = new ArrayList<>();
        for (String site : sites.names()) {
            List<String> missing = sites.missingCredentials(owner, site);
            out.add(missing.isEmpty() ? new AvailabilityZone(site, USABLE, List.of())
                    : new AvailabilityZone(site, NEEDS_CREDENTIALS, List.of("Site '" + site + "' needs your cloud credentials ("
                            + String.join(", ", missing) + ") and you have none set: ask the operator to run"
                            + " 'phantom credentials set " + owner + " " + site + " ...'.")));
        }
        return out;
    }

    boolean usable() {
        return optInStatus.equals(USABLE);
    }

    String id() {
        return name;
    }

    String region() {
        return Arns.REGION;
    }

    /** Whether this zone passes {@code filter}, whose name is one of {@link #FILTERS}. */
    boolean passes(Ec2Filter filter) {
        return switch (filter.name()) {
            case "zone-name" -> filter.matches(name);
            case "zone-id" -> filter.matches(id());
            case "state" -> filter.matches(STATE);
            case "opt-in-status" -> filter.matches(optInStatus);
            case "zone-type" -> filter.matches(ZONE_TYPE);
            case "region-name", "group-name", "network-border-group" -> filter.matches(region());
            case "message" -> messages.stream().anyMatch(filter::matches);
            default -> false; // parent-zone-name, parent-zone-id: availability zones have no parent
        };
    }
}
