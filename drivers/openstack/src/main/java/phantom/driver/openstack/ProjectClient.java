package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchGuard;

/**
 * Calls one user's project on the site: picks the service endpoint from the token's catalog, sends
 * the token, and on a 401 gets a fresh token and tries once more.
 */
final class ProjectClient {
    /** Stop following {@code next} links after this many pages (a loop guard; 1000 servers a page in Nova). */
    static final int MAX_PAGES = 1000;

    enum Service {
        COMPUTE, IMAGE, NETWORK
    }

    private final Sessions sessions;
    private final Identity identity;
    private final Http http;
    private final String site;

    ProjectClient(Sessions sessions, Identity identity, Http http, String site) {
        this.sessions = sessions;
        this.identity = identity;
        this.http = http;
        this.site = site;
    }

    /**
     * Sends a request to a service.
     *
     * @param pathAndQuery appended to the service's endpoint, e.g. {@code /servers/detail}
     */
    Reply call(Service service, String method, String pathAndQuery, JsonNode body) throws CloudFault {
        return call(service, method, pathAndQuery, body, LaunchGuard.NONE);
    }

    /**
     * {@link #call(Service, String, String, JsonNode)} for a request that starts a VM: {@code guard} is
     * asked right before each send, after any Keystone round trip, the re-send after a 401 included.
     */
    Reply call(Service service, String method, String pathAndQuery, JsonNode body, LaunchGuard guard) throws CloudFault {
        Session session = sessions.current(identity);
        guard.check();
        Reply reply = http.send(method, uri(session, service, pathAndQuery), session.token(), body);
        if (reply.status() == 401) {
            sessions.refused(identity, session);
            Session fresh = sessions.current(identity);
            guard.check();
            reply = http.send(method, uri(fresh, service, pathAndQuery), fresh.token(), body);
        }
        return reply;
    }

    /**
     * GETs a listing and follows its {@code <collection>_links} "next" links, returning every item.
     * Only the link's query (limit, marker) is used, against the catalog's endpoint: a Nova behind a
     * proxy often writes links with its internal host name, and the token should go nowhere else.
     *
     * @param path the listing's path, without a query, e.g. {@code /servers/detail}
     * @param collection the list's key, e.g. {@code servers}, {@code flavors}
     */
    List<JsonNode> all(Service service, String path, String collection) throws CloudFault {
        return all(service, path, null, collection);
    }

    /**
     * {@link #all(Service, String, String)} with a filter, e.g. {@code changes-since=...}, sent on the
     * first page and on every next page whose link does not repeat it (Nova's links do).
     *
     * @param filter a query {@code name=value}, already encoded, or null
     */
    List<JsonNode> all(Service service, String path, String filter, String collection) throws CloudFault {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String filterName = filter == null ? null : filter.substring(0, filter.indexOf('=') + 1);
        String pathAndQuery = filter == null ? path : path + "?" + filter;
        for (int page = 0; page < MAX_PAGES; page++) {
            Reply reply = call(service, "GET", pathAndQuery, null);
            if (!reply.ok()) {
                throw FaultTable.classify(reply, "GET " + pathAndQuery);
            }
            JsonNode json = reply.json();
            if (!json.path(collection).isArray()) {
                throw new CloudFault(FaultClass.TRANSIENT, "BadResponse", "GET " + pathAndQuery + " gave no "
                        + collection + " list");
            }
            json.path(collection).forEach(items::add);
            String query = nextQuery(json.path(collection + "_links"));
            if (query == null || !seen.add(query)) {
                return items;
            }
            boolean repeated = filterName == null || ("&" + query).contains("&" + filterName);
            pathAndQuery = path + "?" + (repeated ? query : filter + "&" + query);
        }
        return items;
    }

    /** The query of the "next" link, or null when there is no next page. */
    private static String nextQuery(JsonNode links) {
        String href = nextLink(links);
        if (href == null) {
            return null;
        }
        try {
            String query = new URI(href).getRawQuery();
            return query == null || query.isEmpty() ? null : query;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String nextLink(JsonNode links) {
        for (JsonNode link : links) {
            if ("next".equals(link.path("rel").asText())) {
                return link.path("href").asText(null);
            }
        }
        return null;
    }

    private URI uri(Session session, Service service, String pathAndQuery) throws CloudFault {
        return switch (service) {
            case COMPUTE -> URI.create(session.compute() + pathAndQuery);
            case IMAGE -> URI.create(versioned(need(session.image(), "image"), "/v2") + pathAndQuery);
            case NETWORK -> URI.create(versioned(need(session.network(), "network"), "/v2.0") + pathAndQuery);
        };
    }

    private URI need(URI endpoint, String type) throws CloudFault {
        if (endpoint == null) {
            throw new CloudFault(FaultClass.CONFIG, "NoEndpoint", "site " + site + ": the catalog has no " + type
                    + " endpoint; give the " + type + " by id instead of by name");
        }
        return endpoint;
    }

    /** Glance and Neutron catalogs usually list the unversioned root; add the API version unless present. */
    private static String versioned(URI endpoint, String version) {
        String url = endpoint.toString();
        return url.endsWith(version) ? url : url + version;
    }
}
