package phantom.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phantom.api.ApiError;

class QueryParamsTest {

    static QueryParams of(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return QueryParams.of(m);
    }

    static String error(Runnable r) {
        try {
            r.run();
        } catch (ApiError e) {
            assertThat(e.code()).isEqualTo("ValidationError");
            return e.getMessage();
        }
        throw new AssertionError("no ValidationError");
    }

    @Test
    void lists_come_in_index_order_and_an_empty_value_is_an_empty_list() {
        QueryParams p = of("Z.member.10", "ten", "Z.member.2", "two", "Z.member.1", "one", "E", "");
        assertThat(p.strings("Z", 50, 0, 255)).containsExactly("one", "two", "ten");
        assertThat(p.strings("E", 50, 0, 255)).isEmpty();
        assertThat(p.strings("Absent", 50, 0, 255)).isNull();
    }

    @Test
    void a_scalar_where_a_structure_goes_is_a_validation_error() {
        assertThat(error(() -> of("Tags.member.1", "x").structs("Tags", 50))).contains("Tags.member.1 is a structure");
        assertThat(error(() -> of("Tags.member.1", "x", "Tags.member.1.Key", "k").structs("Tags", 50)))
                .contains("Tags.member.1 is a structure");
        assertThat(error(() -> of("InstanceMonitoring", "true").struct("InstanceMonitoring")))
                .contains("InstanceMonitoring is a structure");
        assertThat(error(() -> of("B.member.1.Ebs", "8").structs("B", 5).get(0).struct("Ebs")))
                .contains("B.member.1.Ebs is a structure");
        assertThat(error(() -> of("Tags.member.0", "x").structs("Tags", 50))).contains("list index");
    }

    @Test
    void structures_and_nested_lists() {
        QueryParams p = of("Filters.member.1.Name", "tag:k", "Filters.member.1.Values.member.1", "a",
                "Filters.member.1.Values.member.2", "b", "Filters.member.2.Name", "tag-key");
        var filters = p.structs("Filters", 10);
        assertThat(filters).hasSize(2);
        assertThat(filters.get(0).raw("Name")).isEqualTo("tag:k");
        assertThat(filters.get(0).strings("Values", 10, 0, 255)).containsExactly("a", "b");
        assertThat(filters.get(1).strings("Values", 10, 0, 255)).isNull();
    }

    @Test
    void bad_indexes_and_shapes_are_validation_errors() {
        assertThat(error(() -> of("Z.member.0", "x").strings("Z", 50, 0, 255))).contains("list index");
        assertThat(error(() -> of("Z.member.1001", "x").strings("Z", 2000, 0, 255))).contains("list index");
        assertThat(error(() -> of("Z.member.99999999999", "x").strings("Z", 50, 0, 255))).contains("list index");
        assertThat(error(() -> of("Z.member.x", "x").strings("Z", 50, 0, 255))).contains("list index");
        assertThat(error(() -> of("Z.member.3", "x").strings("Z", 2, 0, 255))).contains("less than or equal to 2");
        assertThat(error(() -> of("Z", "oops").strings("Z", 50, 0, 255))).contains("is a list");
        assertThat(error(() -> of("Z.member.1.X", "x").strings("Z", 50, 0, 255))).contains("list of strings");
    }

    @Test
    void typed_values() {
        QueryParams p = of("I", " 42 ", "B", "TRUE", "b", "false", "Bad", "1.5", "NotBool", "yes", "Big", "99999999999");
        assertThat(p.integer("I")).isEqualTo(42);
        assertThat(p.bool("B")).isTrue();
        assertThat(p.bool("b")).isFalse();
        assertThat(error(() -> p.integer("Bad"))).contains("Member must be an integer");
        assertThat(error(() -> p.integer("Big"))).contains("Member must be an integer");
        assertThat(error(() -> p.bool("NotBool"))).contains("boolean");
        assertThat(error(() -> p.requiredInteger("Missing"))).contains("Member must not be null");
    }

    @Test
    void timestamps_are_iso_8601_and_one_without_a_zone_is_utc() {
        QueryParams p = of("Z", "2026-06-01T00:30:00Z", "Ms", "2026-06-01T00:30:00.250Z", "Off", "2026-06-01T02:30:00+02:00",
                "Naive", "2026-06-01T00:30:00.123456", "Bad", "tomorrow", "Date", "2026-06-01");
        assertThat(p.time("Z")).isEqualTo(java.time.Instant.parse("2026-06-01T00:30:00Z"));
        assertThat(p.time("Ms")).isEqualTo(java.time.Instant.parse("2026-06-01T00:30:00.250Z"));
        assertThat(p.time("Off")).isEqualTo(java.time.Instant.parse("2026-06-01T00:30:00Z"));
        assertThat(p.time("Naive")).as("boto 2's datetime.isoformat()").isEqualTo(java.time.Instant.parse("2026-06-01T00:30:00.123456Z"));
        assertThat(p.time("Missing")).isNull();
        assertThat(error(() -> p.time("Bad"))).isEqualTo("1 validation error detected: Value 'tomorrow' at 'Bad' failed to"
                + " satisfy constraint: Member must be a timestamp in ISO 8601 form, such as 2026-06-01T00:00:00Z");
        assertThat(error(() -> p.time("Date"))).contains("Member must be a timestamp");
    }

    @Test
    void lengths_count_code_points() {
        QueryParams p = of("N", "😀".repeat(255), "Long", "x".repeat(256));
        assertThat(p.string("N", 1, 255)).hasSize(510);
        assertThat(error(() -> p.string("Long", 1, 255))).contains("length less than or equal to 255");
    }

    @Test
    void only_xml_legal_text_is_accepted_anywhere() {
        assertThat(error(() -> of("K", "a\u0001b"))).contains("regular expression pattern");
        assertThat(error(() -> of("K", "\uFFFE"))).contains("regular expression pattern");
        assertThat(error(() -> of("K", "\uD800"))).contains("regular expression pattern");
        assertThatThrownBy(() -> of("K\u0000", "v")).isInstanceOf(ApiError.class);
        assertThat(of("K", "tab\tnew\nline\r😀").raw("K")).isEqualTo("tab\tnew\nline\r😀");
    }
}
