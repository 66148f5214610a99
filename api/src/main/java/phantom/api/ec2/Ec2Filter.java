package phantom.api.ec2;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One EC2 filter, {@code Filter.N.Name} with its {@code Filter.N.Value.M}: an item passes when one of
 * the values matches, and the values may use EC2's wildcards, {@code *} (any characters) and
 * {@code ?} (one character), with {@code \} before a literal {@code *}, {@code ?} or {@code \}.
 *
 * @param name null when the request gave values but no name
 */
record Ec2Filter(String name, List<String> values) {

    boolean matches(String value) {
        return value != null && values.stream().anyMatch(v -> pattern(v).matcher(value).matches());
    }

    /** The wildcard value as a regular expression. */
    static Pattern pattern(String wildcard) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < wildcard.length(); i++) {
            char c = wildcard.charAt(i);
            if (c == '\\' && i + 1 < wildcard.length() && "*?\\".indexOf(wildcard.charAt(i + 1)) >= 0) {
                literal.append(wildcard.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
