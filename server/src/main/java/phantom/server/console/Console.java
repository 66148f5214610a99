package phantom.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.api.ApiError;
import phantom.api.action.Action;
import phantom.api.query.QueryDecoder;
import phantom.api.query.QueryParams;
import phantom.core.model.User;
import phantom.server.console.ConsoleSessions.Session;
import phantom.server.console.ConsolePages.Viewer;
import phantom.server.view.GroupDetail;
import phantom.server.view.Overviews;
import phantom.store.Database;

/**
 * The web console under {@code /console/} on the API listener (docs/console.md): log in with the
 * API keys, see the groups by clouds, a group's instances, standings and activities, and set the
 * desired count, terminate an instance or delete the group. Every change goes through the API's
 * own action handlers ({@link Action#handle}) with the session's user as the owner, so the rules
 * are the API's. Reads go through {@link Overviews}, the view {@code phantom status} prints.
 *
 * <p>Sessions are server-side ({@link ConsoleSessions}); the cookie is HttpOnly, SameSite=Strict
 * and, over TLS, Secure. Every POST needs the session's CSRF token and, when the browser sends an
 * Origin, this listener's own.
 */
public final class Console {
    private static final Logger log = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "phantom_console";
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Database db;
    private final Function<String, Optional<User>> users;
    private final Map<String, Action> actions;
    private final Clock clock;
    private final ConsoleSessions sessions;

    /**
     * @param users the API users by access key id, with their plain secrets (the lookup the API signs with)
     * @param actions the API's action handlers, the same list the API endpoint dispatches to
     */
    public Console(Database db, Function<String, Optional<User>> users, List<Action> actions, Clock clock) {
        this.db = db;
        this.users = users;
        this.actions = actions.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Action::name, a -> a));
        this.clock = clock;
        this.sessions = new ConsoleSessions(clock);
    }

    /** True for the paths the console answers: {@code /console} and below. */
    public static boolean owns(String path) {
        return path != null && (path.equals("/console") || path.startsWith(ConsolePages.BASE));
    }

    private record Reply(int status, String contentType, byte[] body, String location, String cookie) {
        static Reply html(int status, String html) {
            return new Reply(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), null, null);
        }

        static Reply redirect(String location) {
            return new Reply(303, null, new byte[0], location, null);
        }

        Reply withCookie(String c) {
            return new Reply(status, contentType, body, location, c);
        }
    }

    /** A request the console refuses, with its status and a sentence. */
    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    public boolean handle(Request request, Response response, Callback callback) {
        Reply r;
        try {
            r = route(request);
        } catch (Refused e) {
            r = Reply.html(e.status, ConsolePages.page("Refused", null, null, "<h1>Request refused</h1><p>" + Html.esc(e.getMessage())
                    + "</p><p><a href=\"" + ConsolePages.BASE + "\">Back to the console</a></p>"));
        } catch (RuntimeException e) {
            log.error("console request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            r = Reply.html(500, ConsolePages.page("Error", null, null, "<h1>Something went wrong</h1><p>The server's log says what.</p>"));
        }
        response.setStatus(r.status());
        var h = response.getHeaders();
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "same-origin");
        h.put("Content-Security-Policy", SECURITY_POLICY);
        h.put("X-Frame-Options", "DENY");
        if (r.contentType() != null) h.put(HttpHeader.CONTENT_TYPE, r.contentType());
        if (r.location() != null) h.put(HttpHeader.LOCATION, r.location());
        if (r.cookie() != null) h.add(HttpHeader.SET_COOKIE, r.cookie());
        response.write(true, ByteBuffer.wrap(r.body()), callback);
        return true;
    }

    private Reply route(Request request) throws Refused {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals("/console")) return Reply.redirect(ConsolePages.BASE);
        String rest = path.substring(ConsolePages.BASE.length());
        boolean post = method.equals("POST");
        if (!post && !method.equals("GET") && !method.equals("HEAD")) throw new Refused(405, "The console answers GET and POST only.");
        if (!post && (rest.equals("console.css") || rest.equals("console.js"))) return asset(rest);
        Optional<Session> session = sessions.get(cookie(request));
        if (post) {
            sameOrigin(request);
            Map<String, String> form = form(request);
            if (rest.equals("login")) return login(request, form);
            Session s = session.orElseThrow(() -> new Refused(403, "Your session has ended: log in again."));
            if (!MessageDigest.isEqual(s.csrf.getBytes(StandardCharsets.UTF_8),
                    form.getOrDefault("csrf", "").getBytes(StandardCharsets.UTF_8))) {
                throw new Refused(403, "This form is not from your current session (its CSRF token does not match): reload the page.");
            }
            return switch (rest) {
                case "logout" -> {
                    sessions.end(s.id);
                    yield Reply.redirect(ConsolePages.BASE).withCookie(cookieHeader(request, "", 0));
                }
                case "group/desired" -> act(s, form, "SetDesiredCapacity", Map.of("AutoScalingGroupName", required(form, "name"),
                        "DesiredCapacity", required(form, "desired").strip()), "Desired count of " + form.get("name") + " set to "
                        + form.get("desired").strip() + ".", groupPage(form.get("name")));
                case "group/terminate" -> act(s, form, "TerminateInstanceInAutoScalingGroup", Map.of("InstanceId", required(form, "instance"),
                        "ShouldDecrementDesiredCapacity", "true".equals(form.get("decrement")) ? "true" : "false"),
                        "Terminating " + form.get("instance") + ("true".equals(form.get("decrement"))
                                ? "; the desired count is one lower." : "; a replacement will be launched."), groupPage(required(form, "name")));
                case "group/delete" -> delete(s, form);
                default -> throw new Refused(404, "No such page.");
            };
        }
        Query q = new Query(request);
        if (session.isEmpty()) {
            if (rest.isEmpty()) return Reply.html(200, ConsolePages.login(null));
            if (rest.endsWith("/live")) throw new Refused(401, "Your session has ended: log in again.");
            return Reply.redirect(ConsolePages.BASE);
        }
        Session s = session.get();
        Viewer viewer = new Viewer(s.owner, s.csrf);
        String name = rest.startsWith("group/") || rest.equals("group") ? q.name() : null;
        return switch (rest) {
            case "" -> Reply.html(200, ConsolePages.groups(viewer, s.takeFlash(), Overviews.read(db, s.owner, clock.instant())));
            case "groups/live" -> Reply.html(200, ConsolePages.groupsLive(Overviews.read(db, s.owner, clock.instant())));
            case "group" -> detail(s, name).map(d -> Reply.html(200, ConsolePages.group(viewer, s.takeFlash(), d)))
                    .orElseGet(() -> Reply.html(404, ConsolePages.notFound(viewer, "You have no group named " + name + ".")));
            case "group/live" -> detail(s, name).map(d -> Reply.html(200, ConsolePages.groupLive(viewer, d)))
                    .orElseGet(() -> Reply.html(404, "<p>You have no group named " + Html.esc(name) + ".</p>"));
            case "group/delete" -> detail(s, name).map(d -> Reply.html(200, ConsolePages.confirmDelete(viewer, s.takeFlash(), d.overview())))
                    .orElseGet(() -> Reply.html(404, ConsolePages.notFound(viewer, "You have no group named " + name + ".")));
            default -> Reply.html(404, ConsolePages.notFound(viewer, "No such page."));
        };
    }

    private Optional<GroupDetail> detail(Session s, String name) {
        return Overviews.detail(db, s.owner, name, clock.instant());
    }

    private static String groupPage(String name) {
        return ConsolePages.BASE + "group?name=" + Html.query(name);
    }

    /** The query string of a GET. */
    private static final class Query {
        private final Map<String, String> params;

        Query(Request request) throws Refused {
            try {
                params = QueryDecoder.decode(request.getHttpURI().getQuery());
            } catch (ApiError e) {
                throw new Refused(400, "The address is malformed: " + e.getMessage());
            }
        }

        String name() throws Refused {
            return required(params, "name");
        }
    }

    private static String required(Map<String, String> form, String name) throws Refused {
        String v = form.get(name);
        if (v == null || v.isEmpty()) throw new Refused(400, "The request lacks " + name + ".");
        return v;
    }

    private Reply login(Request request, Map<String, String> form) {
        String key = form.getOrDefault("access_key_id", "").strip();
        String secret = form.getOrDefault("secret_access_key", "");
        Optional<User> user = key.isEmpty() ? Optional.empty() : users.apply(key);
        boolean ok = user.isPresent() && MessageDigest.isEqual(user.get().secretAccessKey().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            log.info("console login refused for access key id '{}' from {}", key.replaceAll("[^\\x21-\\x7e]", "?"),
                    Request.getRemoteAddr(request));
            return Reply.html(401, ConsolePages.login(new String[] {"The access key id or the secret access key is wrong.", "error"}));
        }
        Session s = sessions.start(user.get().name());
        log.info("console login of user '{}'", s.owner);
        return Reply.redirect(ConsolePages.BASE).withCookie(cookieHeader(request, s.id, -1));
    }

    /** Runs one API action as the session's user; its error message, if any, becomes the next page's flash. */
    private Reply act(Session s, Map<String, String> form, String action, Map<String, String> params, String done, String next) {
        try {
            actions.get(action).handle(s.owner, QueryParams.of(new LinkedHashMap<>(params)), UUID.randomUUID().toString());
            s.flash(done, false);
        } catch (ApiError e) {
            s.flash(e.getMessage(), true);
        }
        return Reply.redirect(next);
    }

    private Reply delete(Session s, Map<String, String> form) throws Refused {
        String name = required(form, "name");
        if (!name.equals(form.getOrDefault("confirm", "").strip())) {
            s.flash("The name you typed is not " + name + ": the group was not deleted.", true);
            return Reply.redirect(ConsolePages.BASE + "group/delete?name=" + Html.query(name));
        }
        return act(s, form, "DeleteAutoScalingGroup", Map.of("AutoScalingGroupName", name, "ForceDelete", "true"),
                "Deleting " + name + ": its VMs are being terminated.", ConsolePages.BASE);
    }

    private static String cookie(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie c : cookies) if (c.getName().equals(COOKIE)) return c.getValue();
        return null;
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Secure over TLS; {@code maxAge} 0 removes it, -1 lasts the browser session. */
    private static String cookieHeader(Request request, String value, int maxAge) {
        return COOKIE + "=" + value + "; Path=" + ConsolePages.BASE + "; HttpOnly; SameSite=Strict" + (request.isSecure() ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    /** A POST whose browser names an Origin must come from this listener's own. */
    private static void sameOrigin(Request request) throws Refused {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) return;
        String host = request.getHeaders().get(HttpHeader.HOST);
        String own = (request.isSecure() ? "https://" : "http://") + host;
        if (!origin.equalsIgnoreCase(own)) throw new Refused(403, "The form was sent from another site (" + origin + ").");
    }

    private static Map<String, String> form(Request request) throws Refused {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Refused(415, "The console takes forms (application/x-www-form-urlencoded) only.");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        } catch (IOException e) {
            throw new Refused(400, "The form could not be read.");
        }
        if (body.length > MAX_FORM_BYTES) throw new Refused(413, "The form is too large.");
        try {
            return QueryDecoder.decode(new String(body, StandardCharsets.UTF_8));
        } catch (ApiError e) {
            throw new Refused(400, "The form is malformed: " + e.getMessage());
        }
    }

    private static Reply asset(String name) throws Refused {
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) throw new Refused(404, "No such file.");
            String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            return new Reply(200, type, in.readAllBytes(), null, null);
        } catch (IOException e) {
            throw new Refused(500, "The file could not be read.");
        }
    }
}
