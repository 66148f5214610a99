package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link HttpRequestView}s for tests, from scratch or as a changed copy of another. */
final class RequestBuilder {
    private String method;
    private String path;
    private String query;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private RequestBuilder(String method, String path, String query) {
        this.method = method;
        this.path = path;
        this.query = query;
    }

    static RequestBuilder request(String method, String path, String query) {
        return new RequestBuilder(method, path, query);
    }

    static RequestBuilder copyOf(HttpRequestView view) {
        RequestBuilder b = new RequestBuilder(view.method(), view.path(), view.rawQuery());
        view.headers().forEach((name, values) -> b.headers.put(name, new ArrayList<>(values)));
        b.body = view.body().clone();
        return b;
    }

    /** Adds a value (a second call with the same name makes a repeated header). */
    RequestBuilder header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(), n -> new ArrayList<>()).add(value);
        return this;
    }

    /** Replaces every value of the header. */
    RequestBuilder replaceHeader(String name, String value) {
        headers.remove(name.toLowerCase());
        return header(name, value);
    }

    RequestBuilder removeHeader(String name) {
        headers.remove(name.toLowerCase());
        return this;
    }

    RequestBuilder method(String value) {
        method = value;
        return this;
    }

    RequestBuilder path(String value) {
        path = value;
        return this;
    }

    RequestBuilder query(String value) {
        query = value;
        return this;
    }

    RequestBuilder body(String value) {
        return body(value.getBytes(StandardCharsets.UTF_8));
    }

    RequestBuilder body(byte[] value) {
        body = value;
        return this;
    }

    HttpRequestView build() {
        return new HttpRequestView(method, path, query, headers, body);
    }
}
