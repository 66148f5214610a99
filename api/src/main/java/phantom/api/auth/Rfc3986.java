package phantom.api.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as SigV4 and SigV2 canonicalise it: RFC 3986 unreserved characters
 * ({@code A-Z a-z 0-9 - _ . ~}) stay, every other byte becomes {@code %XX} in upper-case hex, so a
 * space is {@code %20}, never {@code +}.
 */
final class Rfc3986 {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Rfc3986() {
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            appendEncoded(out, b, false);
        }
        return out.toString();
    }

    static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes every byte of the (already percent-encoded) path except {@code /}, as SigV4 does for every service but S3. */
    static String encodePath(String rawPath) {
        StringBuilder out = new StringBuilder(rawPath.length() + 16);
        for (byte b : rawPath.getBytes(StandardCharsets.UTF_8)) {
            appendEncoded(out, b, true);
        }
        return out.toString();
    }

    /**
     * Percent-decodes {@code in[from, to)} to bytes.
     *
     * @param plusIsSpace whether {@code +} means a space (HTML form encoding) or itself (RFC 3986)
     * @throws AuthFailure {@code MalformedQueryString} for a {@code %} not followed by two hex digits
     */
    static byte[] decode(byte[] in, int from, int to, boolean plusIsSpace) throws AuthFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = in[i];
            if (b == '%') {
                int high = i + 2 < to ? Character.digit(in[i + 1], 16) : -1;
                int low = high >= 0 ? Character.digit(in[i + 2], 16) : -1;
                if (low < 0) {
                    String bad = new String(in, i, Math.min(3, to - i), StandardCharsets.UTF_8);
                    throw AuthFailure.malformedQueryString(
                            "The query string contains a syntax error: invalid percent-encoding '" + AuthFailure.echo(bad) + "'.");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(plusIsSpace && b == '+' ? ' ' : b);
            }
        }
        return out.toByteArray();
    }

    private static void appendEncoded(StringBuilder out, byte b, boolean keepSlash) {
        char c = (char) (b & 0xff);
        if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '_' || c == '.' || c == '~' || keepSlash && c == '/') {
            out.append(c);
        } else {
            out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
    }
}
