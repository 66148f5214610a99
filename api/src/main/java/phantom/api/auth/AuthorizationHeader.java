package phantom.api.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=a;b, Signature=hex}
 * header. Parts are separated by {@code ,} with or without spaces (boto 2 sends none).
 *
 * @param signedHeaders the client's header names, lower-cased, in the client's order
 */
record AuthorizationHeader(SigV4Credential credential, List<String> signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final List<String> PARTS = List.of("Credential", "SignedHeaders", "Signature");

    /** @throws AuthFailure {@code IncompleteSignature} saying which part is missing or malformed */
    static AuthorizationHeader parse(String header) throws AuthFailure {
        String trimmed = header.strip();
        int space = indexOfWhitespace(trimmed);
        String algorithm = trimmed.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw AuthFailure.incompleteSignature("Unsupported AWS 'algorithm': '" + AuthFailure.echo(algorithm)
                    + "'. Sign with AWS4-HMAC-SHA256 in the Authorization header, or with Signature Version 2 parameters.");
        }
        Map<String, String> parts = parts(trimmed.substring(space));
        StringBuilder missing = new StringBuilder();
        for (String name : PARTS) {
            if (parts.getOrDefault(name, "").isEmpty()) {
                missing.append(missing.isEmpty() ? "" : " ").append("Authorization header requires '")
                        .append(name).append("' parameter.");
            }
        }
        if (!missing.isEmpty()) {
            throw AuthFailure.incompleteSignature(missing.toString());
        }
        return new AuthorizationHeader(SigV4Credential.parse(parts.get("Credential")),
                signedHeaders(parts.get("SignedHeaders")), parts.get("Signature"));
    }

    /** Splits {@code a;b;c} into lower-cased names; an empty name is an error. */
    static List<String> signedHeaders(String value) throws AuthFailure {
        List<String> names = new ArrayList<>();
        for (String name : value.split(";", -1)) {
            if (name.isBlank()) {
                throw AuthFailure.incompleteSignature("SignedHeaders '" + AuthFailure.echo(value)
                        + "' contains an empty header name.");
            }
            names.add(name.strip().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static Map<String, String> parts(String rest) throws AuthFailure {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : rest.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw AuthFailure.incompleteSignature("Authorization header part '" + AuthFailure.echo(item)
                        + "' is not of the form key=value.");
            }
            String name = item.substring(0, eq).strip();
            if (PARTS.contains(name) && parts.put(name, item.substring(eq + 1).strip()) != null) {
                throw AuthFailure.incompleteSignature("Authorization header has more than one '" + name + "' parameter.");
            }
        }
        return parts;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }
}
