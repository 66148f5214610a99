package phantom.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a list of strings in one text column, so that every list round-trips exactly: each
 * element is followed by a newline, and inside an element a backslash is written {@code \\} and a
 * newline {@code \n}. So {@code []} is "", {@code [""]} is "\n" and {@code [a, b]} is "a\nb\n",
 * which also reads well in a SQL console.
 */
final class TextList {
    private TextList() {}

    static String encode(List<String> items) {
        StringBuilder b = new StringBuilder();
        for (String item : items) {
            for (int i = 0; i < item.length(); i++) {
                char c = item.charAt(i);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    static List<String> decode(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.add(item.toString());
                item.setLength(0);
            } else if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(++i) : 0;
                switch (next) {
                    case '\\' -> item.append('\\');
                    case 'n' -> item.append('\n');
                    default -> throw corrupt(text);
                }
            } else {
                item.append(c);
            }
        }
        if (!item.isEmpty()) throw corrupt(text);
        return List.copyOf(out);
    }

    private static StoreException corrupt(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return new StoreException("a stored list is not in the store's list encoding: '" + shown.replace("\n", "\\n") + "'");
    }
}
