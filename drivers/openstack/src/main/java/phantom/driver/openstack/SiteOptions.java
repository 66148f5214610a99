package phantom.driver.openstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One OpenStack site's options from the config file, validated once.
 *
 * @param authUrl the Keystone v3 URL, ending in {@code /v3}
 * @param region the region whose endpoints to use, or null to accept the catalog's only region
 * @param endpointInterface which catalog endpoints to call: public, internal or admin
 * @param userDomainName the users' domain when a user's credentials do not name one
 * @param projectDomainName the projects' domain when a user's credentials do not name one
 * @param network a network id or name to attach every server to, or null to let Nova choose
 */
record SiteOptions(
        String site,
        URI authUrl,
        String region,
        String endpointInterface,
        String userDomainName,
        String projectDomainName,
        String network,
        Duration requestTimeout) {

    static final String AUTH_URL = "auth_url";
    static final String REGION = "region";
    static final String INTERFACE = "interface";
    static final String USER_DOMAIN_NAME = "user_domain_name";
    static final String PROJECT_DOMAIN_NAME = "project_domain_name";
    static final String NETWORK = "network";
    static final String REQUEST_TIMEOUT_SECONDS = "request_timeout_seconds";

    static final Set<String> NAMES = Set.of(
            AUTH_URL, REGION, INTERFACE, USER_DOMAIN_NAME, PROJECT_DOMAIN_NAME, NETWORK, REQUEST_TIMEOUT_SECONDS);

    static final Set<String> INTERFACES = Set.of("public", "internal", "admin");
    static final String DEFAULT_DOMAIN = "Default";
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 600;

    /** @throws IllegalArgumentException naming the site and the bad option */
    static SiteOptions parse(String site, Map<String, Object> options) {
        for (String name : options.keySet()) {
            if (!NAMES.contains(name)) {
                throw bad(site, name, "is not an openstack option; known options: " + String.join(", ",
                        new java.util.TreeSet<>(NAMES)));
            }
        }
        String auth = text(site, options, AUTH_URL);
        if (auth == null) {
            throw bad(site, AUTH_URL, "is required: the Keystone v3 URL, e.g. https://keystone.example.org:5000/v3");
        }
        URI authUrl = authUrl(site, auth);
        String iface = text(site, options, INTERFACE);
        if (iface == null) {
            iface = "public";
        } else if (!INTERFACES.contains(iface)) {
            throw bad(site, INTERFACE, "must be public, internal or admin, got '" + iface + "'");
        }
        String userDomain = text(site, options, USER_DOMAIN_NAME);
        String projectDomain = text(site, options, PROJECT_DOMAIN_NAME);
        return new SiteOptions(
                site,
                authUrl,
                text(site, options, REGION),
                iface,
                userDomain == null ? DEFAULT_DOMAIN : userDomain,
                projectDomain == null ? DEFAULT_DOMAIN : projectDomain,
                text(site, options, NETWORK),
                Duration.ofSeconds(timeoutSeconds(site, options.get(REQUEST_TIMEOUT_SECONDS))));
    }

    private static URI authUrl(String site, String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw bad(site, AUTH_URL, "is not a URL: '" + value + "'");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw bad(site, AUTH_URL, "must be an http or https URL, got '" + value + "'");
        }
        if (!trimmed.endsWith("/v3")) {
            throw bad(site, AUTH_URL, "must be the Keystone v3 URL ending in /v3, got '" + value + "'");
        }
        return uri;
    }

    private static int timeoutSeconds(String site, Object value) {
        if (value == null) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        int seconds;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            seconds = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ((Number) value).longValue()));
        } else {
            try {
                seconds = Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                throw bad(site, REQUEST_TIMEOUT_SECONDS, "must be a whole number of seconds, got '" + value + "'");
            }
        }
        if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
            throw bad(site, REQUEST_TIMEOUT_SECONDS,
                    "must be from 1 to " + MAX_TIMEOUT_SECONDS + " seconds, got " + seconds);
        }
        return seconds;
    }

    private static String text(String site, Map<String, Object> options, String name) {
        Object value = options.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw bad(site, name, "must be text, got '" + value + "'");
        }
        String trimmed = s.trim();
        if (trimmed.isEmpty()) {
            throw bad(site, name, "must not be empty (leave it out to use the default)");
        }
        return trimmed;
    }

    private static IllegalArgumentException bad(String site, String option, String problem) {
        return new IllegalArgumentException("site " + site + ": option " + option + " " + problem);
    }
}
