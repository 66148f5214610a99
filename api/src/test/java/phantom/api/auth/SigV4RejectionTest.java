package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import phantom.api.auth.ClientCaptures.Capture;

/** SigV4 requests that must not verify, made by changing real client captures, and the answers they get. */
class SigV4RejectionTest {
    private static final String MISMATCH = AuthFailure.SIGNATURE_MISMATCH_TEXT;
    /** awscli 2 POST describe-auto-scaling-groups: signs content-type;host;x-amz-date, X-Amz-Date 20261124T143809Z. */
    private static final Capture AWSCLI = capture("A");
    /** boto 2.49 GET with a query string, scope 0/127. */
    private static final Capture BOTO2_GET = capture("G");
    /** Java SDK v2: signs content-length and x-amz-content-sha256, X-Amz-Date 20261124T143819Z. */
    private static final Capture JAVA_SDK = capture("J");

    private static Capture capture(String section) {
        return ClientCaptures.load().stream().filter(c -> c.section().equals(section)).findFirst().orElseThrow();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Capture base, HttpRequestView changed,
            String code, int status) {
        return assertRejectedAt(base.capturedAt(), changed, code, status);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejectedAt(Instant now, HttpRequestView request,
            String code, int status) {
        return assertThatThrownBy(() -> Examples.authenticatorAt(now).authenticate(request))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(code);
                    assertThat(f.httpStatus()).isEqualTo(status);
                });
    }

    @Test
    void aFlippedBodyByteDoesNotMatch() {
        byte[] body = AWSCLI.request().body().clone();
        body[body.length - 1] ^= 1;

        assertRejected(AWSCLI, RequestBuilder.copyOf(AWSCLI.request()).body(body).build(), "SignatureDoesNotMatch", 403)
                .hasMessage(MISMATCH);
    }

    @Test
    void aBodyThatDisagreesWithXAmzContentSha256IsRejectedBeforeTheSignature() {
        byte[] body = JAVA_SDK.request().body().clone();
        body[0] ^= 1;

        assertRejected(JAVA_SDK, RequestBuilder.copyOf(JAVA_SDK.request()).body(body).build(), "SignatureDoesNotMatch", 403)
                .hasMessage("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void aChangedXAmzContentSha256IsRejected() {
        HttpRequestView changed = RequestBuilder.copyOf(JAVA_SDK.request())
                .replaceHeader("x-amz-content-sha256", TestSigner.sha256Hex("something else")).build();

        assertRejected(JAVA_SDK, changed, "SignatureDoesNotMatch", 403)
                .hasMessage("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "content-type|application/x-www-form-urlencoded",
        "host|127.0.0.1:18081",
        "host|127.0.0.1",
        "x-amz-date|20261124T143810Z",
    })
    void aChangedSignedHeaderDoesNotMatch(String header, String value) {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).replaceHeader(header, value).build();

        assertRejected(AWSCLI, changed, "SignatureDoesNotMatch", 403).hasMessage(MISMATCH);
    }

    @Test
    void aRepeatedSignedHeaderDoesNotMatch() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).header("Host", "127.0.0.1:18080").build();

        assertRejected(AWSCLI, changed, "SignatureDoesNotMatch", 403).hasMessage(MISMATCH);
    }

    @Test
    void unsignedHeadersMayChange() throws AuthFailure {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request())
                .replaceHeader("User-Agent", "something else").header("X-Forwarded-For", "10.0.0.1").build();

        assertThat(Examples.authenticatorAt(AWSCLI.capturedAt()).authenticate(changed)).isEqualTo("AKIDEXAMPLE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=g2&Version=2011-01-01",
        "Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=g1&Version=2011-01-01&MaxRecords=1",
        "Action=DescribeAutoScalingGroups&Version=2011-01-01",
        "",
    })
    void aChangedQueryDoesNotMatch(String query) {
        HttpRequestView changed = RequestBuilder.copyOf(BOTO2_GET.request()).query(query).build();

        assertRejected(BOTO2_GET, changed, "SignatureDoesNotMatch", 403).hasMessage(MISMATCH);
    }

    @Test
    void theSameQueryInAnotherOrderOrEncodingStillMatches() throws AuthFailure {
        HttpRequestView reordered = RequestBuilder.copyOf(BOTO2_GET.request())
                .query("Version=2011-01-01&Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=%67%31").build();

        assertThat(Examples.authenticatorAt(BOTO2_GET.capturedAt()).authenticate(reordered)).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void aQueryAddedToASignedPostDoesNotMatch() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).query("ForceDelete=true").build();

        assertRejected(AWSCLI, changed, "SignatureDoesNotMatch", 403).hasMessage(MISMATCH);
    }

    @Test
    void aQueryCannotRepeatAParameterOfTheSignedBody() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).query("Action=DeleteAutoScalingGroup").build();

        assertRejected(AWSCLI, changed, "MalformedQueryString", 404).hasMessage("The parameter Action is given more than once.");
    }

    @Test
    void aSignatureWithoutHostIsIncomplete() throws AuthFailure {
        String withoutHost = """
                GET
                /
                Action=DescribeAutoScalingGroups&Version=2011-01-01
                x-amz-date:20261124T143809Z

                x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""";
        String withHost = """
                GET
                /
                Action=DescribeAutoScalingGroups&Version=2011-01-01
                host:127.0.0.1:18080
                x-amz-date:20261124T143809Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""";
        RequestBuilder base = RequestBuilder.request("GET", "/", "Action=DescribeAutoScalingGroups&Version=2011-01-01")
                .header("Host", "127.0.0.1:18080").header("X-Amz-Date", "20261124T143809Z");
        HttpRequestView unsigned = base.build();
        HttpRequestView request = RequestBuilder.copyOf(unsigned).header("Authorization", TestSigner.authorization(
                "AKIDEXAMPLE", "20261124T143809Z", "us-east-1", "autoscaling", "x-amz-date",
                TestSigner.sigV4(Examples.SECRET, "20261124T143809Z", "us-east-1", "autoscaling", withoutHost))).build();
        HttpRequestView signedHost = RequestBuilder.copyOf(unsigned).header("Authorization", TestSigner.authorization(
                "AKIDEXAMPLE", "20261124T143809Z", "us-east-1", "autoscaling", "host;x-amz-date",
                TestSigner.sigV4(Examples.SECRET, "20261124T143809Z", "us-east-1", "autoscaling", withHost))).build();

        assertRejectedAt(Instant.parse("2026-11-24T14:38:09Z"), request, "IncompleteSignature", 400)
                .hasMessageContaining("'host'");
        assertThat(Examples.authenticatorAt("2026-11-24T14:38:09Z").authenticate(signedHost)).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void aChangedPathDoesNotMatch() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).path("/other").build();

        assertRejected(AWSCLI, changed, "SignatureDoesNotMatch", 403).hasMessage(MISMATCH);
    }

    @Test
    void anUnknownAccessKeyIsAnInvalidClientTokenId() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).replaceHeader("Authorization",
                AWSCLI.request().header("authorization").replace("AKIDEXAMPLE", "AKIDUNKNOWN")).build();

        assertRejected(AWSCLI, changed, "InvalidClientTokenId", 403)
                .hasMessage("The security token included in the request is invalid.");
    }

    @Test
    void aWrongSecretDoesNotMatch() {
        RequestAuthenticator otherSecret = new RequestAuthenticator(id -> java.util.Optional.of("not the secret"),
                java.time.Clock.fixed(AWSCLI.capturedAt(), java.time.ZoneOffset.UTC));

        assertThatThrownBy(() -> otherSecret.authenticate(AWSCLI.request()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void aChangedSignatureDoesNotMatch() {
        String header = AWSCLI.request().header("authorization");
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request())
                .replaceHeader("Authorization", header.substring(0, header.length() - 1) + "0").build();

        assertRejected(AWSCLI, changed, "SignatureDoesNotMatch", 403).hasMessage(MISMATCH);
    }

    @Test
    void anUpperCaseHexSignatureIsTheSameSignature() throws AuthFailure {
        String header = AWSCLI.request().header("authorization");
        int at = header.indexOf("Signature=") + "Signature=".length();
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request())
                .replaceHeader("Authorization", header.substring(0, at) + header.substring(at).toUpperCase()).build();

        assertThat(Examples.authenticatorAt(AWSCLI.capturedAt()).authenticate(changed)).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void noCredentialsAtAllIsMissingAuthenticationToken() {
        HttpRequestView bare = RequestBuilder.copyOf(AWSCLI.request()).removeHeader("Authorization").build();

        assertRejected(AWSCLI, bare, "MissingAuthenticationToken", 403).hasMessage("Request is missing Authentication Token");
    }

    @Test
    void aSessionTokenIsRefusedBecausePhantomIssuesNone() {
        HttpRequestView withToken = RequestBuilder.copyOf(AWSCLI.request()).header("X-Amz-Security-Token", "FQoG...").build();

        assertRejected(AWSCLI, withToken, "InvalidClientTokenId", 403);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc|Authorization header requires 'Credential' parameter.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, Signature=abc|Authorization header requires 'SignedHeaders' parameter.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=host|Authorization header requires 'Signature' parameter.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=|Authorization header requires 'Signature' parameter.",
        "AWS4-HMAC-SHA256|Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling, SignedHeaders=host, Signature=abc|must have the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.",
        "AWS4-HMAC-SHA256 Credential=/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=abc|must have the form",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-11-24/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=abc|Credential should be scoped to a valid date (yyyyMMdd), not '2026-11-24'.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124//autoscaling/aws4_request, SignedHeaders=host, Signature=abc|Credential should be scoped to a valid region, not ''.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1//aws4_request, SignedHeaders=host, Signature=abc|Credential should be scoped to a valid service, not ''.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws5_request, SignedHeaders=host, Signature=abc|Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=host;;x-amz-date, Signature=abc|contains an empty header name.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=abc, Signature=def|more than one 'Signature' parameter.",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders, Signature=abc|'SignedHeaders' is not of the form key=value.",
        "AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=abc|Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
        "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20261124/autoscaling/aws4_request, SignedHeaders=host, Signature=abc|Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.",
        "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=|Unsupported AWS 'algorithm': 'AWS'.",
        "Bearer abc.def.ghi|Unsupported AWS 'algorithm': 'Bearer'.",
    })
    void aMalformedAuthorizationHeaderIsAnIncompleteSignature(String header, String message) {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).replaceHeader("Authorization", header).build();

        assertRejected(AWSCLI, changed, "IncompleteSignature", 400).hasMessageContaining(message);
    }

    @Test
    void anEmptyAuthorizationHeaderIsAnIncompleteSignature() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).replaceHeader("Authorization", "").build();

        assertRejected(AWSCLI, changed, "IncompleteSignature", 400).hasMessageContaining("Unsupported AWS 'algorithm': ''");
    }

    @Test
    void twoAuthorizationHeadersAreAnIncompleteSignature() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request())
                .header("Authorization", AWSCLI.request().header("authorization")).build();

        assertRejected(AWSCLI, changed, "IncompleteSignature", 400).hasMessageContaining("more than one Authorization header");
    }

    @Test
    void echoedValuesAreMadePrintableAndShort() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request())
                .replaceHeader("Authorization", "\u0001<x>\u00e9" + "A".repeat(500) + " Credential=x").build();

        assertRejected(AWSCLI, changed, "IncompleteSignature", 400)
                .hasMessageStartingWith("Unsupported AWS 'algorithm': '?<x>?AAAA")
                .hasMessageContaining("A...'")
                .satisfies(f -> assertThat(f.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void aMissingDateIsAnIncompleteSignature() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).removeHeader("X-Amz-Date").build();

        assertRejected(AWSCLI, changed, "IncompleteSignature", 400)
                .hasMessage("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T14:38:09Z", "20261124T143809", "20261324T143809Z", "20261124T256009Z", "yesterday", ""})
    void anUnparseableXAmzDateIsAnIncompleteSignature(String date) {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).replaceHeader("X-Amz-Date", date).build();

        assertRejected(AWSCLI, changed, "IncompleteSignature", 400)
                .hasMessage("Date must be in ISO-8601 'basic format'. Got '" + date
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void aScopeDateOtherThanTheRequestDateDoesNotMatch() {
        HttpRequestView changed = RequestBuilder.copyOf(AWSCLI.request()).replaceHeader("Authorization",
                AWSCLI.request().header("authorization").replace("/20261124/", "/20261123/")).build();

        assertRejected(AWSCLI, changed, "SignatureDoesNotMatch", 403).hasMessage("Date in Credential scope does not"
                + " match YYYYMMDD from ISO-8601 version of date from HTTP: '20261123' != '20261124', from '20261124T143809Z'.");
    }

    @Test
    void justInsideTheSkewWindowEitherWayPasses() throws AuthFailure {
        Instant signedAt = Instant.parse("2026-11-24T14:38:09Z");

        assertThat(Examples.authenticatorAt(signedAt.plus(Duration.ofMinutes(15))).authenticate(AWSCLI.request()))
                .isEqualTo("AKIDEXAMPLE");
        assertThat(Examples.authenticatorAt(signedAt.minus(Duration.ofMinutes(15))).authenticate(AWSCLI.request()))
                .isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void aSecondTooOldIsExpired() {
        Instant now = Instant.parse("2026-11-24T14:53:10Z");

        assertRejectedAt(now, AWSCLI.request(), "SignatureDoesNotMatch", 403).hasMessage(
                "Signature expired: 20261124T143809Z is now earlier than 20261124T143810Z (20261124T145310Z - 15 min.)");
    }

    @Test
    void aSecondTooNewIsNotYetCurrent() {
        Instant now = Instant.parse("2026-11-24T14:23:08Z");

        assertRejectedAt(now, AWSCLI.request(), "SignatureDoesNotMatch", 403).hasMessage(
                "Signature not yet current: 20261124T143809Z is still later than 20261124T143808Z (20261124T142308Z + 15 min.)");
    }

    @Test
    void theDateHeaderIsUsedWhenXAmzDateIsAbsent() throws AuthFailure {
        String canonical = """
                POST
                /

                date:Tue, 24 Nov 2026 14:38:09 GMT
                host:127.0.0.1:18080

                date;host
                """ + TestSigner.sha256Hex("Action=DescribeAutoScalingGroups&Version=2011-01-01");
        String signature = TestSigner.sigV4(Examples.SECRET, "20261124T143809Z", "us-east-1", "autoscaling", canonical);
        HttpRequestView request = RequestBuilder.request("POST", "/", "")
                .header("Date", "Tue, 24 Nov 2026 14:38:09 GMT").header("Host", "127.0.0.1:18080")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", TestSigner.authorization("AKIDEXAMPLE", "20261124T143809Z", "us-east-1",
                        "autoscaling", "date;host", signature))
                .body("Action=DescribeAutoScalingGroups&Version=2011-01-01").build();

        assertThat(Examples.authenticatorAt("2026-11-24T14:40:00Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
        assertRejectedAt(Instant.parse("2026-11-24T15:00:00Z"), request, "SignatureDoesNotMatch", 403)
                .hasMessageStartingWith("Signature expired: 20261124T143809Z");
        assertRejectedAt(Instant.parse("2026-11-24T14:40:00Z"),
                RequestBuilder.copyOf(request).replaceHeader("Date", "24/11/2026").build(), "IncompleteSignature", 400)
                .hasMessageContaining("RFC 1123");
    }

    @Test
    void anyRegionAndServiceInTheScopeIsAccepted() throws AuthFailure {
        String canonical = """
                GET
                /
                Action=DescribeAutoScalingGroups&Version=2011-01-01
                host:localhost:8445
                x-amz-date:20261124T143809Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""";
        String signature = TestSigner.sigV4(Examples.SECRET, "20261124T143809Z", "localhost", "localhost", canonical);
        HttpRequestView request = RequestBuilder.request("GET", "/", "Version=2011-01-01&Action=DescribeAutoScalingGroups")
                .header("Host", "localhost:8445").header("X-Amz-Date", "20261124T143809Z")
                .header("Authorization", TestSigner.authorization("AKIDEXAMPLE", "20261124T143809Z", "localhost",
                        "localhost", "host;x-amz-date", signature)).build();

        assertThat(Examples.authenticatorAt("2026-11-24T14:38:09Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndRepeatedOnesJoined() throws AuthFailure {
        String canonical = """
                POST
                /

                host:127.0.0.1:18080
                x-amz-date:20261124T143809Z
                x-custom:a b c,d

                host;x-amz-date;x-custom
                """ + TestSigner.sha256Hex("");
        String signature = TestSigner.sigV4(Examples.SECRET, "20261124T143809Z", "us-east-1", "autoscaling", canonical);
        HttpRequestView request = RequestBuilder.request("POST", "/", null)
                .header("Host", "127.0.0.1:18080").header("X-Amz-Date", "20261124T143809Z")
                .header("X-Custom", "  a   b\t c ").header("X-Custom", "d")
                .header("Authorization", TestSigner.authorization("AKIDEXAMPLE", "20261124T143809Z", "us-east-1",
                        "autoscaling", "host;x-amz-date;x-custom", signature)).build();

        assertThat(Examples.authenticatorAt("2026-11-24T14:38:09Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void aPlusInTheQueryIsASpaceForTheSignatureAsForTheAction() throws AuthFailure {
        for (String signedAs : new String[] {"a%2Bb", "a%20b"}) {
            String canonical = """
                    GET
                    /
                    Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=%s
                    host:127.0.0.1:18080
                    x-amz-date:20261124T143809Z

                    host;x-amz-date
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""".formatted(signedAs);
            String signature = TestSigner.sigV4(Examples.SECRET, "20261124T143809Z", "us-east-1", "autoscaling", canonical);
            HttpRequestView request = RequestBuilder.request("GET", "/", "Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=a+b")
                    .header("Host", "127.0.0.1:18080").header("X-Amz-Date", "20261124T143809Z")
                    .header("Authorization", TestSigner.authorization("AKIDEXAMPLE", "20261124T143809Z", "us-east-1",
                            "autoscaling", "host;x-amz-date", signature)).build();

            if (signedAs.equals("a%20b")) {
                assertThat(Examples.authenticatorAt("2026-11-24T14:38:09Z").verify(request).parameters())
                        .containsEntry("AutoScalingGroupNames.member.1", "a b");
            } else {
                assertRejectedAt(Instant.parse("2026-11-24T14:38:09Z"), request, "SignatureDoesNotMatch", 403);
            }
        }
    }

    @Test
    void aMalformedPercentEncodingInTheQueryIsAMalformedQueryString() {
        HttpRequestView changed = RequestBuilder.copyOf(BOTO2_GET.request()).query("Action=%zzDescribe").build();

        assertRejected(BOTO2_GET, changed, "MalformedQueryString", 404)
                .hasMessage("The query string contains a syntax error: invalid percent-encoding '%zz'.");
    }
}
