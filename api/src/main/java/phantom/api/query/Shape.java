package phantom.api.query;

import java.util.LinkedHashMap;
import java.util.Map;
import phantom.api.ApiError;

/**
 * The declared shape of a request parameter, as the Query protocol lays it out: a scalar
 * ({@code Name=v}), a list ({@code Name.member.N...}, or {@code Name=} for an empty one), a
 * structure ({@code Name.Member...}), or {@link #ANY} for a structure Phantom accepts without
 * reading inside. {@link #check} refuses a request whose parameters do not fit the shape before an
 * action reads any of them: a scalar where a structure or list goes, a structure or list where a
 * scalar goes, a bad list index, a value of the wrong type.
 */
public sealed interface Shape {
    Scalar STRING = new Scalar("string");
    Scalar INTEGER = new Scalar("integer");
    Scalar BOOLEAN = new Scalar("boolean");
    Scalar DOUBLE = new Scalar("double");
    /** A structure (or list) whose members Phantom does not read; any layout under its name passes. */
    Opaque ANY = new Opaque();

    /** The largest list index any action accepts (their own item limits are lower). */
    int MAX_LIST_INDEX = 1_000;

    /** The parameters every request may carry besides its action's: the protocol's and the signature's. */
    static boolean protocolParameter(String name) {
        return switch (name) {
            case "Action", "Version", "AWSAccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "Timestamp",
                    "Expires", "SecurityToken" -> true;
            default -> name.startsWith("X-Amz-");
        };
    }

    record Scalar(String type) implements Shape {
    }

    record ListOf(Shape member) implements Shape {
    }

    record Struct(Map<String, Shape> members) implements Shape {
    }

    record Opaque() implements Shape {
    }

    static ListOf list(Shape member) {
        return new ListOf(member);
    }

    /** @param namesAndShapes member name, shape, member name, shape, ... in the model's order */
    static Struct struct(Object... namesAndShapes) {
        Map<String, Shape> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            members.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new Struct(java.util.Collections.unmodifiableMap(members));
    }

    /**
     * Checks every parameter against {@code input}, the action's declared parameters. Parameters it
     * does not declare are ignored, as AWS ignores them; protocol and signature parameters pass.
     *
     * @throws ApiError {@code ValidationError} naming the first parameter that does not fit
     */
    static void check(Struct input, Map<String, String> parameters) {
        parameters.forEach((name, value) -> {
            if (!protocolParameter(name)) fit(input, name.split("\\.", -1), 0, name, value);
        });
    }

    private static void fit(Shape shape, String[] parts, int at, String name, String value) {
        String here = String.join(".", java.util.Arrays.copyOfRange(parts, 0, at));
        switch (shape) {
            case Opaque o -> {
            }
            case Scalar s -> {
                if (at < parts.length) {
                    throw ApiError.validation("Parameter " + printable(here) + (s.type().equals("integer") ? " is an " : " is a ")
                            + s.type() + ": send "
                            + printable(here) + "=value, not " + printable(name));
                }
                checkType(s, name, value);
            }
            case ListOf l -> {
                if (at == parts.length) {
                    if (!value.isEmpty()) {
                        throw ApiError.validation("Parameter " + printable(here) + " is a list: send " + printable(here)
                                + ".member.1, " + printable(here) + ".member.2, ... (or an empty " + printable(here)
                                + "= for none)");
                    }
                    return;
                }
                if (!parts[at].equals("member") || at + 1 >= parts.length || !index(parts[at + 1])) {
                    throw ApiError.validation("Parameter " + printable(name) + " is not valid: " + printable(here)
                            + " is a list, sent as " + printable(here) + ".member.N with N from 1 to " + MAX_LIST_INDEX);
                }
                fit(l.member(), parts, at + 2, name, value);
            }
            case Struct st -> {
                if (at == parts.length) {
                    if (at == 0) return; // cannot happen: a request parameter has a name
                    throw ApiError.validation("Parameter " + printable(here) + " is a structure: send its members as "
                            + printable(here) + ".<Member>=..., not a value of its own");
                }
                Shape member = st.members().get(parts[at]);
                if (member != null) fit(member, parts, at + 1, name, value);
            }
        }
    }

    private static boolean index(String digits) {
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        int n = Integer.parseInt(digits);
        return n >= 1 && n <= MAX_LIST_INDEX;
    }

    private static void checkType(Scalar s, String name, String value) {
        String v = value.strip();
        boolean ok = switch (s.type()) {
            case "integer" -> v.matches("[+-]?\\d{1,10}") && fitsInt(v);
            case "boolean" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            case "double" -> v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
            default -> true;
        };
        if (!ok) {
            throw ApiError.constraint(printable(value), printable(name), "Member must be " + (s.type().equals("integer")
                    ? "an integer" : s.type().equals("boolean") ? "a boolean (true or false)" : "a number"));
        }
    }

    private static boolean fitsInt(String v) {
        long n = Long.parseLong(v);
        return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE;
    }

    private static String printable(String s) {
        return QueryDecoder.printable(s);
    }
}
