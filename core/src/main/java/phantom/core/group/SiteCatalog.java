package phantom.core.group;

import java.util.List;

/** The sites the operator configured, as the group rules need to know them to check a cloud list. */
public interface SiteCatalog {

    /** Configured site names, in configuration order. */
    List<String> names();

    default boolean exists(String site) {
        return names().contains(site);
    }

    /**
     * The credential names the site needs that the user has not set (empty when none are missing
     * or the site needs none).
     */
    List<String> missingCredentials(String owner, String site);
}
