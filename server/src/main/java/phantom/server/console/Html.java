package phantom.server.console;

/** Escapes text for HTML element content and quoted attribute values (the console writes every value through it). */
final class Html {
    private Html() {
    }

    static String esc(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder b = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r == null && c < 0x20 && c != '\n' && c != '\t') r = "\uFFFD";
            if (r != null && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, k);
            if (b != null) {
                if (r != null) b.append(r);
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** {@code value} form-encoded, for a query parameter in a link. */
    static String query(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
