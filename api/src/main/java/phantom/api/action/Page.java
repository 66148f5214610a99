package phantom.api.action;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;

/**
 * One page of a Describe result, in the order of the items' keys (ascending, String order). The
 * NextToken is the last returned key, encoded so that a token Phantom did not issue is rejected with
 * InvalidNextToken rather than silently read as a position.
 */
record Page<T>(List<T> items, String nextToken) {
    private static final String PREFIX = "phantom1:";

    static <T> Page<T> of(List<T> items, Function<T, String> key, QueryParams p, int defaultMax, int maxMax) {
        List<T> sorted = items.stream().sorted(java.util.Comparator.comparing(key)).toList();
        Integer max = p.integer("MaxRecords");
        if (max == null) max = defaultMax;
        if (max < 1 || max > maxMax) {
            throw ApiError.constraint(String.valueOf(max), "MaxRecords",
                    "Member must have value between 1 and " + maxMax);
        }
        String token = p.raw("NextToken");
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String after = decode(token);
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after) <= 0) start++;
        }
        int end = Math.min(sorted.size(), start + max);
        String next = end < sorted.size() ? encode(key.apply(sorted.get(end - 1))) : null;
        return new Page<>(List.copyOf(sorted.subList(start, end)), next);
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
