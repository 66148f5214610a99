package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class AwsKeysTest {

    @Test
    void keys_with_and_without_a_session_token() throws Exception {
        AwsKeys basic = AwsKeys.from("aws", new CloudCredentials(Map.of("access_key_id", "AKID", "secret_access_key", "s3cret")));
        assertThat(basic.toSdk().accessKeyId()).isEqualTo("AKID");
        assertThat(basic.toSdk().secretAccessKey()).isEqualTo("s3cret");
        assertThat(basic.toSdk()).isNotInstanceOf(AwsSessionCredentials.class);

        AwsKeys session = AwsKeys.from("aws", new CloudCredentials(
                Map.of("access_key_id", "ASIA", "secret_access_key", "s3cret", "session_token", "tok3n")));
        assertThat(session.toSdk()).isInstanceOfSatisfying(AwsSessionCredentials.class,
                c -> assertThat(c.sessionToken()).isEqualTo("tok3n"));
    }

    @Test
    void the_string_form_never_shows_a_secret() throws Exception {
        AwsKeys keys = AwsKeys.from("aws", new CloudCredentials(
                Map.of("access_key_id", "AKID", "secret_access_key", "s3cret", "session_token", "tok3n")));
        assertThat(keys.toString()).contains("AKID").doesNotContain("s3cret", "tok3n");
    }

    @Test
    void missing_keys_are_a_config_fault_naming_them() {
        for (CloudCredentials c : new CloudCredentials[] {
                CloudCredentials.NONE,
                new CloudCredentials(Map.of("access_key_id", "AKID", "secret_access_key", " ")),
                new CloudCredentials(Map.of("secret_access_key", "s3cret"))}) {
            assertThatThrownBy(() -> AwsKeys.from("aws", c)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                assertThat(f.code()).isEqualTo("MissingCredentials");
                assertThat(f.getMessage()).contains("site aws").doesNotContain("s3cret");
            });
        }
        assertThatThrownBy(() -> AwsKeys.from("aws", null)).isInstanceOf(CloudFault.class);
    }
}
