package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonicalisation pieces: RFC 3986 encoding, canonical query, URI and header values, the request view. */
class CanonicalFormTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|\"\"",
        "b=2&a=1&a=0&c|a=0&a=1&b=2&c=",
        "Param2=value2&Param1=value1|Param1=value1&Param2=value2",
        "x=%7e%2f%2a|x=~%2F%2A",
        "x=a+b|x=a%2Bb",
        "x=a%20b&y=a b|x=a%20b&y=a%20b",
        "x=%c3%a9&y=é|x=%C3%A9&y=%C3%A9",
        "a=1&&b=2&|a=1&b=2",
        "=v&k=|=v&k=",
        "x=a=b|x=a%3Db",
        "B=1&a=1&_=1&~=1|B=1&_=1&a=1&~=1",
    })
    void canonicalQueryDecodesReEncodesAndSorts(String raw, String canonical) throws AuthFailure {
        assertThat(CanonicalRequest.query(QueryParameter.parse(raw, false), p -> true)).isEqualTo(canonical);
    }

    @Test
    void formDecodingReadsPlusAsSpace() throws AuthFailure {
        List<QueryParameter> parameters = QueryParameter.parse("Name=my+asg&Other=a%2Bb", true);

        assertThat(parameters).extracting(QueryParameter::nameText, QueryParameter::valueText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "my asg"),
                        org.assertj.core.groups.Tuple.tuple("Other", "a+b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "a=%4", "a=%g1", "%zz=1", "a=b%", "a=%%41"})
    void aBrokenPercentEncodingIsAMalformedQueryString(String raw) {
        assertThatThrownBy(() -> QueryParameter.parse(raw, false))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("MalformedQueryString");
                    assertThat(f.httpStatus()).isEqualTo(404);
                    assertThat(f.getMessage()).startsWith("The query string contains a syntax error");
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/|/",
        "\"\"|/",
        "/a b|/a%20b",
        "/a%20b|/a%2520b",
        "/v1/groups/g~1.x_y-z|/v1/groups/g~1.x_y-z",
        "/é|/%C3%A9",
    })
    void canonicalUriEncodesTheRawPathOnceMore(String rawPath, String uri) {
        assertThat(CanonicalRequest.uri(rawPath)).isEqualTo(uri);
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        assertThat(CanonicalRequest.headerValue(List.of("  a \t\r\n b   c  "))).isEqualTo("a b c");
        assertThat(CanonicalRequest.headerValue(List.of(" x ", "y", "  "))).isEqualTo("x,y,");
        assertThat(CanonicalRequest.headerValue(List.of())).isEmpty();
    }

    @Test
    void canonicalHeadersFollowTheClientsListAndLeaveAbsentOnesEmpty() {
        HttpRequestView request = RequestBuilder.request("GET", "/", "").header("Host", "h:1")
                .header("X-B", "2").header("X-B", " 3").build();

        assertThat(CanonicalRequest.headers(request, List.of("host", "x-a", "x-b"))).isEqualTo("host:h:1\nx-a:\nx-b:2,3\n");
    }

    @Test
    void theRequestViewLowerCasesAndMergesHeaderNamesAndDefaultsMissingParts() {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        headers.put("Host", List.of("a"));
        headers.put("HOST", List.of("b"));
        headers.put(null, List.of("HTTP/1.1 200 OK"));
        headers.put("X-Empty", java.util.Arrays.asList((String) null));
        HttpRequestView view = new HttpRequestView("GET", "/", null, headers, null);

        assertThat(view.rawQuery()).isEmpty();
        assertThat(view.body()).isEmpty();
        assertThat(view.headerValues("host")).containsExactlyInAnyOrder("a", "b");
        assertThat(view.header("x-empty")).isNull();
        assertThat(view.header("absent")).isNull();
        assertThat(view.headers()).containsOnlyKeys("host", "x-empty");
    }

    @Test
    void rfc3986KeepsOnlyUnreservedCharacters() {
        assertThat(Rfc3986.encode("AZaz09-_.~ !*'()/+=&%é")).isEqualTo("AZaz09-_.~%20%21%2A%27%28%29%2F%2B%3D%26%25%C3%A9");
    }
}
