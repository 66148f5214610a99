package phantom.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's walk-through as one bash script: every fenced block of the first session and of the
 * client sections, in order, as a user would paste them into one shell. Shell blocks go in as they
 * are; the blocks of one client section in Python, JavaScript or Java become one program, run with
 * {@code python3}, {@code node} or {@code java} at that point. Pure text in, text out.
 */
final class ReadmeBlocks {
    /** The {@code ##} sections that are the walk-through, and the {@code ###} subsection left out (it needs TLS set up). */
    static final List<String> SECTIONS = List.of("A first session with the AWS CLI", "Use it from your tools");
    static final String SKIPPED_SUBSECTION = "Over HTTPS";

    record Block(String section, String language, String text) {
    }

    private ReadmeBlocks() {
    }

    static List<Block> extract(String readme) {
        List<Block> out = new ArrayList<>();
        String section = "";
        String subsection = "";
        String language = null;
        StringBuilder text = null;
        for (String line : readme.split("\n", -1)) {
            if (text != null) {
                if (line.startsWith("```")) {
                    boolean wanted = SECTIONS.contains(section) && !subsection.equals(SKIPPED_SUBSECTION);
                    if (wanted) out.add(new Block(section + (subsection.isEmpty() ? "" : " / " + subsection), language, text.toString()));
                    text = null;
                } else {
                    text.append(line).append('\n');
                }
            } else if (line.startsWith("## ")) {
                section = line.substring(3).strip();
                subsection = "";
            } else if (line.startsWith("### ")) {
                subsection = line.substring(4).strip();
            } else if (line.startsWith("```")) {
                language = line.substring(3).strip();
                text = new StringBuilder();
            }
        }
        return out;
    }

    /** One bash script that runs the blocks in order and stops at the first command that fails. */
    static String script(List<Block> blocks) {
        StringBuilder b = new StringBuilder("set -eo pipefail\n");
        // what the shell started in the background (the README's `bin/phantom serve &`) ends with it
        b.append("trap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT\n");
        int n = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            String program = block.text();
            while (!block.language().equals("sh") && i + 1 < blocks.size()
                    && blocks.get(i + 1).section().equals(block.section()) && blocks.get(i + 1).language().equals(block.language())) {
                program += "\n" + blocks.get(++i).text();
            }
            n++;
            String title = "### README block " + n + ": " + block.section() + " (" + block.language() + ")";
            b.append("echo '").append(title.replace("'", "'\\''")).append("'\n");
            switch (block.language()) {
                case "sh" -> b.append(program);
                case "python" -> b.append("python3 - <<'README_PYTHON'\n").append(program).append("README_PYTHON\n");
                case "js" -> b.append("cat > readme-").append(n).append(".mjs <<'README_JS'\n").append(program).append("README_JS\n")
                        .append("node readme-").append(n).append(".mjs\n");
                case "java" -> {
                    Matcher m = Pattern.compile("public class (\\w+)").matcher(program);
                    if (!m.find()) throw new IllegalArgumentException("the README's Java block has no public class");
                    b.append("cat > ").append(m.group(1)).append(".java <<'README_JAVA'\n").append(program).append("README_JAVA\n")
                            .append("java ").append(m.group(1)).append(".java\n");
                }
                default -> throw new IllegalArgumentException("README block in " + block.section() + " has the language '"
                        + block.language() + "', which the walk-through test cannot run");
            }
        }
        return b.toString();
    }
}
