package phantom.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one request, decoded once, in the order received: those of the query string,
 * then those of the body. A body is read only for a POST of type
 * {@code application/x-www-form-urlencoded}; any other body is refused rather than ignored, and
 * no parameter may be given twice (so a body can never replace what the query string says).
 *
 * @param query the query string's parameters ({@code +} read as a space)
 * @param all the query string's then the body's parameters
 * @param values {@code all} as text, every name once: exactly what the actions read
 */
record RequestParameters(List<QueryParameter> query, List<QueryParameter> all, Map<String, String> values) {
    static final String FORM = "application/x-www-form-urlencoded";

    static RequestParameters of(HttpRequestView request) throws AuthFailure {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("POST")) {
            throw AuthFailure.methodNotAllowed();
        }
        List<QueryParameter> query = QueryParameter.parse(request.rawQuery(), true);
        List<QueryParameter> all = new ArrayList<>(query);
        if (request.body().length > 0) {
            if (method.equals("GET")) {
                throw AuthFailure.validation("A GET request carries its parameters in the query string and must"
                        + " not have a body; POST them as " + FORM + " instead.");
            }
            String media = mediaType(request.header("content-type"));
            if (!media.equals(FORM)) {
                throw AuthFailure.unsupportedMediaType("The request body must be " + FORM + ", not "
                        + (media.isEmpty() ? "untyped" : AuthFailure.echo(media)) + ".");
            }
            all.addAll(QueryParameter.parse(request.body(), true));
        }
        return new RequestParameters(List.copyOf(query), List.copyOf(all), QueryParameter.toMap(all));
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.strip().toLowerCase(Locale.ROOT);
    }
}
