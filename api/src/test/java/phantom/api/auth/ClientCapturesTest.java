package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import phantom.api.auth.ClientCaptures.Capture;

/** Every request the real AWS clients sent (client-captures.txt) verifies, with the clock at its capture time. */
class ClientCapturesTest {
    private static final List<Capture> CAPTURES = ClientCaptures.load();

    static Stream<Capture> awsCaptures() {
        return CAPTURES.stream().filter(Capture::hasAwsAuth);
    }

    static Stream<Capture> otherCaptures() {
        return CAPTURES.stream().filter(c -> !c.hasAwsAuth());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsCaptures")
    void everyAwsClientRequestVerifies(Capture capture) throws AuthFailure {
        String accessKey = Examples.authenticatorAt(capture.capturedAt()).authenticate(capture.request());

        assertThat(accessKey).isEqualTo(Examples.ACCESS_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherCaptures")
    void nonAwsRequestsAreRefusedForTheirJsonBody(Capture capture) {
        assertThat(capture.request().header("content-type")).startsWith("application/json");
        assertThatThrownBy(() -> Examples.authenticatorAt(capture.capturedAt()).authenticate(capture.request()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("UnsupportedMediaType");
                    assertThat(f.httpStatus()).isEqualTo(415);
                    assertThat(f.getMessage()).contains("application/x-www-form-urlencoded");
                });
    }

    @Test
    void theFileHoldsThirteenAwsRequestsFromSectionsAToKAndTwoOpenstackOnes() {
        assertThat(awsCaptures().map(Capture::section))
                .containsExactly("A", "B", "C", "D", "E", "E", "F", "G", "H", "H", "I", "J", "K");
        assertThat(otherCaptures().map(Capture::section)).containsExactly("L", "L");
        assertThat(otherCaptures()).allSatisfy(c -> assertThat(c.request().path()).isEqualTo("/v3/auth/tokens"));
    }

    @Test
    void capturesKeepTheirExactBodies() {
        Capture javaSdk = awsCaptures().filter(c -> c.section().equals("J")).findFirst().orElseThrow();

        assertThat(Digests.sha256Hex(javaSdk.request().body()))
                .isEqualTo(javaSdk.request().header("x-amz-content-sha256"))
                .isEqualTo("290e9e273484178765421d14e118f311a21698221eadd09f72a43f15d88009b7");
    }
}
