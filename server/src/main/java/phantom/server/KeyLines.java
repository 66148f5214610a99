package phantom.server;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Where each key of a YAML document is: dotted path ({@code sites.hotel.capacity}) to its 1-based line. */
final class KeyLines {
    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static KeyLines of(Node root) {
        Map<String, Integer> lines = new HashMap<>();
        walk(root, null, lines);
        return new KeyLines(lines);
    }

    private static void walk(Node node, String prefix, Map<String, Integer> lines) {
        if (!(node instanceof MappingNode m)) return;
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) continue;
            String path = prefix == null ? k.getValue() : prefix + "." + k.getValue();
            lines.putIfAbsent(path, k.getStartMark().getLine() + 1);
            walk(t.getValueNode(), path, lines);
        }
    }

    /** The line of {@code path}, or of its nearest enclosing key that is in the file; null if none is. */
    Integer lineOf(String path) {
        for (String p = path; p != null; p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : null) {
            Integer line = lines.get(p);
            if (line != null) return line;
        }
        return null;
    }
}
