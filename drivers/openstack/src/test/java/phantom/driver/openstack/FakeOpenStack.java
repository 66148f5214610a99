package phantom.driver.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP fake of Keystone v3, Nova (servers, flavors), Glance (images by name) and Neutron (networks
 * by name), built from the API references (docs.openstack.org/api-ref/identity/v3, /compute, /image,
 * /network). It keeps state, checks tokens against a controllable clock, and answers with the status
 * codes, headers and error bodies the real services send. Bound to 127.0.0.1 on a free port.
 */
final class FakeOpenStack implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGION = "RegionOne";
    static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    record User(String name, String domain, String password, String project) {
    }

    record AppCredential(String id, String secret, String project) {
    }

    record Token(String project, Instant expiresAt) {
    }

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(int status, JsonNode body) {
            return new Answer(status, body == null ? "" : body.toString(), Map.of());
        }
    }

    final Clock clock;
    final FakeNova nova = new FakeNova(this);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Random random = new Random(42);

    // Keystone
    private final Map<String, String> projectIds = new HashMap<>();
    private final List<User> users = new ArrayList<>();
    private final List<AppCredential> appCredentials = new ArrayList<>();
    private final Map<String, Token> tokens = new HashMap<>();
    volatile Duration tokenLifetime = Duration.ofHours(1);
    /** When true every token is refused by the services (but Keystone still issues them). */
    volatile boolean refuseAllTokens;
    private int tokensIssued;
    private final List<JsonNode> authRequests = new ArrayList<>();

    // Glance and Neutron
    final Map<String, String> images = new LinkedHashMap<>(); // id -> name
    final Map<String, String> networks = new LinkedHashMap<>(); // id -> name

    /** Every request as "METHOD /path?query", in order. */
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Answer> injected = new ArrayDeque<>();

    FakeOpenStack(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
        addProject("demo");
        images.put("7d1b6f36-4ee2-4d1d-a2a5-3a2a5e0f6e01", "cirros-0.6.2");
        networks.put("a3e4c9b0-7d39-4e4f-9a0e-5c52b0e1c001", "private");
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String authUrl() {
        return base() + "/v3";
    }

    synchronized String addProject(String name) {
        return projectIds.computeIfAbsent(name, n -> uuid());
    }

    synchronized String projectId(String name) {
        return projectIds.get(name);
    }

    synchronized void addUser(String name, String password, String project) {
        addProject(project);
        users.add(new User(name, "Default", password, project));
    }

    synchronized void addApplicationCredential(String id, String secret, String project) {
        addProject(project);
        appCredentials.add(new AppCredential(id, secret, project));
    }

    /** Revokes every token issued so far (as a Keystone restart with new fernet keys would). */
    synchronized void revokeAllTokens() {
        tokens.clear();
    }

    /** The next request to Nova, Glance or Neutron (after its token is checked) gets this answer. */
    synchronized void failNextServiceCall(int status, String body) {
        injected.add(new Answer(status, body, Map.of()));
    }

    synchronized int tokensIssued() {
        return tokensIssued;
    }

    /** The {@code auth} objects of every {@code POST /v3/auth/tokens}, in order. */
    synchronized List<JsonNode> authRequests() {
        return List.copyOf(authRequests);
    }

    synchronized List<String> requests(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).toList();
    }

    synchronized String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            requests.add(method + " " + path + (query == null ? "" : "?" + query));
            Answer answer;
            try {
                answer = route(method, path, query(query), body, exchange.getRequestHeaders().getFirst("X-Auth-Token"));
            } catch (RuntimeException e) {
                answer = Answer.json(500, error("computeFault", 500, "The server has either erred: " + e));
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (out.length > 0) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private synchronized Answer route(String method, String path, Map<String, String> query, String body,
            String token) {
        if (path.equals("/v3/auth/tokens") && method.equals("POST")) {
            return issueToken(body);
        }
        String prefix = path.startsWith("/internal/") ? "/internal" : "";
        String servicePath = path.substring(prefix.length());
        if (!servicePath.startsWith("/compute/v2.1/") && !servicePath.startsWith("/image/v2/")
                && !servicePath.startsWith("/network/v2.0/")) {
            return Answer.json(404, error("itemNotFound", 404, "The resource could not be found."));
        }
        Token valid = token == null ? null : tokens.get(token);
        if (refuseAllTokens || valid == null || !clock.instant().isBefore(valid.expiresAt())) {
            ObjectNode e = JSON.createObjectNode();
            e.putObject("error").put("code", 401).put("title", "Unauthorized")
                    .put("message", "The request you have made requires authentication.");
            return Answer.json(401, e);
        }
        if (!injected.isEmpty()) {
            return injected.poll();
        }
        if (servicePath.startsWith("/compute/v2.1/")) {
            return nova.handle(method, servicePath.substring("/compute/v2.1".length()), query, body, valid.project());
        }
        if (servicePath.equals("/image/v2/images") && method.equals("GET")) {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode list = answer.putArray("images");
            images.forEach((id, name) -> {
                if (query.get("name") == null || query.get("name").equals(name)) {
                    list.addObject().put("id", id).put("name", name).put("status", "active")
                            .put("visibility", "public");
                }
            });
            answer.put("first", "/v2/images").put("schema", "/v2/schemas/images");
            return Answer.json(200, answer);
        }
        if (servicePath.equals("/network/v2.0/networks") && method.equals("GET")) {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode list = answer.putArray("networks");
            networks.forEach((id, name) -> {
                if (query.get("name") == null || query.get("name").equals(name)) {
                    list.addObject().put("id", id).put("name", name).put("status", "ACTIVE");
                }
            });
            return Answer.json(200, answer);
        }
        return Answer.json(404, error("itemNotFound", 404, "The resource could not be found."));
    }

    /** {@code POST /v3/auth/tokens} with the password or application_credential method. */
    private Answer issueToken(String body) {
        JsonNode auth;
        try {
            auth = JSON.readTree(body).path("auth");
        } catch (IOException e) {
            return keystoneError(400, "Bad Request", "Malformed JSON in request body.");
        }
        authRequests.add(auth);
        JsonNode identity = auth.path("identity");
        List<String> methods = new ArrayList<>();
        identity.path("methods").forEach(m -> methods.add(m.asText()));
        if (!identity.isObject() || methods.size() != 1) {
            return keystoneError(400, "Bad Request", "Expecting to find identity in auth. The server could not "
                    + "comply with the request since it is either malformed or otherwise incorrect.");
        }
        String project;
        String userName;
        if (methods.get(0).equals("password")) {
            JsonNode user = identity.path("password").path("user");
            userName = user.path("name").asText();
            User match = users.stream().filter(u -> u.name().equals(userName)
                    && u.domain().equals(user.path("domain").path("name").asText())
                    && u.password().equals(user.path("password").asText())).findFirst().orElse(null);
            if (match == null) {
                return keystoneError(401, "Unauthorized", "The request you have made requires authentication.");
            }
            JsonNode scope = auth.path("scope").path("project");
            if (scope.isMissingNode()) {
                project = null;
            } else if (scope.has("id")) {
                project = projectIds.entrySet().stream().filter(e -> e.getValue().equals(scope.path("id").asText()))
                        .map(Map.Entry::getKey).findFirst().orElse("?");
            } else {
                project = scope.path("name").asText();
                if (!scope.path("domain").path("name").asText().equals("Default")) {
                    project = "?";
                }
            }
            if (project != null && !project.equals(match.project())) {
                return keystoneError(401, "Unauthorized", "The request you have made requires authentication.");
            }
        } else if (methods.get(0).equals("application_credential")) {
            JsonNode cred = identity.path("application_credential");
            AppCredential match = appCredentials.stream().filter(a -> a.id().equals(cred.path("id").asText())
                    && a.secret().equals(cred.path("secret").asText())).findFirst().orElse(null);
            if (match == null) {
                return keystoneError(401, "Unauthorized", "The request you have made requires authentication.");
            }
            if (auth.has("scope")) {
                return keystoneError(401, "Unauthorized", "Application credentials cannot request a scope.");
            }
            project = match.project();
            userName = "appcred-owner";
        } else {
            return keystoneError(401, "Unauthorized", "Attempted to authenticate with an unsupported method.");
        }
        String token = "gAAAAA" + uuid().replace("-", "");
        Instant expires = clock.instant().plus(tokenLifetime);
        tokensIssued++;
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode t = answer.putObject("token");
        t.putArray("methods").add(methods.get(0));
        t.putObject("user").put("id", uuid()).put("name", userName).putObject("domain").put("id", "default")
                .put("name", "Default");
        t.putArray("audit_ids").add(uuid().substring(0, 22));
        t.put("issued_at", KEYSTONE_TIME.format(clock.instant()));
        t.put("expires_at", KEYSTONE_TIME.format(expires));
        if (project != null) {
            tokens.put(token, new Token(project, expires));
            t.putObject("project").put("id", projectIds.get(project)).put("name", project).putObject("domain")
                    .put("id", "default").put("name", "Default");
            t.putArray("roles").addObject().put("id", uuid()).put("name", "member");
            ArrayNode catalog = t.putArray("catalog");
            service(catalog, "compute", "nova", "/compute/v2.1");
            service(catalog, "image", "glance", "/image");
            service(catalog, "network", "neutron", "/network");
            service(catalog, "identity", "keystone", "/v3");
        }
        return new Answer(201, answer.toString(), Map.of("X-Subject-Token", token));
    }

    private void service(ArrayNode catalog, String type, String name, String path) {
        ObjectNode service = catalog.addObject().put("id", uuid()).put("type", type).put("name", name);
        ArrayNode endpoints = service.putArray("endpoints");
        endpoints.addObject().put("id", uuid()).put("interface", "public").put("region_id", REGION)
                .put("region", REGION).put("url", base() + path);
        endpoints.addObject().put("id", uuid()).put("interface", "internal").put("region_id", REGION)
                .put("region", REGION).put("url", base() + "/internal" + path);
    }

    private static Answer keystoneError(int status, String title, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("code", status).put("title", title).put("message", message);
        return Answer.json(status, e);
    }

    /** Nova's error body: {@code {"badRequest": {"code": 400, "message": "..."}}}. */
    static ObjectNode error(String kind, int code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject(kind).put("code", code).put("message", message);
        return e;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }
}
