package phantom.api.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP layer hands to the authenticator: the request exactly as received.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the raw (still percent-encoded) request path, e.g. {@code /}
 * @param rawQuery the raw query string without {@code ?}, undecoded; {@code null} is read as empty
 * @param headers header names (lower-cased here if they are not already) to their values as received,
 *     a repeated header as several entries; {@code null} names or values are dropped
 * @param body the raw body bytes; {@code null} is read as empty. Not copied: do not change it afterwards
 */
public record HttpRequestView(String method, String path, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    public HttpRequestView {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
        headers = lowerCased(headers);
    }

    /** @return the first value of the header, or {@code null} if the request does not have it */
    public String header(String lowerName) {
        List<String> values = headers.get(lowerName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return every value of the header in the order received; empty if absent */
    List<String> headerValues(String lowerName) {
        return headers.getOrDefault(lowerName, List.of());
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && values != null) {
                    List<String> list = out.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
                    values.stream().filter(Objects::nonNull).forEach(list::add);
                }
            });
        }
        out.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(out);
    }
}
