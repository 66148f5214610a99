package phantom.server.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: the text {@code phantom status} prints, groups by clouds. A cell is
 * {@code in service[+pending]/cap} ({@code -} for no cap), marked {@code !} when the cloud is not
 * ok for the group; the lines under the table say how each such cloud stands.
 */
public final class StatusTable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private StatusTable() {
    }

    /**
     * @param siteOrder the configured sites, in the config's order; a cloud the groups use that is
     *     not there comes after them
     */
    public static String render(List<GroupOverview> groups, Collection<String> siteOrder) {
        Set<String> used = new LinkedHashSet<>();
        for (GroupOverview g : groups) for (CloudOverview c : g.clouds()) used.add(c.site());
        List<String> sites = new ArrayList<>();
        for (String s : siteOrder) if (used.contains(s)) sites.add(s);
        for (String s : used) if (!sites.contains(s)) sites.add(s);

        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("GROUP", "DESIRED", "IN SERVICE", "PENDING"));
        header.addAll(sites);
        rows.add(header.toArray(String[]::new));
        List<String> notes = new ArrayList<>();
        for (GroupOverview g : groups) {
            List<String> row = new ArrayList<>(List.of(g.qualifiedName() + (g.deleting() ? " (deleting)" : ""),
                    Integer.toString(g.desired()), Integer.toString(g.inService()), Integer.toString(g.pending())));
            for (String site : sites) {
                CloudOverview c = g.clouds().stream().filter(x -> x.site().equals(site)).findFirst().orElse(null);
                row.add(c == null ? "" : cell(c));
                if (c != null && !c.standing().ok()) notes.add("  " + g.qualifiedName() + " on " + site + ": " + describe(c.standing()));
            }
            rows.add(row.toArray(String[]::new));
        }
        if (groups.isEmpty()) return "no groups\n";
        StringBuilder b = new StringBuilder();
        int[] width = new int[header.size()];
        for (String[] r : rows) for (int k = 0; k < r.length; k++) width[k] = Math.max(width[k], r[k].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < r.length; k++) {
                boolean left = k == 0;
                String pad = " ".repeat(width[k] - r[k].length());
                line.append(left ? r[k] + pad : pad + r[k]).append(k == r.length - 1 ? "" : "  ");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append("cells: in service[+pending]/cap (- for no cap); ! the cloud is not ok for the group");
        b.append(notes.isEmpty() ? "; every cloud is ok\n" : ":\n");
        for (String n : notes) b.append(n).append('\n');
        return b.toString();
    }

    /** "6+2/8", "3/-", "0/0" (a cloud no longer listed shows "x" for its cap), with "!" when not ok. */
    static String cell(CloudOverview c) {
        String cap = !c.listed() ? "x" : c.bounded() ? Integer.toString(c.cap()) : "-";
        return c.inService() + (c.pending() > 0 ? "+" + c.pending() : "") + "/" + cap + (c.standing().ok() ? "" : "!");
    }

    /**
     * The standing in words with absolute times, so the text changes only when the standing does
     * ("backing off until 06:12:03Z after 3 failures: InsufficientInstanceCapacity: ...").
     */
    public static String describe(Standing s) {
        String words = s.kind().label();
        if (s.until() != null) words += " until " + CLOCK.format(s.until());
        if (s.failures() > 0) words += " after " + s.failures() + (s.failures() == 1 ? " failure" : " failures");
        if (s.lastError() != null) words += ": " + s.lastError();
        return words;
    }

    /** The time a standing's end is shown with, for the views that show it apart. */
    public static String clock(Instant t) {
        return CLOCK.format(t);
    }
}
