package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signature Version 2. Requests are signed here by {@link TestSigner} over string-to-sign texts written out
 * literally (parameters already sorted and RFC 3986 encoded), so the test does not reuse the code under test.
 */
class SigV2Test {
    private static final String NOW = "2026-11-24T14:38:13Z";
    private static final String SHA1_PARAMETERS = "AWSAccessKeyId=AKIDEXAMPLE&Action=DescribeAutoScalingGroups"
            + "&SignatureMethod=HmacSHA1&SignatureVersion=2&Timestamp=2026-11-24T14%3A38%3A13Z&Version=2011-01-01";
    private static final String SHA256_PARAMETERS = "AWSAccessKeyId=AKIDEXAMPLE&Action=SetDesiredCapacity"
            + "&AutoScalingGroupName=my%20asg&DesiredCapacity=2&SignatureMethod=HmacSHA256&SignatureVersion=2"
            + "&Timestamp=2026-11-24T14%3A38%3A13Z&Version=2011-01-01";

    /** The parameters plus their {@code Signature}, signed for {@code GET signedHost /}. */
    private static String signed(String algorithm, String signedHost, String parameters) {
        return signed("GET", algorithm, signedHost, parameters);
    }

    private static String signed(String method, String algorithm, String signedHost, String parameters) {
        String signature = TestSigner.sigV2(algorithm, Examples.SECRET, method + "\n" + signedHost + "\n/\n" + parameters);
        return parameters + "&Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    private static HttpRequestView get(String query, String host) {
        return RequestBuilder.request("GET", "/", query).header("Host", host).header("Content-Length", "0").build();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String now, HttpRequestView request,
            String code, int status) {
        return assertThatThrownBy(() -> Examples.authenticatorAt(now).authenticate(request))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(code);
                    assertThat(f.httpStatus()).isEqualTo(status);
                });
    }

    @Test
    void hmacSha1Verifies() throws AuthFailure {
        HttpRequestView request = get(signed("HmacSHA1", "127.0.0.1:8773", SHA1_PARAMETERS), "127.0.0.1:8773");

        assertThat(Examples.authenticatorAt(NOW).authenticate(request)).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void anHmacSha1SignatureClaimingSha256DoesNotMatch() {
        String query = signed("HmacSHA1", "127.0.0.1", SHA1_PARAMETERS).replace("HmacSHA1", "HmacSHA256");

        assertRejected(NOW, get(query, "127.0.0.1"), "SignatureDoesNotMatch", 403).hasMessage(AuthFailure.SIGNATURE_MISMATCH_TEXT);
    }

    @ParameterizedTest(name = "signed for {0}, received Host {1}: {2}")
    @CsvSource({
        "127.0.0.1, 127.0.0.1:8773, true",
        "127.0.0.1:8773, 127.0.0.1:8773, true",
        "127.0.0.1, 127.0.0.1, true",
        "phantom.example.org, Phantom.EXAMPLE.org:8445, true",
        "[::1], [::1]:8773, true",
        "[::1]:8773, [::1]:8773, true",
        "127.0.0.1:9999, 127.0.0.1:8773, false",
        "127.0.0.1:8773, 127.0.0.1, false",
        "other.example.org, phantom.example.org, false",
    })
    void theHostIsTriedAsReceivedAndWithoutItsPort(String signedHost, String receivedHost, boolean verifies)
            throws AuthFailure {
        for (String algorithm : new String[] {"HmacSHA1", "HmacSHA256"}) {
            String parameters = algorithm.equals("HmacSHA1") ? SHA1_PARAMETERS : SHA256_PARAMETERS;
            HttpRequestView request = get(signed(algorithm, signedHost, parameters), receivedHost);
            if (verifies) {
                assertThat(Examples.authenticatorAt(NOW).authenticate(request)).isEqualTo("AKIDEXAMPLE");
            } else {
                assertRejected(NOW, request, "SignatureDoesNotMatch", 403);
            }
        }
    }

    @Test
    void aFormPostIsVerifiedFromItsBody() throws AuthFailure {
        HttpRequestView request = RequestBuilder.request("POST", "/", "")
                .header("Host", "127.0.0.1:8773")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .body(signed("POST", "HmacSHA256", "127.0.0.1:8773", SHA256_PARAMETERS).replace("%20", "+")).build();

        assertThat(Examples.authenticatorAt(NOW).verify(request).parameters())
                .containsEntry("AutoScalingGroupName", "my asg").containsEntry("Action", "SetDesiredCapacity");
    }

    @Test
    void aBodyCannotRepeatAParameterOfTheQuery() {
        HttpRequestView request = RequestBuilder.request("POST", "/", "Action=DeleteAutoScalingGroup")
                .header("Host", "127.0.0.1:8773")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .body(signed("POST", "HmacSHA256", "127.0.0.1:8773", SHA256_PARAMETERS)).build();

        assertRejected(NOW, request, "MalformedQueryString", 404).hasMessage("The parameter Action is given more than once.");
    }

    @Test
    void aSignedQueryWithABodyOnAGetIsRefused() {
        String query = signed("HmacSHA256", "127.0.0.1:8773", SHA256_PARAMETERS);
        for (String type : new String[] {"application/x-www-form-urlencoded", null}) {
            RequestBuilder b = RequestBuilder.request("GET", "/", query).header("Host", "127.0.0.1:8773")
                    .body("Action=DeleteAutoScalingGroup&AutoScalingGroupName=web&ForceDelete=true");
            if (type != null) b.header("Content-Type", type);
            assertRejected(NOW, b.build(), "ValidationError", 400).hasMessageContaining("must not have a body");
        }
    }

    @Test
    void anExpiresMoreThanFifteenMinutesAheadIsRefused() throws AuthFailure {
        String base = "AWSAccessKeyId=AKIDEXAMPLE&Action=DescribeAutoScalingGroups&Expires=%s"
                + "&SignatureMethod=HmacSHA256&SignatureVersion=2&Version=2011-01-01";
        String inFifteen = base.formatted("2026-11-24T14%3A53%3A13Z");
        assertThat(Examples.authenticatorAt(NOW).authenticate(get(signed("HmacSHA256", "127.0.0.1", inFifteen), "127.0.0.1")))
                .isEqualTo("AKIDEXAMPLE");
        for (String far : new String[] {"2026-11-24T14%3A53%3A14Z", "2099-01-01T00%3A00%3A00Z"}) {
            assertRejected(NOW, get(signed("HmacSHA256", "127.0.0.1", base.formatted(far)), "127.0.0.1"),
                    "IncompleteSignature", 400).hasMessageContaining("more than 15 minutes after the current time");
        }
    }

    @Test
    void aQueryParameterNotInTheSignedBodyDoesNotMatch() {
        HttpRequestView request = RequestBuilder.request("POST", "/", "ForceDelete=true")
                .header("Host", "127.0.0.1:8773")
                .header("Content-Type", "Application/X-WWW-Form-URLEncoded")
                .body(signed("POST", "HmacSHA256", "127.0.0.1:8773", SHA256_PARAMETERS)).build();

        assertRejected(NOW, request, "SignatureDoesNotMatch", 403);
    }

    @Test
    void aBodyThatIsNotAFormIsRefused() {
        HttpRequestView request = RequestBuilder.request("POST", "/", "")
                .header("Host", "127.0.0.1:8773").header("Content-Type", "application/json")
                .body(signed("POST", "HmacSHA256", "127.0.0.1:8773", SHA256_PARAMETERS)).build();

        assertRejected(NOW, request, "UnsupportedMediaType", 415);
    }

    @Test
    void aChangedParameterDoesNotMatch() {
        String query = signed("HmacSHA256", "127.0.0.1", SHA256_PARAMETERS).replace("DesiredCapacity=2", "DesiredCapacity=20");

        assertRejected(NOW, get(query, "127.0.0.1"), "SignatureDoesNotMatch", 403);
    }

    @Test
    void aSignatureThatIsNotBase64DoesNotMatch() {
        assertRejected(NOW, get(SHA256_PARAMETERS + "&Signature=not*base64!", "127.0.0.1"), "SignatureDoesNotMatch", 403);
    }

    @Test
    void anExpiresInTheFutureVerifiesAndInThePastIsExpired() throws AuthFailure {
        String sorted = "AWSAccessKeyId=AKIDEXAMPLE&Action=SetDesiredCapacity&AutoScalingGroupName=my%20asg"
                + "&DesiredCapacity=2&Expires=2026-11-24T15%3A00%3A00Z&SignatureMethod=HmacSHA256&SignatureVersion=2"
                + "&Version=2011-01-01";
        HttpRequestView request = get(signed("HmacSHA256", "127.0.0.1", sorted), "127.0.0.1");

        assertThat(Examples.authenticatorAt("2026-11-24T14:59:59Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
        assertThat(Examples.authenticatorAt("2026-11-24T15:00:00Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
        assertRejected("2026-11-24T15:00:01Z", request, "RequestExpired", 400).hasMessage(
                "Request has expired: Expires date 20261124T150000Z is earlier than the current time 20261124T150001Z.");
    }

    @Test
    void aTimestampIsAllowedFifteenMinutesEitherWay() throws AuthFailure {
        HttpRequestView request = get(signed("HmacSHA256", "127.0.0.1", SHA256_PARAMETERS), "127.0.0.1");

        assertThat(Examples.authenticatorAt("2026-11-24T14:53:13Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
        assertThat(Examples.authenticatorAt("2026-11-24T14:23:13Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
        assertRejected("2026-11-24T14:53:14Z", request, "SignatureDoesNotMatch", 403).hasMessage(
                "Signature expired: 20261124T143813Z is now earlier than 20261124T143814Z (20261124T145314Z - 15 min.)");
        assertRejected("2026-11-24T14:23:12Z", request, "SignatureDoesNotMatch", 403).hasMessage(
                "Signature not yet current: 20261124T143813Z is still later than 20261124T143812Z (20261124T142312Z + 15 min.)");
    }

    @Test
    void aTimestampWithFractionsOrAnOffsetIsUnderstood() throws AuthFailure {
        String parameters = SHA256_PARAMETERS.replace("2026-11-24T14%3A38%3A13Z", "2026-11-24T15%3A38%3A13.250%2B01%3A00");

        assertThat(Examples.authenticatorAt(NOW).authenticate(get(signed("HmacSHA256", "127.0.0.1", parameters), "127.0.0.1")))
                .isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void neitherTimestampNorExpiresIsAMissingParameter() {
        String parameters = SHA256_PARAMETERS.replace("&Timestamp=2026-11-24T14%3A38%3A13Z", "");

        assertRejected(NOW, get(signed("HmacSHA256", "127.0.0.1", parameters), "127.0.0.1"), "MissingParameter", 400)
                .hasMessage("The request must contain the parameter Timestamp or Expires.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWSAccessKeyId", "SignatureVersion", "SignatureMethod"})
    void aMissingSignatureParameterIsAMissingParameter(String name) {
        String parameters = SHA256_PARAMETERS.replaceAll("&?" + name + "=[^&]*", "");

        assertRejected(NOW, get(signed("HmacSHA256", "127.0.0.1", parameters), "127.0.0.1"), "MissingParameter", 400)
                .hasMessage("The request must contain the parameter " + name + ".");
    }

    @Test
    void aMissingSignatureIsAMissingParameter() {
        assertRejected(NOW, get(SHA256_PARAMETERS, "127.0.0.1"), "MissingParameter", 400)
                .hasMessage("The request must contain the parameter Signature.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SignatureVersion=2|SignatureVersion=1|SignatureVersion '1' is not supported",
        "SignatureMethod=HmacSHA256|SignatureMethod=HmacMD5|SignatureMethod 'HmacMD5' is not supported; use HmacSHA256 or HmacSHA1.",
        "Timestamp=2026-11-24T14%3A38%3A13Z|Timestamp=yesterday|Timestamp must be an ISO-8601 date-time",
        "Timestamp=2026-11-24T14%3A38%3A13Z|Expires=24.11.2026|Expires must be an ISO-8601 date-time",
    })
    void anUnsupportedOrUnreadableValueIsAnIncompleteSignature(String from, String to, String message) {
        String query = signed("HmacSHA256", "127.0.0.1", SHA256_PARAMETERS).replace(from, to);

        assertRejected(NOW, get(query, "127.0.0.1"), "IncompleteSignature", 400).hasMessageContaining(message);
    }

    @Test
    void anUnknownKeyOrASecurityTokenIsAnInvalidClientTokenId() {
        String unknown = signed("HmacSHA256", "127.0.0.1", SHA256_PARAMETERS.replace("AKIDEXAMPLE", "AKIDOTHER"));
        String withToken = signed("HmacSHA256", "127.0.0.1", SHA256_PARAMETERS + "&SecurityToken=abc");

        assertRejected(NOW, get(unknown, "127.0.0.1"), "InvalidClientTokenId", 403)
                .hasMessage("The security token included in the request is invalid.");
        assertRejected(NOW, get(withToken, "127.0.0.1"), "InvalidClientTokenId", 403);
    }

    @Test
    void anEmptySecretStillWorks() throws AuthFailure {
        RequestAuthenticator emptySecret = new RequestAuthenticator(id -> java.util.Optional.of(""),
                java.time.Clock.fixed(java.time.Instant.parse(NOW), java.time.ZoneOffset.UTC));
        String signature = TestSigner.sigV2("HmacSHA256", "\0", "GET\n127.0.0.1\n/\n" + SHA256_PARAMETERS);

        assertThat(emptySecret.authenticate(get(SHA256_PARAMETERS + "&Signature="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8), "127.0.0.1"))).isEqualTo("AKIDEXAMPLE");
    }

    /** Made by botocore 1.43.11 {@code SigV2Auth} at 14:50:00: form body with {@code +} and {@code %2A%28%21%29}. */
    @Test
    void botocoreSigV2FormPostVerifies() throws AuthFailure {
        HttpRequestView request = RequestBuilder.request("POST", "/", "")
                .header("Host", "127.0.0.1:18080")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=my+asg%2A%28%21%29"
                        + "&DesiredCapacity=2&AWSAccessKeyId=AKIDEXAMPLE&SignatureVersion=2&SignatureMethod=HmacSHA256"
                        + "&Timestamp=2026-11-24T14%3A50%3A00Z&Signature=QscGzmK9DI2WpikZ7IIfwIJFnNlLKzLN8zOYok5Z6Bk%3D")
                .build();

        assertThat(Examples.authenticatorAt("2026-11-24T14:50:00Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
    }
}
