package phantom.api.action;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;

/**
 * One page of a Describe result. The store reads it in the order of the items' keys (code point
 * order) after the previous page's last key, one item more than the page holds: that one, if it
 * came, says there is a next page. The NextToken is the last returned key, encoded so that a token
 * Phantom did not issue is rejected with InvalidNextToken rather than silently read as a position.
 * A token stays valid when its item is deleted meanwhile: the next page starts after its key.
 */
record Page<T>(List<T> items, String nextToken) {
    private static final String PREFIX = "phantom1:";

    /** The request's MaxRecords, {@code defaultMax} when absent. */
    static int max(QueryParams p, int defaultMax, int maxMax) {
        Integer max = p.integer("MaxRecords");
        if (max == null) max = defaultMax;
        if (max < 1 || max > maxMax) {
            throw ApiError.constraint(String.valueOf(max), "MaxRecords", "Member must have value between 1 and " + maxMax);
        }
        return max;
    }

    /** The key the request's NextToken names, or null when it has none. */
    static String after(QueryParams p) {
        String token = p.raw("NextToken");
        return token == null || token.isEmpty() ? null : decode(token);
    }

    /** The page of {@code fetched} (at most {@code max + 1} items, in key order). */
    static <T> Page<T> of(List<T> fetched, int max, Function<T, String> key) {
        if (fetched.size() <= max) return new Page<>(fetched, null);
        List<T> items = List.copyOf(fetched.subList(0, max));
        return new Page<>(items, encode(key.apply(items.get(max - 1))));
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!s.startsWith(PREFIX)) throw ApiError.invalidNextToken();
            return s.substring(PREFIX.length());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidNextToken();
        }
    }
}
