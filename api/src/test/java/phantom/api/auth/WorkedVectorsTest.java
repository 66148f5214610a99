package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worked examples of docs/wire-protocol.md §3.1.2 and §3.2 (from real clients), three vectors of AWS's
 * published SigV4 test suite, and a presigned request made by botocore 1.43.11: each checked step by step
 * (canonical request, string to sign, signature) and end to end through {@link RequestAuthenticator}.
 */
class WorkedVectorsTest {

    @Nested
    class BotocorePost {
        static final String BODY = "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=my+asg"
                + "&DesiredCapacity=2&HonorCooldown=false";
        static final SigV4Credential CREDENTIAL = new SigV4Credential("AKIDEXAMPLE", "20261124", "us-east-1", "autoscaling");
        static final String SIGNATURE = "b13fe736a351b2f0744a7f8e58688beccf5a1184a1e38bdadacd8404eaf2d1bf";

        final HttpRequestView request = RequestBuilder.request("POST", "/", "")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Host", "127.0.0.1:47727")
                .header("X-Amz-Date", "20261124T144135Z")
                .body(BODY).build();
        final CanonicalRequest canonical = CanonicalRequest.of(request, "",
                List.of("content-type", "host", "x-amz-date"), Digests.sha256Hex(request.body()));

        @Test
        void bodyIs110Bytes() {
            assertThat(request.body()).hasSize(110);
        }

        @Test
        void canonicalRequest() {
            assertThat(canonical.text()).isEqualTo("""
                    POST
                    /

                    content-type:application/x-www-form-urlencoded; charset=utf-8
                    host:127.0.0.1:47727
                    x-amz-date:20261124T144135Z

                    content-type;host;x-amz-date
                    0d21f473b983ee3f8d4c006f09d884945e96a52bdcb61d0418275d3278fc8e95""");
        }

        @Test
        void stringToSign() {
            assertThat(SigV4Signature.stringToSign(RequestTime.of(java.time.Instant.parse("2026-11-24T14:41:35Z")),
                    CREDENTIAL, canonical)).isEqualTo("""
                    AWS4-HMAC-SHA256
                    20261124T144135Z
                    20261124/us-east-1/autoscaling/aws4_request
                    231a2c4b9033b9a3811cb9e7f178cb2e39cc4df81058ec47a2c70aaa2cd75bce""");
        }

        @Test
        void signature() throws AuthFailure {
            String stringToSign = SigV4Signature.stringToSign(RequestTime.ofAmzDate("20261124T144135Z"), CREDENTIAL, canonical);

            assertThat(SigV4Signature.sign(SigV4Signature.signingKey(Examples.SECRET, CREDENTIAL), stringToSign))
                    .isEqualTo(SIGNATURE);
        }

        @Test
        void authenticates() throws AuthFailure {
            HttpRequestView signed = RequestBuilder.copyOf(request).header("Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, "
                            + "SignedHeaders=content-type;host;x-amz-date, Signature=" + SIGNATURE).build();

            assertThat(Examples.authenticatorAt("2026-11-24T14:41:35Z").authenticate(signed)).isEqualTo("AKIDEXAMPLE");
        }
    }

    @Nested
    class Boto2Get {
        static final String QUERY = "Action=SetDesiredCapacity&AutoScalingGroupName=my%20asg&DesiredCapacity=2"
                + "&Version=2011-01-01";
        static final SigV4Credential CREDENTIAL = new SigV4Credential("AKIDEXAMPLE", "20261124", "us-east-1", "autoscaling");
        static final String SIGNATURE = "c9ec7ce099bbc52d1126391223714eb4fa7b982fbf86cc1bf6c110c5e828ce8a";

        final HttpRequestView request = RequestBuilder.request("GET", "/", QUERY)
                .header("Host", "127.0.0.1:47727")
                .header("X-Amz-Date", "20261124T144136Z")
                .header("Content-Length", "0").build();

        @Test
        void canonicalRequestAndSignature() throws AuthFailure {
            CanonicalRequest canonical = CanonicalRequest.of(request,
                    CanonicalRequest.query(QueryParameter.parse(QUERY, false), p -> true),
                    List.of("host", "x-amz-date"), Digests.sha256Hex(request.body()));
            String stringToSign = SigV4Signature.stringToSign(RequestTime.ofAmzDate("20261124T144136Z"), CREDENTIAL, canonical);

            assertThat(canonical.text()).isEqualTo("""
                    GET
                    /
                    Action=SetDesiredCapacity&AutoScalingGroupName=my%20asg&DesiredCapacity=2&Version=2011-01-01
                    host:127.0.0.1:47727
                    x-amz-date:20261124T144136Z

                    host;x-amz-date
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
            assertThat(stringToSign).endsWith("\n44f94e1e9d6bfba82dc9ef1523af56a75034c187cfdeebda7bc3ab9f3c9927fb");
            assertThat(SigV4Signature.sign(SigV4Signature.signingKey(Examples.SECRET, CREDENTIAL), stringToSign))
                    .isEqualTo(SIGNATURE);
        }

        @Test
        void authenticatesWithBoto2sCommaOnlySeparators() throws AuthFailure {
            HttpRequestView signed = RequestBuilder.copyOf(request).header("Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request,"
                            + "SignedHeaders=host;x-amz-date,Signature=" + SIGNATURE).build();

            assertThat(Examples.authenticatorAt("2026-11-24T14:41:36Z").authenticate(signed)).isEqualTo("AKIDEXAMPLE");
        }
    }

    @Nested
    class Boto2SigV2 {
        static final String QUERY = "AWSAccessKeyId=AKIDEXAMPLE&Action=SetDesiredCapacity"
                + "&AutoScalingGroupName=my%20asg&DesiredCapacity=2&SignatureMethod=HmacSHA256&SignatureVersion=2"
                + "&Timestamp=2026-11-24T14%3A41%3A36Z&Version=2011-01-01"
                + "&Signature=%2FiC%2F1Ah%2Fq%2BufOSS%2Butz6TjnVA2O0jwhu6SuhEp1WEeo%3D";
        static final String STRING_TO_SIGN = "GET\n127.0.0.1\n/\nAWSAccessKeyId=AKIDEXAMPLE&Action=SetDesiredCapacity"
                + "&AutoScalingGroupName=my%20asg&DesiredCapacity=2&SignatureMethod=HmacSHA256&SignatureVersion=2"
                + "&Timestamp=2026-11-24T14%3A41%3A36Z&Version=2011-01-01";

        @Test
        void stringToSignAndSignature() throws AuthFailure {
            String stringToSign = SigV2Verifier.stringToSign("GET", "127.0.0.1", "/", QueryParameter.parse(QUERY, true));

            assertThat(stringToSign).isEqualTo(STRING_TO_SIGN);
            assertThat(Base64.getEncoder().encodeToString(Digests.hmac("HmacSHA256",
                    Examples.SECRET.getBytes(StandardCharsets.UTF_8), stringToSign.getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("/iC/1Ah/q+ufOSS+utz6TjnVA2O0jwhu6SuhEp1WEeo=");
        }

        @Test
        void authenticates() throws AuthFailure {
            HttpRequestView request = RequestBuilder.request("GET", "/", QUERY).header("Host", "127.0.0.1").build();

            assertThat(Examples.authenticatorAt("2026-11-24T14:41:36Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
        }
    }

    /** aws-sig-v4-test-suite get-vanilla, get-vanilla-query-order-key-case and post-vanilla (scope us-east-1/service). */
    @ParameterizedTest(name = "{0} /?{1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "GET|-|5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "GET|Param2=value2&Param1=value1|b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "POST|-|5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    })
    void awsSigV4TestSuite(String method, String query, String signature) throws AuthFailure {
        HttpRequestView request = RequestBuilder.request(method, "/", query)
                .header("Host", "example.amazonaws.com")
                .header("X-Amz-Date", "20150830T123600Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=" + signature).build();

        assertThat(Examples.authenticatorAt("2015-08-30T12:36:00Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
    }

    /** Made with botocore 1.43.11 {@code SigV4QueryAuth(creds, 'autoscaling', 'us-east-1', expires=300)} at 14:50:00. */
    @Test
    void botocorePresignedGet() throws AuthFailure {
        HttpRequestView request = RequestBuilder.request("GET", "/", "Action=DescribeAutoScalingGroups"
                        + "&Version=2011-01-01&AutoScalingGroupNames.member.1=my%20asg&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIDEXAMPLE%2F20261124%2Fus-east-1%2Fautoscaling%2Faws4_request"
                        + "&X-Amz-Date=20261124T145000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
                        + "&X-Amz-Signature=3a79a6e5e85d79c3d063da3fc59357073d5455032e5726cdd8c982b2c6f31e58")
                .header("Host", "127.0.0.1:18080").build();

        assertThat(Examples.authenticatorAt("2026-11-24T14:54:59Z").authenticate(request)).isEqualTo("AKIDEXAMPLE");
    }
}
