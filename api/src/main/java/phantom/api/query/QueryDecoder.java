package phantom.api.query;

import java.util.Map;
import phantom.api.ApiError;
import phantom.api.auth.AuthFailure;
import phantom.api.auth.QueryParameter;

/**
 * Decodes form-encoded text ({@code +} and {@code %20} are spaces, {@code %XX} is UTF-8) with the
 * same parser the request itself goes through ({@link QueryParameter}). Strict: a bad escape, bad
 * UTF-8, a repeated name or too many parameters is an error, never a guess.
 */
public final class QueryDecoder {
    private QueryDecoder() {
    }

    /** Decodes one form-encoded string into an ordered name -> value map. */
    public static Map<String, String> decode(String encoded) {
        try {
            return QueryParameter.toMap(QueryParameter.parse(encoded == null ? "" : encoded, true));
        } catch (AuthFailure e) {
            throw ApiError.of(e);
        }
    }

    /** A name made safe to echo in an error message. */
    public static String printable(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) b.append('?');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
