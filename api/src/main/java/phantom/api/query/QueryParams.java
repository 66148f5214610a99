package phantom.api.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import phantom.api.ApiError;

/**
 * The decoded parameters of one request (or of one nested structure within it), with typed,
 * validating accessors. Lists follow the Query protocol: {@code Name.member.N} with N from 1, and
 * {@code Name=} (empty value) for an explicitly empty list. Unknown parameters are simply never read.
 */
public final class QueryParams {
    /** Any XML 1.0 character: the model's pattern for every string member. */
    private static final String XML_CHARS = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*";
    private static final int MAX_LIST_INDEX = 1_000;

    private final Map<String, String> values;
    private final String path;

    private QueryParams(Map<String, String> values, String path) {
        this.values = values;
        this.path = path;
    }

    /** Wraps a request's parameters after checking that every name and value is XML-legal text. */
    public static QueryParams of(Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!xmlLegal(e.getKey())) {
                throw ApiError.malformedQuery("A parameter name contains characters that are not allowed: "
                        + QueryDecoder.printable(e.getKey()));
            }
            if (!xmlLegal(e.getValue())) {
                throw ApiError.constraint(QueryDecoder.printable(e.getValue()), QueryDecoder.printable(e.getKey()),
                        "Member must satisfy regular expression pattern: " + XML_CHARS);
            }
        }
        return new QueryParams(new LinkedHashMap<>(values), "");
    }

    static boolean xmlLegal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c == '\t' || c == '\n' || c == '\r') continue;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or null when absent. */
    public String raw(String name) {
        return values.get(name);
    }

    /** An optional string with the model's length bounds; null when absent. */
    public String string(String name, int minLength, int maxLength) {
        String v = values.get(name);
        if (v == null) return null;
        checkLength(name, v, minLength, maxLength);
        return v;
    }

    public String requiredString(String name, int minLength, int maxLength) {
        String v = string(name, minLength, maxLength);
        if (v == null) throw ApiError.missing(path + name);
        return v;
    }

    private void checkLength(String name, String v, int min, int max) {
        int len = v.codePointCount(0, v.length());
        if (len < min) {
            throw ApiError.constraint(v, path + name, "Member must have length greater than or equal to " + min);
        }
        if (len > max) {
            throw ApiError.constraint(v, path + name, "Member must have length less than or equal to " + max);
        }
    }

    /** An optional integer; null when absent. */
    public Integer integer(String name) {
        String v = values.get(name);
        if (v == null) return null;
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw ApiError.constraint(v, path + name, "Member must be an integer");
        }
    }

    /** An optional number (a double of AWS's model); null when absent. One too large for a double is refused. */
    public Double decimal(String name) {
        String v = values.get(name);
        if (v == null) return null;
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isFinite(d) && v.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) return d;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.constraint(v, path + name, "Member must be a finite number");
    }

    /**
     * An optional timestamp, ISO 8601 with a zone or offset ({@code 2026-06-01T00:00:00Z}, fractions
     * of a second allowed), as the AWS SDKs and CLI send it, or without one, read as UTC (boto 2
     * sends a naive {@code datetime.isoformat()}); null when absent.
     */
    public java.time.Instant time(String name) {
        String v = values.get(name);
        if (v == null) return null;
        try {
            java.time.temporal.TemporalAccessor t = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(v.strip(),
                    java.time.OffsetDateTime::from, java.time.LocalDateTime::from);
            return t instanceof java.time.OffsetDateTime o ? o.toInstant()
                    : ((java.time.LocalDateTime) t).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw ApiError.constraint(v, path + name, "Member must be a timestamp in ISO 8601 form, such as 2026-06-01T00:00:00Z");
        }
    }

    public int requiredInteger(String name) {
        Integer v = integer(name);
        if (v == null) throw ApiError.missing(path + name);
        return v;
    }

    /** An optional boolean ({@code true}/{@code false}, any case); null when absent. */
    public Boolean bool(String name) {
        String v = values.get(name);
        if (v == null) return null;
        if (v.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (v.equalsIgnoreCase("false")) return Boolean.FALSE;
        throw ApiError.constraint(v, path + name, "Member must be a boolean (true or false)");
    }

    public boolean requiredBool(String name) {
        Boolean v = bool(name);
        if (v == null) throw ApiError.missing(path + name);
        return v;
    }

    /**
     * A list of strings, {@code Name.member.N}; null when absent, empty for {@code Name=}.
     *
     * @param maxItems the most items the action accepts
     */
    public List<String> strings(String name, int maxItems, int minLength, int maxLength) {
        Map<Integer, String> items = indexed(name, maxItems, false);
        if (items == null) return null;
        List<String> out = new ArrayList<>(items.size());
        items.forEach((i, v) -> {
            checkLength(name + ".member." + i, v, minLength, maxLength);
            out.add(v);
        });
        return out;
    }

    /** A list of structures, {@code Name.member.N.Field}; null when absent, empty for {@code Name=}. */
    public List<QueryParams> structs(String name, int maxItems) {
        Map<Integer, String> items = indexed(name, maxItems, true);
        if (items == null) return null;
        List<QueryParams> out = new ArrayList<>(items.size());
        for (Integer i : items.keySet()) out.add(struct(name + ".member." + i));
        return out;
    }

    /** The members of a nested structure {@code Name.Field}; null when no member is present. */
    public QueryParams struct(String name) {
        if (values.containsKey(name)) {
            throw notAStructure(name);
        }
        String prefix = name + ".";
        Map<String, String> sub = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) sub.put(k.substring(prefix.length()), v);
        });
        return sub.isEmpty() ? null : new QueryParams(sub, path + prefix);
    }

    /** The parameters of this view whose names start with {@code prefix}, names unchanged, in order. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k, v);
        });
        return out;
    }

    /**
     * Collects the N of {@code Name.member.N} (for structs, {@code Name.member.N.*}) in index order.
     * Returns null when the list is absent and an empty map for an explicit {@code Name=}.
     */
    private Map<Integer, String> indexed(String name, int maxItems, boolean structs) {
        String prefix = name + ".member.";
        TreeMap<Integer, String> items = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix)) continue;
            String rest = k.substring(prefix.length());
            int dot = rest.indexOf('.');
            String digits = structs ? (dot < 0 ? rest : rest.substring(0, dot)) : rest;
            if (structs && dot < 0) {
                parseIndex(digits, k);
                throw notAStructure(name + ".member." + digits);
            }
            if (!structs && dot >= 0) {
                throw ApiError.validation("Parameter " + QueryDecoder.printable(path + k) + " is not valid: "
                        + path + name + " is a list of strings, sent as " + path + name + ".member.N");
            }
            int index = parseIndex(digits, k);
            if (index > maxItems) {
                throw ApiError.validation("1 validation error detected: Value at '" + path + name
                        + "' failed to satisfy constraint: Member must have length less than or equal to " + maxItems);
            }
            items.put(index, e.getValue());
        }
        String bare = values.get(name);
        if (bare != null && !bare.isEmpty()) {
            throw ApiError.validation("Parameter " + path + name + " is a list: send " + path + name
                    + ".member.1, " + path + name + ".member.2, ... (or an empty " + path + name + "= for none)");
        }
        if (items.isEmpty()) {
            String v = bare;
            if (v == null) return null;
            if (!v.isEmpty()) {
                throw ApiError.validation("Parameter " + path + name + " is a list: send " + path + name
                        + ".member.1, " + path + name + ".member.2, ... (or an empty " + path + name + "= for none)");
            }
        }
        return items;
    }

    /** A scalar sent where a structure goes ({@code Tags.member.1=x}, {@code InstanceMonitoring=true}). */
    private ApiError notAStructure(String name) {
        String shown = QueryDecoder.printable(path + name);
        return ApiError.validation("Parameter " + shown + " is a structure: send its members as " + shown
                + ".<Member>=..., not a value of its own");
    }

    private int parseIndex(String digits, String fullName) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiError.validation("Parameter " + QueryDecoder.printable(path + fullName)
                    + " has a list index that is not a number from 1 to " + MAX_LIST_INDEX);
        }
        int index = Integer.parseInt(digits);
        if (index < 1 || index > MAX_LIST_INDEX) {
            throw ApiError.validation("Parameter " + QueryDecoder.printable(path + fullName)
                    + " has a list index outside 1.." + MAX_LIST_INDEX);
        }
        return index;
    }
}
