package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/** The service catalog of a Keystone v3 token: which URL serves which service, by region and interface. */
final class Catalog {
    private final JsonNode services;

    /** @param catalog the token's {@code catalog} array */
    Catalog(JsonNode catalog) {
        this.services = catalog == null || !catalog.isArray() ? JsonNodeFactory.instance.arrayNode() : catalog;
    }

    /**
     * The endpoint of a service type, if the catalog has one for the interface (and region, when one
     * is given).
     *
     * @throws CloudFault CONFIG when no region is given and the service is offered in several regions
     */
    Optional<URI> endpoint(String type, String region, String endpointInterface) throws CloudFault {
        List<JsonNode> matches = new ArrayList<>();
        TreeSet<String> regionsSeen = new TreeSet<>();
        for (JsonNode service : services) {
            if (!type.equals(service.path("type").asText())) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                String endpointRegion = regionOf(endpoint);
                if (!endpointInterface.equals(endpoint.path("interface").asText())) {
                    continue;
                }
                regionsSeen.add(endpointRegion);
                if (region == null || region.equals(endpointRegion)
                        || region.equals(endpoint.path("region").asText(""))) {
                    matches.add(endpoint);
                }
            }
        }
        if (matches.isEmpty()) {
            if (region != null && !regionsSeen.isEmpty()) {
                throw new CloudFault(FaultClass.CONFIG, "EndpointNotFound", "the catalog has no " + endpointInterface
                        + " " + type + " endpoint in region " + region + "; its regions are " + regionsSeen);
            }
            return Optional.empty();
        }
        TreeSet<String> regions = new TreeSet<>();
        matches.forEach(m -> regions.add(regionOf(m)));
        if (regions.size() > 1) {
            throw new CloudFault(FaultClass.CONFIG, "AmbiguousRegion", "the catalog has " + endpointInterface + " "
                    + type + " endpoints in regions " + regions + "; set the site's region option");
        }
        return Optional.of(URI.create(withoutTrailingSlash(matches.get(0).path("url").asText())));
    }

    private static String regionOf(JsonNode endpoint) {
        String id = endpoint.path("region_id").asText("");
        return id.isEmpty() ? endpoint.path("region").asText("") : id;
    }

    static String withoutTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
