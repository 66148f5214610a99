package phantom.api.auth;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The SigV4 canonical request: the six lines a client hashes and signs, rebuilt from the request as
 * received (raw body hash, the client's SignedHeaders, Host exactly as sent).
 */
record CanonicalRequest(String method, String uri, String query, String headers, String signedHeaders,
        String payloadHash) {

    String text() {
        return method + "\n" + uri + "\n" + query + "\n" + headers + "\n" + signedHeaders + "\n" + payloadHash;
    }

    static CanonicalRequest of(HttpRequestView request, String canonicalQuery, List<String> signedHeaders,
            String payloadHash) {
        return new CanonicalRequest(request.method(), uri(request.path()), canonicalQuery,
                headers(request, signedHeaders), String.join(";", signedHeaders), payloadHash);
    }

    /** The raw path encoded once more (SigV4 double-encodes for every service but S3); {@code /} if empty. */
    static String uri(String rawPath) {
        return rawPath.isEmpty() ? "/" : Rfc3986.encodePath(rawPath);
    }

    /** Names and values RFC 3986 re-encoded, sorted by encoded name then encoded value, joined with {@code &}. */
    static String query(List<QueryParameter> parameters, Predicate<QueryParameter> include) {
        return parameters.stream().filter(include)
                .map(p -> Map.entry(Rfc3986.encode(p.name()), Rfc3986.encode(p.value())))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /** One {@code name:value\n} line per signed header; a header the request lacks gets an empty value. */
    static String headers(HttpRequestView request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            out.append(name).append(':').append(headerValue(request.headerValues(name))).append('\n');
        }
        return out.toString();
    }

    /** Each value trimmed with inner whitespace runs collapsed to one space; repeated headers joined with {@code ,}. */
    static String headerValue(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append(collapseWhitespace(values.get(i)));
        }
        return out.toString();
    }

    private static String collapseWhitespace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                pendingSpace = !out.isEmpty();
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
