package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/** Issues tokens from Keystone v3 ({@code POST /v3/auth/tokens}) and reads their catalogs. */
final class Keystone {
    private final SiteOptions site;
    private final Http http;

    Keystone(SiteOptions site, Http http) {
        this.site = site;
        this.http = http;
    }

    Session issue(Identity identity) throws CloudFault {
        URI uri = URI.create(site.authUrl() + "/auth/tokens");
        Reply reply = http.send("POST", uri, null, identity.authRequest());
        String what = "Keystone POST " + uri.getPath() + " as " + identity;
        if (!reply.ok()) {
            CloudFault fault = FaultTable.classify(reply, what);
            if (reply.status() == 401) {
                throw new CloudFault(FaultClass.CONFIG, "AuthenticationFailed", "site " + site.site()
                        + ": Keystone refused the credentials: " + fault.getMessage());
            }
            if (reply.status() == 404) {
                throw new CloudFault(FaultClass.CONFIG, "AuthUrlNotFound", "site " + site.site() + ": " + uri
                        + " is not a Keystone v3 token endpoint (check auth_url): " + fault.getMessage());
            }
            throw fault;
        }
        JsonNode token = reply.json().path("token");
        if (reply.subjectToken().isEmpty() || !token.isObject()) {
            throw new CloudFault(FaultClass.CONFIG, "NotKeystone", "site " + site.site() + ": " + uri
                    + " did not answer like Keystone v3 (no X-Subject-Token header or token body; check auth_url)");
        }
        Instant expiresAt = timestamp(token.path("expires_at").asText(null));
        if (expiresAt == null) {
            throw new CloudFault(FaultClass.TRANSIENT, "BadToken", "site " + site.site()
                    + ": Keystone's token has no readable expires_at");
        }
        Catalog catalog = new Catalog(token.path("catalog"));
        URI compute = catalog.endpoint("compute", site.region(), site.endpointInterface())
                .orElseThrow(() -> new CloudFault(FaultClass.CONFIG, "NoComputeEndpoint", "site " + site.site()
                        + ": the token's catalog has no " + site.endpointInterface() + " compute endpoint"
                        + (site.region() == null ? "" : " in region " + site.region())
                        + (token.path("catalog").isMissingNode() ? " (the token is not scoped to a project)" : "")));
        return new Session(
                reply.subjectToken().get(),
                expiresAt,
                compute,
                catalog.endpoint("image", site.region(), site.endpointInterface()).orElse(null),
                catalog.endpoint("network", site.region(), site.endpointInterface()).orElse(null));
    }

    /** Reads OpenStack timestamps: {@code 2015-11-06T15:32:17.893769Z}, with or without zone (UTC). */
    static Instant timestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
