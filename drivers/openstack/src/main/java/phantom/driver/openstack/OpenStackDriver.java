package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import phantom.core.driver.Capabilities;
import phantom.core.driver.LaunchGuard;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import phantom.driver.openstack.ProjectClient.Service;

/**
 * One OpenStack site, through Keystone v3 and the Nova API (plus Glance and Neutron to find images
 * and networks by name). Nova has no idempotency key, so a launch first looks for a server whose
 * metadata carries the launch token and returns it if there is one. That look is not atomic with
 * the create (two launches with one token at once would both create a server), so the driver does
 * not claim idempotent launches: the reconciler re-issues a lost launch only after the grace, by
 * when a server whose create Nova accepted is listed; a duplicate that slips through anyway is
 * terminated by the orphan sweep as a second VM for its token.
 */
final class OpenStackDriver implements CloudDriver {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    /**
     * How far back a listing asks Nova for deleted servers ({@code changes-since}), so that a server
     * deleted from outside is listed as TERMINATED for this long rather than missing: many watch
     * intervals, and longer than the engine's grace for a VM missing from a listing.
     */
    static final Duration RECENTLY_DELETED = Duration.ofMinutes(10);

    private final SiteOptions site;
    private final Clock clock;
    private final Http http;
    private final Sessions sessions;
    /** Flavor id to name, filled whenever flavors are listed; ids are the same for every project. */
    private final Map<String, String> flavorNames = new ConcurrentHashMap<>();

    OpenStackDriver(SiteOptions site, Clock clock) {
        this.site = site;
        this.clock = clock;
        this.http = new Http(site.requestTimeout());
        this.sessions = new Sessions(new Keystone(site, http), clock);
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials credentials) throws CloudFault {
        return launch(spec, credentials, LaunchGuard.NONE);
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials credentials, LaunchGuard guard) throws CloudFault {
        try {
            check(spec);
            ProjectClient client = client(credentials);
            for (JsonNode server : servers(client)) {
                if (spec.token().equals(ServerView.token(server))) {
                    return ServerView.instance(server, flavorNames);
                }
            }
            String imageId = image(client, spec.imageId());
            String flavorId = flavor(client, spec.instanceType());
            String networkId = network(client);
            // the guard is asked after the look-ups, right before each send of the request that starts a VM
            Reply created = client.call(Service.COMPUTE, "POST", "/servers",
                    ServerRequest.body(spec, imageId, flavorId, networkId), guard);
            if (!created.ok()) {
                throw FaultTable.classify(created, "POST /servers");
            }
            String id = created.json().path("server").path("id").asText("");
            if (id.isEmpty()) {
                throw new CloudFault(FaultClass.TRANSIENT, "BadResponse",
                        "POST /servers answered " + created.status() + " without a server id");
            }
            return firstLook(client, id, spec);
        } catch (LaunchGuard.Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    /**
     * Nova answers 202 before scheduling; one look at the new server returns its state and catches a
     * scheduling failure that is already known. A server already in ERROR is deleted and its fault
     * thrown (so "No valid host was found" is CAPACITY and nothing is left running).
     */
    private CloudInstance firstLook(ProjectClient client, String id, LaunchSpec spec) throws CloudFault {
        JsonNode server;
        try {
            Reply reply = client.call(Service.COMPUTE, "GET", "/servers/" + encode(id), null);
            server = reply.ok() ? reply.json().path("server") : null;
        } catch (CloudFault e) {
            server = null;
        }
        if (server == null || !server.isObject()) {
            return new CloudInstance(id, spec.token(), spec.groupUuid(), CloudState.PENDING, spec.instanceType(), null);
        }
        if ("ERROR".equalsIgnoreCase(server.path("status").asText())) {
            JsonNode fault = server.path("fault");
            try {
                delete(client, id);
            } catch (CloudFault ignored) {
                // It stays tagged and listed as FAILED; the reconciler terminates it.
            }
            throw FaultTable.serverFault(fault.path("code").asInt(500),
                    fault.path("message").asText("server went to ERROR without a fault message"), id);
        }
        return ServerView.instance(server, flavorNames);
    }

    @Override
    public void terminate(String cloudId, CloudCredentials credentials) throws CloudFault {
        try {
            if (cloudId == null || cloudId.isBlank()) {
                throw new CloudFault(FaultClass.CONFIG, "InvalidInstanceId", "no server id to terminate");
            }
            delete(client(credentials), cloudId);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private void delete(ProjectClient client, String id) throws CloudFault {
        Reply reply = client.call(Service.COMPUTE, "DELETE", "/servers/" + encode(id), null);
        boolean gone = reply.status() == 404;
        boolean alreadyDeleting = reply.status() == 409 && reply.message().toLowerCase(java.util.Locale.ROOT).contains("deleting");
        if (!reply.ok() && !gone && !alreadyDeleting) {
            throw FaultTable.classify(reply, "DELETE /servers/" + id);
        }
    }

    @Override
    public List<CloudInstance> list(CloudCredentials credentials) throws CloudFault {
        try {
            ProjectClient client = client(credentials);
            List<JsonNode> phantoms = new ArrayList<>(servers(client).stream().filter(ServerView::isPhantoms).toList());
            phantoms.addAll(recentlyDeleted(client, phantoms));
            learnFlavorsOf(client, phantoms);
            List<CloudInstance> instances = new ArrayList<>();
            phantoms.forEach(s -> instances.add(ServerView.instance(s, flavorNames)));
            return instances;
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    /**
     * Phantom's servers deleted in the last {@link #RECENTLY_DELETED} that the plain listing no longer
     * shows: {@code GET /servers/detail?changes-since=...} also returns recently deleted servers (status
     * {@code DELETED}), to non-admin users too. Best effort: if Nova refuses the query (some releases
     * fail to page past a deleted server), the listing is the live servers alone and a deleted server
     * is judged missing, as before.
     */
    private List<JsonNode> recentlyDeleted(ProjectClient client, List<JsonNode> live) {
        Set<String> listed = new HashSet<>();
        live.forEach(s -> listed.add(s.path("id").asText()));
        String since = DateTimeFormatter.ISO_INSTANT.format(clock.instant().minus(RECENTLY_DELETED).truncatedTo(ChronoUnit.SECONDS));
        try {
            return client.all(Service.COMPUTE, "/servers/detail", "changes-since=" + encode(since), "servers").stream()
                    .filter(ServerView::isPhantoms)
                    .filter(s -> ServerView.isDeleted(s) && !listed.contains(s.path("id").asText()))
                    .toList();
        } catch (CloudFault e) {
            return List.of();
        }
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, Identity.PASSWORD_NAMES);
    }

    private ProjectClient client(CloudCredentials credentials) throws CloudFault {
        return new ProjectClient(sessions, Identity.of(credentials, site), http, site.site());
    }

    private static List<JsonNode> servers(ProjectClient client) throws CloudFault {
        return client.all(Service.COMPUTE, "/servers/detail", "servers");
    }

    /** Flavor names for listings from Nova releases that report only flavor ids; best effort. */
    private void learnFlavorsOf(ProjectClient client, List<JsonNode> servers) {
        boolean unknown = servers.stream().anyMatch(s -> s.path("flavor").path("original_name").isMissingNode()
                && ServerView.flavorId(s) != null && !flavorNames.containsKey(ServerView.flavorId(s)));
        if (unknown) {
            try {
                flavors(client);
            } catch (CloudFault e) {
                // The listing still shows flavor ids.
            }
        }
    }

    private List<JsonNode> flavors(ProjectClient client) throws CloudFault {
        List<JsonNode> flavors = client.all(Service.COMPUTE, "/flavors/detail", "flavors");
        flavors.forEach(f -> flavorNames.put(f.path("id").asText(), f.path("name").asText()));
        return flavors;
    }

    /** A flavor by id or by name, from the flavors this project may use. */
    private String flavor(ProjectClient client, String wanted) throws CloudFault {
        List<JsonNode> flavors = flavors(client);
        for (JsonNode f : flavors) {
            if (wanted.equals(f.path("id").asText())) {
                return wanted;
            }
        }
        for (JsonNode f : flavors) {
            if (wanted.equals(f.path("name").asText())) {
                return f.path("id").asText();
            }
        }
        List<String> names = flavors.stream().map(f -> f.path("name").asText()).sorted().toList();
        throw new CloudFault(FaultClass.CONFIG, "FlavorNotFound", "site " + site.site() + ": no flavor with id or name '"
                + wanted + "'; this project's flavors are " + names);
    }

    /** An image id as given, or an image looked up by name in Glance ({@code GET /v2/images?name=}). */
    private String image(ProjectClient client, String wanted) throws CloudFault {
        if (UUID.matcher(wanted).matches()) {
            return wanted;
        }
        String path = "/images?name=" + encode(wanted);
        Reply reply = client.call(Service.IMAGE, "GET", path, null);
        if (!reply.ok()) {
            throw FaultTable.classify(reply, "GET /v2" + path);
        }
        List<JsonNode> found = new ArrayList<>();
        reply.json().path("images").forEach(found::add);
        List<JsonNode> active = found.stream().filter(i -> "active".equals(i.path("status").asText("active"))).toList();
        if (active.isEmpty()) {
            throw new CloudFault(FaultClass.CONFIG, "ImageNotFound", "site " + site.site() + ": no "
                    + (found.isEmpty() ? "" : "active ") + "image named '" + wanted + "' is visible to this project");
        }
        if (active.size() > 1) {
            throw new CloudFault(FaultClass.CONFIG, "AmbiguousImage", "site " + site.site() + ": " + active.size()
                    + " images are named '" + wanted + "'; use one of their ids: "
                    + active.stream().map(i -> i.path("id").asText()).toList());
        }
        return active.get(0).path("id").asText();
    }

    /** The site's network option as an id: as given, or looked up by name in Neutron. */
    private String network(ProjectClient client) throws CloudFault {
        String wanted = site.network();
        if (wanted == null || UUID.matcher(wanted).matches()) {
            return wanted;
        }
        String path = "/networks?name=" + encode(wanted);
        Reply reply = client.call(Service.NETWORK, "GET", path, null);
        if (!reply.ok()) {
            throw FaultTable.classify(reply, "GET /v2.0" + path);
        }
        List<String> ids = new ArrayList<>();
        reply.json().path("networks").forEach(n -> ids.add(n.path("id").asText()));
        if (ids.size() != 1) {
            throw new CloudFault(FaultClass.CONFIG, ids.isEmpty() ? "NetworkNotFound" : "AmbiguousNetwork",
                    "site " + site.site() + ": option network '" + wanted + "' names " + ids.size()
                            + " networks visible to this project" + (ids.isEmpty() ? "" : " " + ids + "; use an id"));
        }
        return ids.get(0);
    }

    private static void check(LaunchSpec spec) throws CloudFault {
        if (spec.token() == null || spec.token().isBlank()) {
            throw new CloudFault(FaultClass.CONFIG, "InvalidLaunchSpec", "a launch needs a token");
        }
        if (spec.imageId() == null || spec.imageId().isBlank()) {
            throw new CloudFault(FaultClass.CONFIG, "InvalidLaunchSpec", "the launch configuration has no image");
        }
        if (spec.instanceType() == null || spec.instanceType().isBlank()) {
            throw new CloudFault(FaultClass.CONFIG, "InvalidLaunchSpec", "the launch configuration has no flavor");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private CloudFault unexpected(RuntimeException e) {
        return new CloudFault(FaultClass.TRANSIENT, "UnexpectedError", "site " + site.site() + ": " + e, e);
    }
}
