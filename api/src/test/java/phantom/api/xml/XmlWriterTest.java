package phantom.api.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    static String xml(java.nio.ByteBuffer b) {
        return new String(XmlWriter.bytes(b), StandardCharsets.UTF_8);
    }

    @Test
    void the_result_comes_first_and_the_request_id_last() {
        String s = xml(XmlWriter.response("DescribeTags").begin("DescribeTagsResult").strings("Tags", List.of()).end().finish("rid-1"));
        assertThat(s).contains("<DescribeTagsResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                + "<DescribeTagsResult><Tags></Tags></DescribeTagsResult>"
                + "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></DescribeTagsResponse>");
    }

    @Test
    void absent_values_are_omitted_booleans_are_lower_case_times_have_millis() {
        String s = xml(XmlWriter.response("X").text("Absent", null).number("N", null).bool("T", true).bool("F", false)
                .time("At", Instant.parse("2026-11-24T14:36:28Z")).text("Empty", "").finish("r"));
        assertThat(s).doesNotContain("Absent").doesNotContain("<N").contains("<T>true</T><F>false</F>")
                .contains("<At>2026-11-24T14:36:28.000Z</At>").contains("<Empty></Empty>");
    }

    @Test
    void text_is_escaped() {
        String s = xml(XmlWriter.response("X").text("V", "a<b>&\"c'").finish("r"));
        assertThat(s).contains("<V>a&lt;b&gt;&amp;\"c'</V>");
    }

    @Test
    void carriage_returns_tabs_and_non_bmp_text_parse_back_exactly() throws Exception {
        for (String value : List.of("a\rb", "line1\r\nline2\r\n", "\r", "\r\r\n\n", "tab\there", "rocket \uD83D\uDE80 ok",
                "\t\r\n\uD800\uDC00<&>")) {
            var doc = XmlWriter.response("X").text("V", value).strings("L", List.of(value)).finish("r");
            long crs = value.chars().filter(c -> c == '\r').count();
            assertThat(xml(doc)).doesNotContain("\r");
            assertThat(xml(doc).split("&#xD;", -1)).hasSize((int) (2 * crs + 1));
            var parsed = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(XmlWriter.bytes(doc)));
            assertThat(parsed.getElementsByTagName("V").item(0).getTextContent()).isEqualTo(value);
            assertThat(parsed.getElementsByTagName("member").item(0).getTextContent()).isEqualTo(value);
        }
        var error = XmlWriter.error("Sender", "ValidationError", "bad\r\nname", "r");
        assertThat(xml(error)).contains("<Message>bad&#xD;\n" + "name</Message>");
    }

    @Test
    void ec2_documents_have_their_namespace_the_request_id_first_and_items() {
        String s = xml(XmlWriter.ec2Response("DescribeAvailabilityZones", "rid-2")
                .items("availabilityZoneInfo", List.of("hotel", "sierra"), (o, z) -> o.text("zoneName", z)
                        .items("messageSet", List.of(), (m, v) -> m.text("message", "never")))
                .complete());
        assertThat(s).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<DescribeAvailabilityZonesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>rid-2</requestId>"
                + "<availabilityZoneInfo><item><zoneName>hotel</zoneName><messageSet></messageSet></item>"
                + "<item><zoneName>sierra</zoneName><messageSet></messageSet></item></availabilityZoneInfo>"
                + "</DescribeAvailabilityZonesResponse>");
    }

    @Test
    void ec2_errors_are_a_response_of_errors_in_no_namespace() {
        String s = xml(XmlWriter.ec2Error("UnsupportedOperation", "no <RunInstances> & co", "rid-3"));
        assertThat(s).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                + "<Code>UnsupportedOperation</Code><Message>no &lt;RunInstances&gt; &amp; co</Message></Error></Errors>"
                + "<RequestID>rid-3</RequestID></Response>");
    }

    @Test
    void lists_wrap_members() {
        String s = xml(XmlWriter.response("X").list("L", List.of("a", "b"), (o, v) -> o.text("K", v)).finish("r"));
        assertThat(s).contains("<L><member><K>a</K></member><member><K>b</K></member></L>");
    }

    @Test
    void errors_carry_type_code_message_and_a_top_level_request_id() {
        String s = xml(XmlWriter.error("Sender", "ValidationError", "bad <thing>", "rid"));
        assertThat(s).contains("<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><Error><Type>Sender</Type>"
                + "<Code>ValidationError</Code><Message>bad &lt;thing&gt;</Message></Error><RequestId>rid</RequestId></ErrorResponse>");
    }

    /**
     * The JDK's StAX writer, as Phantom used it before this writer (carriage returns as entity
     * references): the oracle the bytes are held to.
     */
    private static byte[] stax(String value, java.util.List<Instant> times) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var w = javax.xml.stream.XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeStartElement("XResponse");
        w.writeDefaultNamespace(XmlWriter.NAMESPACE);
        w.writeStartElement("V");
        int from = 0;
        for (int cr = value.indexOf('\r'); cr >= 0; cr = value.indexOf('\r', from)) {
            w.writeCharacters(value.substring(from, cr));
            w.writeEntityRef("#xD");
            from = cr + 1;
        }
        w.writeCharacters(value.substring(from));
        w.writeEndElement();
        for (Instant t : times) {
            w.writeStartElement("T");
            w.writeCharacters(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(t));
            w.writeEndElement();
        }
        w.writeStartElement("ResponseMetadata");
        w.writeStartElement("RequestId");
        w.writeCharacters("r");
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
        return out.toByteArray();
    }

    @Test
    void random_text_and_times_come_out_as_the_jdk_stax_writer_wrote_them() throws Exception {
        var random = new java.util.Random(9);
        char[] alphabet = {'a', 'Z', '0', ' ', '<', '>', '&', '"', '\'', '\r', '\n', '\t', '\u0001', '\u007f', '\u0080',
            '\u00e9', '\u07ff', '\u0800', '\u20ac', '\uffff', ';', '#'};
        for (int round = 0; round < 3000; round++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                if (random.nextInt(8) == 0) {
                    b.appendCodePoint(random.nextInt(0x10000, 0x110000));
                } else {
                    b.append(alphabet[random.nextInt(alphabet.length)]);
                }
            }
            String value = b.toString();
            var times = java.util.List.of(Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 253_402_300_799_999L)),
                    Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)));
            XmlWriter x = XmlWriter.response("X").text("V", value);
            for (Instant t : times) x.time("T", t);
            assertThat(xml(x.finish("r"))).as("value %s, times %s", value, times)
                    .isEqualTo(new String(stax(value, times), StandardCharsets.UTF_8));
        }
    }

    /**
     * Unpaired surrogates are not text (the store and the request decoder refuse them); should one
     * reach a message, it is written {@code ?}, as a UTF-8 encoder replaces it. (The JDK's StAX writer
     * wrote it as invalid UTF-8 bytes that swallowed the next character: not kept.)
     */
    @Test
    void an_unpaired_surrogate_is_written_as_a_question_mark() {
        assertThat(xml(XmlWriter.response("X").text("V", "a\ud83d<\ude80b\ud800").finish("r"))).contains("<V>a?&lt;?b?</V>");
    }

    @Test
    void numbers_of_every_sign_and_size_are_written_as_their_decimal_form() {
        for (Number n : java.util.List.<Number>of(0, 7, -7, 10, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 42L, 3.5)) {
            assertThat(xml(XmlWriter.response("X").number("N", n).finish("r"))).contains("<N>" + n + "</N>");
        }
    }

    @Test
    void a_document_larger_than_the_first_buffer_is_whole() {
        XmlWriter x = XmlWriter.response("X");
        String big = "x&".repeat(50_000);
        x.strings("L", java.util.List.of(big, big));
        String s = xml(x.finish("r"));
        assertThat(s).endsWith("<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></XResponse>");
        assertThat(s.split("x&amp;", -1)).hasSize(100_001);
    }
}
