package phantom.api.query;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import phantom.api.ApiError;

/**
 * Decodes the Query protocol's parameters: {@code application/x-www-form-urlencoded} text from a
 * query string or a POST body ({@code +} and {@code %20} are spaces, {@code %XX} is UTF-8).
 * Strict: a bad escape, bad UTF-8, a repeated name or too many parameters is an error, never a
 * guess.
 */
public final class QueryDecoder {
    /** More parameters than any real request needs (50 tags x 5 fields + lists), with room to spare. */
    public static final int MAX_PARAMETERS = 2_000;

    private QueryDecoder() {
    }

    /** Decodes one form-encoded string into an ordered name -> value map. */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return out;
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
            if (name.isEmpty()) throw ApiError.malformedQuery("A parameter has an empty name.");
            if (out.put(name, value) != null) {
                throw ApiError.malformedQuery("The parameter " + printable(name) + " is given more than once.");
            }
            if (out.size() > MAX_PARAMETERS) {
                throw ApiError.malformedQuery("The request has more than " + MAX_PARAMETERS + " parameters.");
            }
        }
        return out;
    }

    /** Merges query-string and body parameters; the body wins where both name a parameter. */
    public static Map<String, String> merge(Map<String, String> query, Map<String, String> body) {
        Map<String, String> out = new LinkedHashMap<>(query);
        out.putAll(body);
        if (out.size() > MAX_PARAMETERS) {
            throw ApiError.malformedQuery("The request has more than " + MAX_PARAMETERS + " parameters.");
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(in.length);
        for (int i = 0; i < in.length; i++) {
            byte c = in[i];
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= in.length) throw ApiError.malformedQuery("Incomplete %-escape in the request.");
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi < 0 || lo < 0) throw ApiError.malformedQuery("Invalid %-escape in the request.");
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                bytes.put(c);
            }
        }
        bytes.flip();
        return strictUtf8(bytes);
    }

    /** Decodes bytes as UTF-8, rejecting malformed input. */
    public static String strictUtf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.malformedQuery("The request is not valid UTF-8.");
        }
    }

    /** A name made safe to echo in an error message. */
    static String printable(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) b.append('?');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
