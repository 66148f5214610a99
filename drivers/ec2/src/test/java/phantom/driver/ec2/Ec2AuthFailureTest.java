package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/**
 * Keys the cloud does not know: moto with authentication on answers every call with AuthFailure and
 * HTTP 401. The URL-connection HTTP client drops the body of a 401, so the fault carries the status
 * as its code; the class is what matters.
 */
class Ec2AuthFailureTest {

    @RegisterExtension
    static final MotoServer moto = MotoServer.refusingAllKeys();

    static final CloudCredentials UNKNOWN_KEYS = new CloudCredentials(
            Map.of(AwsKeys.ACCESS_KEY_ID, "AKIDUNKNOWN", AwsKeys.SECRET_ACCESS_KEY, "wrong-secret"));

    static Ec2Driver driver;

    @BeforeAll
    static void start() {
        driver = new Ec2Driver(new Ec2SiteOptions("locked", "us-east-1", moto.endpoint(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 2));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private static void isAuthFailure(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
            assertThat(f.code()).isEqualTo("HTTP401");
            assertThat(f.getMessage()).contains("site locked", "did not accept the credentials").doesNotContain("wrong-secret");
        });
    }

    @Test
    void launch_list_and_terminate_with_unknown_keys_are_config_faults() {
        var spec = new LaunchSpec("ph-auth", "g", "alice", "web", "ami-12c6146b", "m1.small", null, List.of(), null, Map.of());
        isAuthFailure(() -> driver.launch(spec, UNKNOWN_KEYS));
        isAuthFailure(() -> driver.list(UNKNOWN_KEYS));
        isAuthFailure(() -> driver.terminate("i-00000000000000000", UNKNOWN_KEYS));
    }
}
