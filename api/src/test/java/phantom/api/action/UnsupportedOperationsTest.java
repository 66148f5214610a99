package phantom.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md's table "Every operation" says, for each of the operations of AWS's model, what Phantom
 * does with it; this test holds the table to the code: a row "supported..." is an action the endpoint
 * answers, a row "refused (`UnsupportedOperation`)" is an operation refused with its reason, and the
 * two sets do not meet.
 */
class UnsupportedOperationsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    private static Map<String, String> table() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "api.md"));
        String section = doc.substring(doc.indexOf("## Every operation"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            assertThat(rows.put(m.group(1), m.group(2).trim())).as("a second row for " + m.group(1)).isNull();
        }
        return rows;
    }

    private static Set<String> answered() {
        return Actions.all(null).stream().map(Action::name).collect(Collectors.toSet());
    }

    @Test
    void the_table_lists_the_66_operations_of_aws_s_model() throws IOException {
        assertThat(table()).hasSize(66).containsKeys("LaunchInstances", "RollbackInstanceRefresh", "AttachInstances");
    }

    @Test
    void every_supported_row_is_an_action_and_every_action_is_a_supported_row() throws IOException {
        Set<String> supported = table().entrySet().stream().filter(e -> e.getValue().startsWith("supported"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(answered()).containsExactlyInAnyOrderElementsOf(supported);
    }

    @Test
    void every_operation_refused_with_a_reason_is_a_row_saying_so_and_no_action() throws IOException {
        Set<String> refused = table().entrySet().stream().filter(e -> e.getValue().equals("refused (`UnsupportedOperation`)"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(UnsupportedOperations.all().keySet()).containsExactlyInAnyOrderElementsOf(refused);
        assertThat(answered()).doesNotContainAnyElementsOf(refused);
        assertThat(UnsupportedOperations.all().values()).allSatisfy(why -> assertThat(why).startsWith("Phantom").endsWith("."));
    }

    @Test
    void a_refused_operation_is_answered_with_its_name_and_reason() {
        var e = UnsupportedOperations.refusal("PutWarmPool", UnsupportedOperations.reason("PutWarmPool").orElseThrow());
        assertThat(e.code()).isEqualTo("UnsupportedOperation");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("PutWarmPool is not supported by Phantom. Phantom has no warm pools");
        assertThat(UnsupportedOperations.reason("Frobnicate")).isEmpty();
    }
}
