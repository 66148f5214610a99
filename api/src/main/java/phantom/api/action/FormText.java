package phantom.api.action;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import phantom.api.query.QueryDecoder;
import phantom.api.query.QueryParams;

/** Keeps a nested structure's parameters as form-encoded text, and reads them back. */
final class FormText {
    private FormText() {
    }

    static String encode(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (!b.isEmpty()) b.append('&');
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    static QueryParams decode(String text) {
        return QueryParams.of(QueryDecoder.decode(text));
    }
}
