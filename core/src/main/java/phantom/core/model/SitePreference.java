package phantom.core.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of a group's ordered cloud list: a site name and the most VMs the group may run there.
 * {@code max == UNBOUNDED} (-1) means no cap.
 */
public record SitePreference(String site, int max) {
    public static final int UNBOUNDED = -1;

    public SitePreference {
        if (site == null || site.isBlank()) throw new IllegalArgumentException("site name is empty");
        if (max < UNBOUNDED) throw new IllegalArgumentException("max must be -1 (no cap) or >= 0, got " + max);
    }

    public boolean bounded() {
        return max != UNBOUNDED;
    }

    /**
     * Parses the {@code clouds} tag: comma-separated {@code site:max}, split at the last colon as the
     * original did ({@code rpartition(':')}), so site names may contain colons.
     *
     * @throws IllegalArgumentException with a message that says what to fix
     */
    public static List<SitePreference> parseList(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the clouds tag is empty; write it as site:max[,site:max...], for example hotel:8,sierra:-1");
        }
        List<SitePreference> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : value.split(",", -1)) {
            String item = raw.strip();
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new IllegalArgumentException("clouds entry '" + item + "' is not site:max (for example hotel:8, or hotel:-1 for no cap)");
            }
            String site = item.substring(0, colon).strip();
            String maxText = item.substring(colon + 1).strip();
            int max;
            try {
                max = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("clouds entry '" + item + "': max '" + maxText + "' is not an integer");
            }
            if (max < UNBOUNDED) {
                throw new IllegalArgumentException("clouds entry '" + item + "': max must be -1 (no cap) or a number >= 0");
            }
            if (!seen.add(site)) {
                throw new IllegalArgumentException("clouds names site '" + site + "' more than once");
            }
            out.add(new SitePreference(site, max));
        }
        return List.copyOf(out);
    }

    /** The inverse of {@link #parseList}. */
    public static String format(List<SitePreference> list) {
        StringBuilder b = new StringBuilder();
        for (SitePreference p : list) {
            if (!b.isEmpty()) b.append(',');
            b.append(p.site()).append(':').append(p.max());
        }
        return b.toString();
    }
}
