package phantom.api.ec2;

import static phantom.api.ec2.Ec2Errors.shown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import phantom.api.query.Shape;

/**
 * The parameters of an EC2 call, laid out as EC2's Query dialect sends them: lists flattened as
 * {@code Name.N} (no {@code .member.}, and nothing at all for an empty list), structures by dotted
 * names ({@code Filter.1.Name}, {@code Filter.1.Value.2}), names as the model serializes them
 * ({@link Ec2Shapes}). {@link #of} holds every parameter to the call's declared shape before
 * anything reads it, so the readers cannot meet a value of the wrong kind. Parameters the shape
 * does not declare are ignored, as the Auto Scaling dialect ignores them.
 */
public final class Ec2Params {
    private static final int MAX_LIST_INDEX = Shape.MAX_LIST_INDEX;

    private final Map<String, String> values;

    private Ec2Params(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param values the request's parameters, already known to be XML-legal text
     * @throws phantom.api.ApiError {@code InvalidParameter} or {@code InvalidParameterValue} naming the
     *     first parameter that does not fit {@code input}
     */
    static Ec2Params of(Shape.Struct input, Map<String, String> values) {
        values.forEach((name, value) -> {
            if (!Shape.protocolParameter(name)) fit(input, name.split("\\.", -1), 0, name, value);
        });
        return new Ec2Params(Map.copyOf(values));
    }

    String string(String name) {
        return values.get(name);
    }

    Boolean bool(String name) {
        String v = values.get(name);
        return v == null ? null : Boolean.valueOf(v.equalsIgnoreCase("true"));
    }

    Integer integer(String name) {
        String v = values.get(name);
        return v == null ? null : Integer.valueOf(v.strip());
    }

    /** {@code Name.1}, {@code Name.2}, ... in index order; empty when none is given. */
    List<String> strings(String name) {
        String prefix = name + ".";
        TreeMap<Integer, String> items = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0) {
                items.put(Integer.parseInt(k.substring(prefix.length())), v);
            }
        });
        return List.copyOf(items.values());
    }

    /** {@code Filter.N.Name} with its {@code Filter.N.Value.M}, in index order. */
    List<Ec2Filter> filters() {
        TreeMap<Integer, String> indexes = new TreeMap<>();
        values.keySet().forEach(k -> {
            if (k.startsWith("Filter.")) {
                String rest = k.substring("Filter.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) indexes.put(Integer.parseInt(rest.substring(0, dot)), rest.substring(0, dot));
            }
        });
        List<Ec2Filter> out = new ArrayList<>();
        for (String n : indexes.values()) {
            out.add(new Ec2Filter(values.get("Filter." + n + ".Name"), strings("Filter." + n + ".Value")));
        }
        return out;
    }

    private static void fit(Shape shape, String[] parts, int at, String name, String value) {
        String here = String.join(".", Arrays.copyOfRange(parts, 0, at));
        switch (shape) {
            case Shape.Opaque o -> {
            }
            case Shape.Scalar s -> {
                if (at < parts.length) {
                    throw Ec2Errors.invalidParameter("Parameter " + shown(here) + " is a " + s.type() + ": send "
                            + shown(here) + "=value, not " + shown(name) + ".");
                }
                checkType(s, name, value);
            }
            case Shape.ListOf l -> {
                if (at == parts.length) {
                    if (!value.isEmpty()) {
                        throw Ec2Errors.invalidParameter("Parameter " + shown(here) + " is a list: send " + shown(here)
                                + ".1, " + shown(here) + ".2, ...");
                    }
                    return;
                }
                if (!index(parts[at])) {
                    throw Ec2Errors.invalidParameter("Parameter " + shown(name) + " is not valid: " + shown(here)
                            + " is a list, sent as " + shown(here) + ".N with N from 1 to " + MAX_LIST_INDEX
                            + " (no leading zeros).");
                }
                fit(l.member(), parts, at + 1, name, value);
            }
            case Shape.Struct st -> {
                if (at == parts.length) {
                    throw Ec2Errors.invalidParameter("Parameter " + shown(here) + " is a structure: send its members as "
                            + shown(here) + ".<Member>=..., not a value of its own.");
                }
                Shape member = st.members().get(parts[at]);
                if (member != null) fit(member, parts, at + 1, name, value);
            }
        }
    }

    /** 1 to 1000, written without leading zeros (so two spellings can never name one item). */
    private static boolean index(String digits) {
        if (digits.isEmpty() || digits.length() > 4 || digits.charAt(0) == '0'
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        int n = Integer.parseInt(digits);
        return n >= 1 && n <= MAX_LIST_INDEX;
    }

    private static void checkType(Shape.Scalar s, String name, String value) {
        String v = value.strip();
        boolean ok = switch (s.type()) {
            case "integer" -> v.matches("[+-]?\\d{1,10}") && Long.parseLong(v) == (int) Long.parseLong(v);
            case "boolean" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            default -> true;
        };
        if (!ok) {
            throw Ec2Errors.invalidParameterValue("Value (" + shown(value) + ") for parameter " + shown(name)
                    + " is invalid: it must be " + (s.type().equals("integer") ? "an integer." : "true or false."));
        }
    }
}
