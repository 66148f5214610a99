package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SigV4 in the query string (presigned), from a request botocore 1.43.11 presigned for 300 s at 14:50:00. */
class PresignedSigV4Test {
    private static final String QUERY = "Action=DescribeAutoScalingGroups&Version=2011-01-01"
            + "&AutoScalingGroupNames.member.1=my%20asg&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20261124%2Fus-east-1%2Fautoscaling%2Faws4_request"
            + "&X-Amz-Date=20261124T145000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=3a79a6e5e85d79c3d063da3fc59357073d5455032e5726cdd8c982b2c6f31e58";

    private static HttpRequestView request(String query) {
        return RequestBuilder.request("GET", "/", query).header("Host", "127.0.0.1:18080").build();
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
    void validFromFifteenMinutesBeforeItsDateUntilItExpires() throws AuthFailure {
        for (String now : new String[] {"2026-11-24T14:35:00Z", "2026-11-24T14:50:00Z", "2026-11-24T14:55:00Z"}) {
            assertThat(Examples.authenticatorAt(now).authenticate(request(QUERY))).isEqualTo("AKIDEXAMPLE");
        }
    }

    @Test
    void afterItsExpiryItIsExpired() {
        assertRejected("2026-11-24T14:55:01Z", request(QUERY), "RequestExpired", 400).hasMessage(
                "Request has expired: the presigned request expired at 20261124T145500Z is earlier than the current"
                        + " time 20261124T145501Z.");
    }

    @Test
    void tooFarInTheFutureItIsNotYetCurrent() {
        assertRejected("2026-11-24T14:34:59Z", request(QUERY), "SignatureDoesNotMatch", 403)
                .hasMessageStartingWith("Signature not yet current: 20261124T145000Z is still later than");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "my%20asg|other",
        "X-Amz-Expires=300|X-Amz-Expires=299",
        "X-Amz-SignedHeaders=host|X-Amz-SignedHeaders=host%3Bx-amz-date",
        "&X-Amz-Signature=|&Extra=1&X-Amz-Signature=",
    })
    void aChangedParameterDoesNotMatch(String from, String to) {
        assertRejected("2026-11-24T14:50:00Z", request(QUERY.replace(from, to)), "SignatureDoesNotMatch", 403)
                .hasMessage(AuthFailure.SIGNATURE_MISMATCH_TEXT);
    }

    @Test
    void aChangedHostDoesNotMatch() {
        HttpRequestView changed = RequestBuilder.copyOf(request(QUERY)).replaceHeader("Host", "127.0.0.1").build();

        assertRejected("2026-11-24T14:50:00Z", changed, "SignatureDoesNotMatch", 403);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "&X-Amz-Expires=300|\"\"|missing [X-Amz-Expires]",
        "X-Amz-Expires=300|X-Amz-Expires=0|X-Amz-Expires must be a number of seconds from 1 to 604800, not '0'.",
        "X-Amz-Expires=300|X-Amz-Expires=604801|not '604801'",
        "X-Amz-Expires=300|X-Amz-Expires=soon|not 'soon'",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256|X-Amz-Algorithm=AWS4-HMAC-SHA1|Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'",
        "X-Amz-Date=20261124T145000Z|X-Amz-Date=2026-11-24|Date must be in ISO-8601 'basic format'",
        "%2Faws4_request|%2Faws4|valid terminator",
        "X-Amz-SignedHeaders=host|X-Amz-SignedHeaders=|contains an empty header name",
    })
    void aMalformedPresignatureIsAnIncompleteSignature(String from, String to, String message) {
        assertRejected("2026-11-24T14:50:00Z", request(QUERY.replace(from, to)), "IncompleteSignature", 400)
                .hasMessageContaining(message);
    }

    @Test
    void anUnknownKeyOrASessionTokenIsAnInvalidClientTokenId() {
        assertRejected("2026-11-24T14:50:00Z", request(QUERY.replace("=AKIDEXAMPLE", "=AKIDOTHER")),
                "InvalidClientTokenId", 403);
        assertRejected("2026-11-24T14:50:00Z", request(QUERY + "&X-Amz-Security-Token=abc"), "InvalidClientTokenId", 403);
    }

    @Test
    void anAuthorizationHeaderTakesPrecedence() {
        HttpRequestView both = RequestBuilder.copyOf(request(QUERY)).header("Authorization", "AWS4-HMAC-SHA256").build();

        assertRejected("2026-11-24T14:50:00Z", both, "IncompleteSignature", 400);
    }
}
