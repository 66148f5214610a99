package phantom.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriverFactory;
import phantom.core.text.DidYouMean;

/**
 * Checks credentials against the site's driver when they are set, so a misspelled or missing name is
 * refused at once instead of failing the first launch. Messages name credentials, never values.
 */
final class CredentialCheck {
    private CredentialCheck() {
    }

    /** @throws IllegalArgumentException naming the unknown names (with a "did you mean") or what is missing */
    static void check(SiteConfig site, Map<String, CloudDriverFactory> factories, Map<String, String> values) {
        CloudDriverFactory f = factories.get(site.driver());
        if (f == null) throw new IllegalArgumentException("site " + site.name() + " has the unknown driver '" + site.driver() + "'");
        TreeSet<String> known = new TreeSet<>(f.credentialNames());
        if (known.isEmpty()) {
            throw new IllegalArgumentException("site " + site.name() + " (driver " + site.driver() + ") takes no credentials");
        }
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!known.contains(name)) unknown.add("'" + name + "'" + DidYouMean.aside(name, known));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("site " + site.name() + ": unknown " + site.driver() + " credential name"
                    + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + "; the " + site.driver()
                    + " driver knows " + String.join(", ", known) + ". Nothing was stored.");
        }
        try {
            f.checkCredentials(site.name(), site.options(), new CloudCredentials(values));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ". Nothing was stored.", e);
        }
    }
}
