package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import phantom.driver.openstack.FakeOpenStack.Answer;

/**
 * The compute part of {@link FakeOpenStack}: servers (create, list with detail and pagination, show,
 * delete), flavors, key pairs, security groups, an instance quota and a "no valid host" mode. As in
 * Nova, a deleted server leaves plain listings but is still listed, with status {@code DELETED}, by
 * {@code GET /servers/detail?changes-since=<time>} when it was deleted at or after that time.
 * Guarded by the fake's lock.
 */
final class FakeNova {
    /** Nova's metadata schema ({@code nova/api/validation/parameter_types.py}). */
    private static final Pattern METADATA_KEY = Pattern.compile("^[a-zA-Z0-9\\-_:. ]{1,255}$");

    static final class Server {
        final String id;
        final String project;
        final ObjectNode request;
        String status = "BUILD";
        String taskState = "scheduling";
        String created;
        /** When the server last changed, as Nova's {@code updated}; {@code changes-since} compares with it. */
        String updated;
        ObjectNode fault;
        boolean listedWhileDeleting;
        /** Deleted: gone from plain listings, still shown (status DELETED) to {@code changes-since} ones. */
        boolean deleted;

        Server(String id, String project, ObjectNode request) {
            this.id = id;
            this.project = project;
            this.request = request;
        }
    }

    private final FakeOpenStack cloud;
    private final Map<String, Server> servers = new LinkedHashMap<>();
    final Map<String, String> flavors = new LinkedHashMap<>(); // id -> name
    final Set<String> keyPairs = new LinkedHashSet<>(List.of("mykey"));
    final Set<String> securityGroups = new LinkedHashSet<>(List.of("default", "web"));
    /** Nova's {@code max_limit}: the most items one page of a listing holds. */
    volatile int maxLimit = 1000;
    /** The base URL Nova writes into pagination links (behind a proxy often an internal host), or null for the fake's own. */
    volatile String linkBase;
    /** The project's instance quota, or -1 for none. */
    volatile int maxServers = -1;
    /** When true, {@code changes-since} is refused (400), as by Nova releases that cannot page past a deleted server. */
    volatile boolean refuseChangesSince;
    /** When true, every new server is scheduled nowhere: it goes to ERROR with "No valid host was found". */
    volatile boolean noValidHost;

    FakeNova(FakeOpenStack cloud) {
        this.cloud = cloud;
        flavors.put("1", "m1.tiny");
        flavors.put("2", "m1.small");
        flavors.put("3", "m1.medium");
    }

    /** Every BUILD server becomes ACTIVE (the compute hosts finish booting). */
    void boot() {
        synchronized (cloud) {
            servers.values().stream().filter(s -> s.status.equals("BUILD")).forEach(s -> {
                s.status = "ACTIVE";
                s.taskState = null;
                s.updated = now();
            });
        }
    }

    /** Someone deletes the server outside Phantom (Horizon, the CLI) and Nova finishes at once. */
    void deleteNow(String id) {
        synchronized (cloud) {
            finishDeleting(servers.get(id));
        }
    }

    private void finishDeleting(Server s) {
        s.deleted = true;
        s.status = "DELETED";
        s.taskState = null;
        s.updated = now();
    }

    private String now() {
        return FakeOpenStack.KEYSTONE_TIME.format(cloud.clock.instant()).substring(0, 19) + "Z";
    }

    /** A server made outside Phantom (no Phantom metadata), e.g. by the user in Horizon. */
    String addForeignServer(String project) {
        synchronized (cloud) {
            ObjectNode request = FakeOpenStack.JSON.createObjectNode().put("name", "handmade").put("flavorRef", "1");
            request.putObject("metadata").put("owner", "someone");
            Server s = new Server(cloud.uuid(), cloud.projectId(project), request);
            s.created = now();
            s.updated = s.created;
            servers.put(s.id, s);
            return s.id;
        }
    }

    Server server(String id) {
        synchronized (cloud) {
            return servers.get(id);
        }
    }

    /** Every server not yet deleted. */
    List<Server> servers() {
        synchronized (cloud) {
            return servers.values().stream().filter(s -> !s.deleted).toList();
        }
    }

    Answer handle(String method, String path, Map<String, String> query, String body, String projectName) {
        String project = cloud.projectId(projectName);
        if (method.equals("GET") && path.equals("/servers/detail")) {
            // Deletion finishes in the background: a server shown once as deleting is gone afterwards.
            servers.values().stream().filter(s -> s.listedWhileDeleting && !s.deleted).forEach(this::finishDeleting);
            String since = query.get("changes-since");
            if (since != null && refuseChangesSince) {
                return bad("marker [" + query.getOrDefault("marker", "") + "] not found");
            }
            java.time.Instant sinceTime;
            try {
                sinceTime = since == null ? null : java.time.Instant.parse(since);
            } catch (java.time.format.DateTimeParseException e) {
                return bad("Invalid filter field: changes-since.");
            }
            List<Server> mine = servers.values().stream().filter(s -> s.project.equals(project))
                    .filter(s -> sinceTime == null ? !s.deleted : !java.time.Instant.parse(s.updated).isBefore(sinceTime))
                    .toList();
            Answer page = page("servers", mine, s -> s.id, this::detail, query, "/servers/detail");
            mine.stream().filter(s -> "deleting".equals(s.taskState)).forEach(s -> s.listedWhileDeleting = true);
            return page;
        }
        if (method.equals("POST") && path.equals("/servers")) {
            return create(body, project);
        }
        if (path.startsWith("/servers/") && path.indexOf('/', 9) < 0) {
            String id = path.substring("/servers/".length());
            Server s = servers.get(id);
            if (s == null || s.deleted || !s.project.equals(project)) {
                return Answer.json(404, FakeOpenStack.error("itemNotFound", 404, "Instance " + id + " could not be found."));
            }
            if (method.equals("GET")) {
                ObjectNode answer = FakeOpenStack.JSON.createObjectNode();
                answer.set("server", detail(s));
                return Answer.json(200, answer);
            }
            if (method.equals("DELETE")) {
                s.taskState = "deleting";
                s.updated = now();
                return new Answer(204, "", Map.of());
            }
        }
        if (method.equals("GET") && path.equals("/flavors/detail")) {
            List<Map.Entry<String, String>> all = new ArrayList<>(flavors.entrySet());
            return page("flavors", all, Map.Entry::getKey, f -> {
                ObjectNode flavor = FakeOpenStack.JSON.createObjectNode().put("id", f.getKey()).put("name", f.getValue())
                        .put("ram", 512).put("vcpus", 1).put("disk", 1);
                flavor.putArray("links");
                return flavor;
            }, query, "/flavors/detail");
        }
        return Answer.json(404, FakeOpenStack.error("itemNotFound", 404, "The resource could not be found."));
    }

    /** One page of a listing with Nova's {@code limit}/{@code marker} paging and its {@code <key>_links} next link. */
    private <T> Answer page(String key, List<T> items, Function<T, String> id, Function<T, JsonNode> view,
            Map<String, String> query, String path) {
        int limit = Math.min(maxLimit, query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : maxLimit);
        int start = 0;
        if (query.containsKey("marker")) {
            String marker = query.get("marker");
            int at = -1;
            for (int i = 0; i < items.size(); i++) {
                if (id.apply(items.get(i)).equals(marker)) {
                    at = i;
                }
            }
            if (at < 0) {
                return Answer.json(400, FakeOpenStack.error("badRequest", 400, "marker [" + marker + "] not found"));
            }
            start = at + 1;
        }
        List<T> slice = items.subList(Math.min(start, items.size()), Math.min(items.size(), start + limit));
        ObjectNode answer = FakeOpenStack.JSON.createObjectNode();
        ArrayNode list = answer.putArray(key);
        slice.forEach(item -> list.add(view.apply(item)));
        if (slice.size() == limit && !slice.isEmpty()) {
            answer.putArray(key + "_links").addObject().put("rel", "next").put("href", (linkBase != null ? linkBase : cloud.base() + "/compute/v2.1")
                    + path + "?limit=" + limit + "&marker=" + id.apply(slice.get(slice.size() - 1))
                    // Nova's next link repeats the request's other filters.
                    + (query.containsKey("changes-since") ? "&changes-since="
                            + java.net.URLEncoder.encode(query.get("changes-since"), java.nio.charset.StandardCharsets.UTF_8) : ""));
        }
        return Answer.json(200, answer);
    }

    private Answer create(String body, String project) {
        JsonNode request;
        try {
            request = FakeOpenStack.JSON.readTree(body).path("server");
        } catch (IOException e) {
            return bad("Malformed request body");
        }
        if (!request.isObject() || !request.path("name").isTextual() || !request.has("flavorRef")) {
            return bad("Invalid input for field/attribute server.");
        }
        if (!cloud.images.containsKey(request.path("imageRef").asText())) {
            return bad("Can not find requested image");
        }
        if (!flavors.containsKey(request.path("flavorRef").asText())) {
            return bad("Invalid flavorRef provided.");
        }
        if (request.has("key_name") && !keyPairs.contains(request.path("key_name").asText())) {
            return bad("Invalid key_name provided.");
        }
        for (JsonNode group : request.path("security_groups")) {
            if (!securityGroups.contains(group.path("name").asText())) {
                return bad("Unable to find security_group with name or id '" + group.path("name").asText() + "'");
            }
        }
        if (request.has("networks")) {
            for (JsonNode network : request.path("networks")) {
                if (!cloud.networks.containsKey(network.path("uuid").asText())) {
                    return bad("Network " + network.path("uuid").asText() + " could not be found.");
                }
            }
        } else if (cloud.networks.size() > 1) {
            return Answer.json(409, FakeOpenStack.error("conflictingRequest", 409,
                    "Multiple possible networks found, use a Network ID to be more specific."));
        }
        for (var field : request.path("metadata").properties()) {
            if (!METADATA_KEY.matcher(field.getKey()).matches() || !field.getValue().isTextual()
                    || field.getValue().asText().length() > 255) {
                return bad("Invalid input for field/attribute metadata. Value: " + request.path("metadata"));
            }
        }
        if (request.has("user_data")) {
            try {
                Base64.getDecoder().decode(request.path("user_data").asText());
            } catch (IllegalArgumentException e) {
                return bad("User data needs to be valid base 64.");
            }
        }
        long used = servers.values().stream().filter(s -> s.project.equals(project) && !s.deleted).count();
        if (maxServers >= 0 && used + 1 > maxServers) {
            return Answer.json(403, FakeOpenStack.error("forbidden", 403, "Quota exceeded for instances: Requested 1, "
                    + "but already used " + used + " of " + maxServers + " instances"));
        }
        Server s = new Server(cloud.uuid(), project, (ObjectNode) request);
        s.created = now();
        s.updated = s.created;
        if (noValidHost) {
            s.status = "ERROR";
            s.taskState = null;
            s.fault = FakeOpenStack.JSON.createObjectNode().put("code", 500).put("created", s.created)
                    .put("message", "No valid host was found. There are not enough hosts available.");
        }
        servers.put(s.id, s);
        ObjectNode answer = FakeOpenStack.JSON.createObjectNode();
        ObjectNode created = answer.putObject("server").put("id", s.id).put("OS-DCF:diskConfig", "MANUAL")
                .put("adminPass", "kJTmMkszoB6A");
        created.putArray("links").addObject().put("rel", "self").put("href", cloud.base() + "/compute/v2.1/servers/" + s.id);
        created.putArray("security_groups").addObject().put("name", "default");
        return Answer.json(202, answer);
    }

    /** A server as {@code GET /servers/detail} shows it at microversion 2.1. */
    private ObjectNode detail(Server s) {
        ObjectNode d = FakeOpenStack.JSON.createObjectNode();
        d.put("id", s.id).put("name", s.request.path("name").asText()).put("status", s.status)
                .put("tenant_id", s.project).put("user_id", "u").put("created", s.created).put("updated", s.updated)
                .put("OS-EXT-STS:task_state", s.taskState)
                .put("OS-EXT-STS:vm_state", s.status.equals("BUILD") ? "building" : s.status.toLowerCase())
                .put("key_name", s.request.path("key_name").asText(null));
        d.putObject("flavor").put("id", s.request.path("flavorRef").asText()).putArray("links");
        d.putObject("image").put("id", s.request.path("imageRef").asText(""));
        d.set("metadata", s.request.has("metadata") ? s.request.get("metadata").deepCopy()
                : FakeOpenStack.JSON.createObjectNode());
        d.putObject("addresses");
        if (s.fault != null) {
            d.set("fault", s.fault);
        }
        return d;
    }

    private static Answer bad(String message) {
        return Answer.json(400, FakeOpenStack.error("badRequest", 400, message));
    }
}
