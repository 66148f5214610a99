package phantom.api;

import java.util.List;

/** The sites the operator configured, as the API needs to know them to validate requests. */
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
