package phantom.server.console;

import static phantom.server.console.Html.esc;
import static phantom.server.console.Html.query;

import java.util.List;
import java.util.Map;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.server.view.CloudOverview;
import phantom.server.view.GroupDetail;
import phantom.server.view.GroupOverview;
import phantom.server.view.Standing;
import phantom.server.view.StatusTable;

/**
 * Pure: the console's pages as HTML, from the view model ({@link phantom.server.view}). Every value
 * goes through {@link Html#esc}. One h1 per page, headings in order, a label on every input.
 */
final class ConsolePages {
    static final String BASE = "/console/";

    private ConsolePages() {
    }

    /** Who the page is for: the user and the session's CSRF token; null before login. */
    record Viewer(String owner, String csrf) {
    }

    static String page(String title, Viewer viewer, String[] flash, String main) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · Phantom</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(BASE).append("console.css\">")
                .append("<script src=\"").append(BASE).append("console.js\" defer></script></head><body>")
                .append("<a class=\"skip\" href=\"#main\">Skip to the content</a>")
                .append("<header class=\"top\"><a class=\"brand\" href=\"").append(BASE).append("\">Phantom</a>");
        if (viewer != null) {
            b.append("<span class=\"who\">Signed in as <strong>").append(esc(viewer.owner())).append("</strong></span>")
                    .append("<form method=\"post\" action=\"").append(BASE).append("logout\" class=\"inline\">")
                    .append(csrf(viewer)).append("<button type=\"submit\" id=\"logout\">Log out</button></form>");
        }
        b.append("</header><main id=\"main\">");
        if (flash != null) {
            b.append("<p role=\"").append("error".equals(flash[1]) ? "alert" : "status").append("\" class=\"flash ")
                    .append(esc(flash[1])).append("\" id=\"flash\">").append(esc(flash[0])).append("</p>");
        }
        b.append(main).append("</main></body></html>\n");
        return b.toString();
    }

    static String login(String[] flash) {
        String form = "<h1>Log in to Phantom</h1>"
                + "<p>Use the access key id and secret access key that <code>phantom user add</code> printed for you"
                + " (the keys the AWS tools sign with). The secret is checked here and not kept by your browser.</p>"
                + "<form method=\"post\" action=\"" + BASE + "login\" class=\"login\">"
                + "<p><label for=\"access_key_id\">Access key id</label>"
                + "<input id=\"access_key_id\" name=\"access_key_id\" autocomplete=\"username\" required spellcheck=\"false\"></p>"
                + "<p><label for=\"secret_access_key\">Secret access key</label>"
                + "<input id=\"secret_access_key\" name=\"secret_access_key\" type=\"password\" autocomplete=\"current-password\" required></p>"
                + "<p><button type=\"submit\" id=\"login\">Log in</button></p></form>";
        return page("Log in", null, flash, form);
    }

    static String groups(Viewer viewer, String[] flash, List<GroupOverview> groups) {
        return page("Your groups", viewer, flash, "<h1>Your groups</h1>"
                + "<div data-live=\"" + BASE + "groups/live\" id=\"live\">" + groupsLive(groups) + "</div>");
    }

    /** The part of the groups page that refreshes itself. */
    static String groupsLive(List<GroupOverview> groups) {
        if (groups.isEmpty()) {
            return "<p>You have no groups yet. Create one with the AWS tools (<code>create-auto-scaling-group</code>).</p>";
        }
        StringBuilder b = new StringBuilder();
        b.append(legend()).append("<ul class=\"groups\">");
        for (GroupOverview g : groups) {
            b.append("<li class=\"group\"><h2><a href=\"").append(BASE).append("group?name=").append(esc(query(g.name()))).append("\">")
                    .append(esc(g.name())).append("</a>").append(g.deleting() ? " <span class=\"tag\">deleting</span>" : "")
                    .append("</h2>").append(sizes(g)).append(bars(g)).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static String legend() {
        return "<p class=\"legend\" aria-hidden=\"true\"><span class=\"key run\"></span> in service "
                + "<span class=\"key pend\"></span> pending <span class=\"key room\"></span> room up to the cap (the full width: no cap)</p>";
    }

    private static String sizes(GroupOverview g) {
        return "<p class=\"sizes\">Desired <strong>" + g.desired() + "</strong> · in service <strong>" + g.inService()
                + "</strong> · pending <strong>" + g.pending() + "</strong>"
                + (g.shortfall() > 0 ? " · <span class=\"short\">short by " + g.shortfall() + "</span>" : "")
                + " <span class=\"minmax\">(min " + g.min() + ", max " + g.max() + ")</span></p>";
    }

    /**
     * A bar per cloud, in the group's order, each with its numbers in words. One scale for the group's
     * bars (the largest of the desired count, a cap, a cloud's VMs), so they compare: a capped cloud's
     * track ends at its cap, an uncapped one's runs the full width.
     */
    static String bars(GroupOverview g) {
        int scale = Math.max(1, g.desired());
        for (CloudOverview c : g.clouds()) scale = Math.max(scale, Math.max(c.live(), c.bounded() ? c.cap() : 0));
        StringBuilder b = new StringBuilder("<ol class=\"clouds\">");
        for (CloudOverview c : g.clouds()) {
            String words = cloudWords(c);
            double room = c.bounded() || !c.listed() ? 100.0 * Math.max(c.live(), c.listed() ? c.cap() : 0) / scale : 100;
            double run = 100.0 * c.inService() / scale;
            double pend = 100.0 * c.pending() / scale;
            b.append("<li class=\"cloud\" data-site=\"").append(esc(c.site())).append("\"><span class=\"site\">").append(esc(c.site()))
                    .append("</span><svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
                    .append(esc(c.site() + ": " + words)).append("\"><rect class=\"room\" x=\"0\" y=\"0\" width=\"").append(fmt(room))
                    .append("\" height=\"10\"/><rect class=\"run\" x=\"0\" y=\"0\" width=\"").append(fmt(run)).append("\" height=\"10\"/>")
                    .append("<rect class=\"pend\" x=\"").append(fmt(run)).append("\" y=\"0\" width=\"").append(fmt(pend))
                    .append("\" height=\"10\"/></svg><span class=\"nums\">").append(esc(words)).append("</span>")
                    .append(standingBadge(c.standing())).append("</li>");
        }
        return b.append("</ol>").toString();
    }

    static String cloudWords(CloudOverview c) {
        String cap = !c.listed() ? "no longer listed" : c.bounded() ? "cap " + c.cap() : "no cap";
        return c.inService() + " in service, " + c.pending() + " pending, " + cap
                + (c.terminating() > 0 ? ", " + c.terminating() + " terminating" : "");
    }

    private static String standingBadge(Standing s) {
        return "<span class=\"standing " + s.kind().name().toLowerCase(java.util.Locale.ROOT) + "\">" + esc(standingWords(s)) + "</span>";
    }

    /** "ok", "probing", "backing off until 06:12:21Z": the short form; {@link #why} has the rest. */
    static String standingWords(Standing s) {
        return s.kind().label() + (s.until() == null ? "" : " until " + StatusTable.clock(s.until()));
    }

    /** The engine's sentence for a standing, with the cloud's last error when the sentence lacks it. */
    static String why(Standing s) {
        if (s.ok()) return "";
        String reason = s.reason() == null ? "" : s.reason();
        return s.lastError() == null || reason.contains(s.lastError()) ? reason : reason + ". Last error: " + s.lastError();
    }

    static String group(Viewer viewer, String[] flash, GroupDetail d) {
        GroupOverview g = d.overview();
        String live = BASE + "group/live?name=" + query(g.name());
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"crumbs\"><a href=\"").append(BASE).append("\">Your groups</a></p>")
                .append("<h1>").append(esc(g.name())).append(g.deleting() ? " <span class=\"tag\">deleting</span>" : "").append("</h1>");
        if (!g.deleting()) {
            b.append("<h2>Change the group</h2>")
                    .append("<form method=\"post\" action=\"").append(BASE).append("group/desired\" class=\"desired\">").append(csrf(viewer))
                    .append(hidden("name", g.name()))
                    .append("<p><label for=\"desired\">Desired count</label>")
                    .append("<input id=\"desired\" name=\"desired\" type=\"number\" min=\"0\" step=\"1\" required value=\"").append(g.desired())
                    .append("\"> <button type=\"submit\" id=\"set-desired\">Set desired count</button></p></form>")
                    .append("<form method=\"get\" action=\"").append(BASE).append("group/delete\" class=\"delete\">").append(hidden("name", g.name()))
                    .append("<p><button type=\"submit\" class=\"danger\" id=\"delete\">Delete this group…</button></p></form>");
        }
        b.append("<div data-live=\"").append(esc(live)).append("\" id=\"live\">").append(groupLive(viewer, d)).append("</div>");
        return page(g.name(), viewer, flash, b.toString());
    }

    /** The part of the group page that refreshes itself: clouds, instances, activities. */
    static String groupLive(Viewer viewer, GroupDetail d) {
        GroupOverview g = d.overview();
        StringBuilder b = new StringBuilder();
        b.append(sizes(g)).append("<h2>Clouds</h2>").append(legend()).append(bars(g))
                .append("<table class=\"standings\"><caption>Each cloud's standing for this group, most preferred first</caption>")
                .append("<thead><tr><th scope=\"col\">Cloud</th><th scope=\"col\">Cap</th><th scope=\"col\">In service</th>")
                .append("<th scope=\"col\">Pending</th><th scope=\"col\">Standing</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        for (CloudOverview c : g.clouds()) {
            b.append("<tr><th scope=\"row\">").append(esc(c.site())).append("</th><td>")
                    .append(!c.listed() ? "not listed" : c.bounded() ? Integer.toString(c.cap()) : "none").append("</td><td>")
                    .append(c.inService()).append("</td><td>").append(c.pending()).append("</td><td>").append(standingBadge(c.standing()))
                    .append("</td><td>").append(esc(why(c.standing()))).append("</td></tr>");
        }
        b.append("</tbody></table><h2>Instances</h2>");
        for (Map.Entry<String, List<Instance>> e : d.instances().entrySet()) {
            b.append("<h3>On ").append(esc(e.getKey())).append("</h3>");
            if (e.getValue().isEmpty()) {
                b.append("<p>None.</p>");
                continue;
            }
            b.append("<table class=\"instances\" data-site=\"").append(esc(e.getKey())).append("\"><thead><tr><th scope=\"col\">Instance</th>")
                    .append("<th scope=\"col\">State</th><th scope=\"col\">Health</th><th scope=\"col\">Launched</th>")
                    .append("<th scope=\"col\">Action</th></tr></thead><tbody>");
            for (Instance i : e.getValue()) {
                b.append("<tr><th scope=\"row\"><code>").append(esc(i.visibleId())).append("</code></th><td>")
                        .append(esc(state(i))).append("</td><td>").append(i.healthy() ? "Healthy" : "Unhealthy")
                        .append(i.statusReason() == null ? "" : ": " + esc(i.statusReason())).append("</td><td>")
                        .append(esc(StatusTable.clock(i.createdTime()))).append("</td><td>");
                if (i.live() && i.cloudId() != null && !g.deleting()) {
                    b.append("<form method=\"post\" action=\"").append(BASE).append("group/terminate\" class=\"inline\">").append(csrf(viewer))
                            .append(hidden("name", g.name())).append(hidden("instance", i.visibleId()))
                            .append("<button type=\"submit\" name=\"decrement\" value=\"false\" class=\"terminate\">Terminate and replace")
                            .append("<span class=\"vh\"> ").append(esc(i.visibleId())).append("</span></button> ")
                            .append("<button type=\"submit\" name=\"decrement\" value=\"true\" class=\"terminate-shrink\">Terminate, desired −1")
                            .append("<span class=\"vh\"> ").append(esc(i.visibleId())).append("</span></button></form>");
                }
                b.append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h2>Activity</h2>");
        if (d.activities().isEmpty()) return b.append("<p>No activity yet.</p>").toString();
        b.append("<table class=\"activities\"><caption>Newest first</caption><thead><tr><th scope=\"col\">Started</th>")
                .append("<th scope=\"col\">Status</th><th scope=\"col\">What</th><th scope=\"col\">Cause</th></tr></thead><tbody>");
        for (ScalingActivity a : d.activities()) {
            b.append("<tr><td>").append(esc(StatusTable.clock(a.startTime()))).append("</td><td>").append(esc(a.status()))
                    .append(a.statusMessage() == null ? "" : ": " + esc(a.statusMessage())).append("</td><td>")
                    .append(esc(a.description())).append("</td><td class=\"cause\">").append(esc(a.cause())).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String state(Instance i) {
        return i.state() == InstanceState.REQUESTED ? "Pending (launch recorded)" : i.awsLifecycleState();
    }

    static String confirmDelete(Viewer viewer, String[] flash, GroupOverview g) {
        int vms = g.inService() + g.pending();
        String main = "<p class=\"crumbs\"><a href=\"" + BASE + "group?name=" + esc(query(g.name())) + "\">Back to " + esc(g.name()) + "</a></p>"
                + "<h1>Delete the group " + esc(g.name()) + "?</h1>"
                + "<p>Phantom terminates its " + vms + (vms == 1 ? " VM" : " VMs") + " on every cloud, then forgets the group."
                + " This cannot be undone.</p>"
                + "<form method=\"post\" action=\"" + BASE + "group/delete\">" + csrf(viewer) + hidden("name", g.name())
                + "<p><label for=\"confirm\">Type the group's name, <strong>" + esc(g.name()) + "</strong>, to confirm</label>"
                + "<input id=\"confirm\" name=\"confirm\" required autocomplete=\"off\" spellcheck=\"false\"></p>"
                + "<p><button type=\"submit\" class=\"danger\" id=\"confirm-delete\">Delete the group and terminate its VMs</button></p></form>";
        return page("Delete " + g.name(), viewer, flash, main);
    }

    static String notFound(Viewer viewer, String what) {
        return page("Not found", viewer, null, "<h1>Not found</h1><p>" + esc(what) + "</p><p><a href=\"" + BASE
                + "\">Your groups</a></p>");
    }

    private static String csrf(Viewer v) {
        return hidden("csrf", v.csrf());
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
