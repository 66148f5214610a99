package phantom.api.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlOutTest {

    static String xml(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void the_result_comes_first_and_the_request_id_last() {
        String s = xml(XmlOut.response("DescribeTags").begin("DescribeTagsResult").strings("Tags", List.of()).end().finish("rid-1"));
        assertThat(s).contains("<DescribeTagsResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                + "<DescribeTagsResult><Tags></Tags></DescribeTagsResult>"
                + "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></DescribeTagsResponse>");
    }

    @Test
    void absent_values_are_omitted_booleans_are_lower_case_times_have_millis() {
        String s = xml(XmlOut.response("X").text("Absent", null).number("N", null).bool("T", true).bool("F", false)
                .time("At", Instant.parse("2026-11-24T14:36:28Z")).text("Empty", "").finish("r"));
        assertThat(s).doesNotContain("Absent").doesNotContain("<N").contains("<T>true</T><F>false</F>")
                .contains("<At>2026-11-24T14:36:28.000Z</At>").contains("<Empty></Empty>");
    }

    @Test
    void text_is_escaped() {
        String s = xml(XmlOut.response("X").text("V", "a<b>&\"c'").finish("r"));
        assertThat(s).contains("<V>a&lt;b&gt;&amp;\"c'</V>");
    }

    @Test
    void carriage_returns_tabs_and_non_bmp_text_parse_back_exactly() throws Exception {
        for (String value : List.of("a\rb", "line1\r\nline2\r\n", "\r", "\r\r\n\n", "tab\there", "rocket \uD83D\uDE80 ok",
                "\t\r\n\uD800\uDC00<&>")) {
            byte[] doc = XmlOut.response("X").text("V", value).strings("L", List.of(value)).finish("r");
            long crs = value.chars().filter(c -> c == '\r').count();
            assertThat(xml(doc)).doesNotContain("\r");
            assertThat(xml(doc).split("&#xD;", -1)).hasSize((int) (2 * crs + 1));
            var parsed = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(doc));
            assertThat(parsed.getElementsByTagName("V").item(0).getTextContent()).isEqualTo(value);
            assertThat(parsed.getElementsByTagName("member").item(0).getTextContent()).isEqualTo(value);
        }
        byte[] error = XmlOut.error("Sender", "ValidationError", "bad\r\nname", "r");
        assertThat(xml(error)).contains("<Message>bad&#xD;\n" + "name</Message>");
    }

    @Test
    void lists_wrap_members() {
        String s = xml(XmlOut.response("X").list("L", List.of("a", "b"), (o, v) -> o.text("K", v)).finish("r"));
        assertThat(s).contains("<L><member><K>a</K></member><member><K>b</K></member></L>");
    }

    @Test
    void errors_carry_type_code_message_and_a_top_level_request_id() {
        String s = xml(XmlOut.error("Sender", "ValidationError", "bad <thing>", "rid"));
        assertThat(s).contains("<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><Error><Type>Sender</Type>"
                + "<Code>ValidationError</Code><Message>bad &lt;thing&gt;</Message></Error><RequestId>rid</RequestId></ErrorResponse>");
    }
}
