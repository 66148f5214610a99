package phantom.api.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoded {@code name=value} pair of a query string or form body, kept as bytes so re-encoding
 * is exact. This is the Query protocol's only parser: the signature verifiers and the actions read
 * the parameters it produced, never the raw text again.
 */
public record QueryParameter(byte[] name, byte[] value) {
    /** More parameters than any real request needs (50 tags x 5 fields + lists), with room to spare. */
    public static final int MAX_PARAMETERS = 2_000;

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
     * @param plusIsSpace whether {@code +} is a space (form encoding, what the Query protocol means)
     * @throws AuthFailure {@code MalformedQueryString} for a broken percent-encoding or more than
     *     {@link #MAX_PARAMETERS} pairs
     */
    public static List<QueryParameter> parse(byte[] raw, boolean plusIsSpace) throws AuthFailure {
        List<QueryParameter> out = new ArrayList<>();
        int start = 0;
        while (start <= raw.length) {
            int end = indexOf(raw, (byte) '&', start, raw.length);
            if (end > start) {
                if (out.size() == MAX_PARAMETERS) {
                    throw AuthFailure.malformedQueryString("The request has more than " + MAX_PARAMETERS + " parameters.");
                }
                int eq = indexOf(raw, (byte) '=', start, end);
                byte[] name = Rfc3986.decode(raw, start, eq, plusIsSpace);
                byte[] value = eq < end ? Rfc3986.decode(raw, eq + 1, end, plusIsSpace) : new byte[0];
                out.add(new QueryParameter(name, value));
            }
            start = end + 1;
        }
        return out;
    }

    public static List<QueryParameter> parse(String raw, boolean plusIsSpace) throws AuthFailure {
        return parse(raw.getBytes(StandardCharsets.UTF_8), plusIsSpace);
    }

    /**
     * The parameters as text, in order: what an action reads.
     *
     * @throws AuthFailure {@code MalformedQueryString} for an empty name, a name given twice, more
     *     than {@link #MAX_PARAMETERS} parameters, or bytes that are not UTF-8
     */
    public static Map<String, String> toMap(List<QueryParameter> parameters) throws AuthFailure {
        if (parameters.size() > MAX_PARAMETERS) {
            throw AuthFailure.malformedQueryString("The request has more than " + MAX_PARAMETERS + " parameters.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryParameter p : parameters) {
            String name = strictUtf8(p.name);
            if (name.isEmpty()) {
                throw AuthFailure.malformedQueryString("A parameter has an empty name.");
            }
            if (out.put(name, strictUtf8(p.value)) != null) {
                throw AuthFailure.malformedQueryString("The parameter " + AuthFailure.echo(name)
                        + " is given more than once.");
            }
        }
        return out;
    }

    private static String strictUtf8(byte[] bytes) throws AuthFailure {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw AuthFailure.malformedQueryString("The request is not valid UTF-8.");
        }
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
