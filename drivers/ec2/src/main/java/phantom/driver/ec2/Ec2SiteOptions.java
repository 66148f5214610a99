package phantom.driver.ec2;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated {@code driver: ec2} site.
 *
 * <pre>
 * region                   required; the region the requests are signed for (us-east-1, or the
 *                          region name an EC2-compatible cloud expects)
 * endpoint                 optional http(s) URL of an EC2-compatible API; absent = AWS's endpoint
 *                          for the region
 * connect_timeout_seconds  TCP connect timeout, default 5
 * request_timeout_seconds  limit for one whole call including SDK retries, default 30
 * max_retries              SDK retries per call on throttling, 5xx and I/O errors, default 2
 *                          (the reconciler retries too, so keep it low)
 * </pre>
 *
 * @param endpoint null when the SDK should use AWS's endpoint for the region
 */
record Ec2SiteOptions(
        String site, String region, URI endpoint, Duration connectTimeout, Duration requestTimeout, int maxRetries) {

    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String CONNECT_TIMEOUT_SECONDS = "connect_timeout_seconds";
    static final String REQUEST_TIMEOUT_SECONDS = "request_timeout_seconds";
    static final String MAX_RETRIES = "max_retries";
    static final Set<String> NAMES = Set.of(REGION, ENDPOINT, CONNECT_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS, MAX_RETRIES);

    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
    static final int DEFAULT_MAX_RETRIES = 2;

    private static final Pattern REGION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    /** @throws IllegalArgumentException naming the site and the option that is wrong */
    static Ec2SiteOptions parse(String site, Map<String, ?> options) {
        for (String name : options.keySet()) {
            if (!NAMES.contains(name) && !"driver".equals(name)) {
                throw bad(site, name, "is not an option of the ec2 driver (known: " + new TreeSet<>(NAMES) + ")");
            }
        }
        return new Ec2SiteOptions(
                site,
                region(site, options.get(REGION)),
                endpoint(site, options.get(ENDPOINT)),
                Duration.ofSeconds(integer(site, options, CONNECT_TIMEOUT_SECONDS, DEFAULT_CONNECT_TIMEOUT_SECONDS, 1, 600)),
                Duration.ofSeconds(integer(site, options, REQUEST_TIMEOUT_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS, 1, 3600)),
                integer(site, options, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10));
    }

    private static String region(String site, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw bad(site, REGION, "is required (the region to sign requests for, e.g. us-east-1)");
        }
        String region = value.toString().trim();
        if (!REGION_NAME.matcher(region).matches()) {
            throw bad(site, REGION, "must be a region name such as us-east-1, got '" + region + "'");
        }
        return region;
    }

    private static URI endpoint(String site, Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String text = value.toString().trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(site, ENDPOINT, "must be an http(s) URL, got '" + text + "' (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw bad(site, ENDPOINT, "must be an http(s) URL with a host, e.g. https://ec2.example.org, got '" + text + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw bad(site, ENDPOINT, "must not carry user info, a query or a fragment, got '" + text + "'");
        }
        return uri;
    }

    private static int integer(String site, Map<String, ?> options, String name, int dflt, int min, int max) {
        Object value = options.get(name);
        if (value == null) {
            return dflt;
        }
        long n;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            n = ((Number) value).longValue();
        } else {
            try {
                n = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw bad(site, name, "must be a whole number from " + min + " to " + max + ", got '" + value + "'");
            }
        }
        if (n < min || n > max) {
            throw bad(site, name, "must be from " + min + " to " + max + ", got " + n);
        }
        return (int) n;
    }

    private static IllegalArgumentException bad(String site, String option, String problem) {
        return new IllegalArgumentException("site '" + site + "': option '" + option + "' " + problem);
    }
}
