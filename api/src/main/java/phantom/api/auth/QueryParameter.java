package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** One decoded {@code name=value} pair of a query string or form body, kept as bytes so re-encoding is exact. */
record QueryParameter(byte[] name, byte[] value) {

    /** Byte order of the decoded name, then of the decoded value (SigV2's order). */
    static final Comparator<QueryParameter> BY_DECODED_BYTES = (a, b) -> {
        int byName = Arrays.compareUnsigned(a.name, b.name);
        return byName != 0 ? byName : Arrays.compareUnsigned(a.value, b.value);
    };

    String nameText() {
        return new String(name, StandardCharsets.UTF_8);
    }

    String valueText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    boolean named(String text) {
        return Arrays.equals(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Splits on {@code &}, then each pair at its first {@code =} (a pair without one has an empty value),
     * and percent-decodes both halves. Empty pairs ({@code a=1&&b=2}) are skipped.
     *
     * @throws AuthFailure {@code MalformedQueryString} for a broken percent-encoding
     */
    static List<QueryParameter> parse(byte[] raw, boolean plusIsSpace) throws AuthFailure {
        List<QueryParameter> out = new ArrayList<>();
        int start = 0;
        while (start <= raw.length) {
            int end = indexOf(raw, (byte) '&', start, raw.length);
            if (end > start) {
                int eq = indexOf(raw, (byte) '=', start, end);
                byte[] name = Rfc3986.decode(raw, start, eq, plusIsSpace);
                byte[] value = eq < end ? Rfc3986.decode(raw, eq + 1, end, plusIsSpace) : new byte[0];
                out.add(new QueryParameter(name, value));
            }
            start = end + 1;
        }
        return out;
    }

    static List<QueryParameter> parse(String raw, boolean plusIsSpace) throws AuthFailure {
        return parse(raw.getBytes(StandardCharsets.UTF_8), plusIsSpace);
    }

    private static int indexOf(byte[] raw, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == wanted) {
                return i;
            }
        }
        return to;
    }
}
