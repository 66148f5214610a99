package phantom.core.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean" of an error message: the known name closest to a misspelled one, when it is
 * close enough to be a typo (an edit distance of at most a third of the name, and at least 1).
 * Pure; case is ignored when comparing.
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The closest of {@code known} to {@code given}, if it is a likely typo of it. */
    public static Optional<String> closest(String given, Collection<String> known) {
        if (given == null || given.isEmpty()) return Optional.empty();
        String g = given.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, g.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(g, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= limit && !best.equals(given) ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"}, or {@code ""} when no known name is close. */
    public static String hint(String given, Collection<String> known) {
        return closest(given, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    /** {@code " (did you mean 'x'?)"}, or {@code ""} when no known name is close. */
    public static String aside(String given, Collection<String> known) {
        return closest(given, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
