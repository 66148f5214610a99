package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project stands on its own: every {@code something.md} that source, scripts or docs mention is
 * a file in the repository, and every section they cite ({@code docs/wire-protocol.md §1.4},
 * {@code docs/design.md, "Crash safety"}) is a heading of that file.
 */
class DocReferencesTest {
    static final Path ROOT = ReadmeWalkthroughTest.ROOT;
    static final Pattern MD = Pattern.compile("(?<![\\w./-])((?:\\.\\./|[\\w-]+/)*[\\w-]+\\.md)\\b");
    static final Pattern SECTION = Pattern.compile("(docs/wire-protocol\\.md) §([0-9][0-9.]*[0-9]|[0-9])");
    static final Pattern NAMED = Pattern.compile("(docs/design\\.md), \"([^\"]+)\"");

    @Test
    void every_doc_reference_points_inside_the_repository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : sources()) {
            String text = Files.readString(file);
            Matcher m = MD.matcher(text);
            while (m.find()) {
                String ref = m.group(1);
                boolean found = Stream.of(file.getParent().resolve(ref), ROOT.resolve(ref), ROOT.resolve("docs").resolve(ref))
                        .anyMatch(p -> p.normalize().startsWith(ROOT) && Files.isRegularFile(p));
                if (!found) broken.add(ROOT.relativize(file) + ": " + ref);
            }
            Matcher s = SECTION.matcher(text);
            while (s.find()) {
                String doc = Files.readString(ROOT.resolve(s.group(1)));
                if (!Pattern.compile("(?m)^#+ " + Pattern.quote(s.group(2)) + "[. ]").matcher(doc).find()) {
                    broken.add(ROOT.relativize(file) + ": " + s.group(1) + " has no section " + s.group(2));
                }
            }
            Matcher n = NAMED.matcher(text);
            while (n.find()) {
                String doc = Files.readString(ROOT.resolve(n.group(1)));
                if (!Pattern.compile("(?m)^#+ " + Pattern.quote(n.group(2)) + "$").matcher(doc).find()) {
                    broken.add(ROOT.relativize(file) + ": " + n.group(1) + " has no section \"" + n.group(2) + "\"");
                }
            }
            if (text.contains("../shared") || text.contains("/work/")) broken.add(ROOT.relativize(file) + ": points outside the repository");
        }
        assertThat(broken).isEmpty();
    }

    static List<Path> sources() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(".git", "target", "node_modules").noneMatch(skip -> ROOT.relativize(p).toString().startsWith(skip + "/")
                            || ROOT.relativize(p).toString().contains("/" + skip + "/")))
                    .filter(p -> !p.getFileName().toString().equals("DocReferencesTest.java"))   // its own examples
                    .filter(p -> p.toString().matches(".*\\.(java|md|py|mjs|sh|yaml)$") || p.getParent().getFileName().toString().equals("bin")
                            || p.getFileName().toString().equals("run") || p.getFileName().toString().equals("install"))
                    .toList();
        }
    }
}
