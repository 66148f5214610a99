package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudCredentials;
import phantom.core.model.LaunchConfiguration;

class LaunchFingerprintTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T12:00:00Z");

    private static LaunchConfiguration lc(String image, String userData, Instant created) {
        return new LaunchConfiguration("alice", "web@hotel", "lc-uuid", image, "m1.small", "key", List.of("default"),
                userData, null, null, null, false, null, null, null, null, null, "", "", created);
    }

    private static final CloudCredentials KEYS = new CloudCredentials(Map.of("access_key", "AK", "secret_key", "SK"));

    @Test
    void same_launch_same_fingerprint() {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("secret_key", "SK");
        reordered.put("access_key", "AK");

        String fp = LaunchFingerprint.of(lc("ami-1", null, CREATED), KEYS);

        assertThat(fp).hasSize(32).matches("[0-9a-f]+");
        assertThat(LaunchFingerprint.of(lc("ami-1", null, CREATED), new CloudCredentials(reordered))).isEqualTo(fp);
    }

    @Test
    void any_change_of_configuration_or_credentials_changes_it() {
        String fp = LaunchFingerprint.of(lc("ami-1", null, CREATED), KEYS);

        assertThat(List.of(
                LaunchFingerprint.of(lc("ami-2", null, CREATED), KEYS),
                LaunchFingerprint.of(lc("ami-1", "", CREATED), KEYS),
                LaunchFingerprint.of(lc("ami-1", null, CREATED.plusSeconds(1)), KEYS),
                LaunchFingerprint.of(lc("ami-1", null, CREATED), new CloudCredentials(Map.of("access_key", "AK", "secret_key", "SK2"))),
                LaunchFingerprint.of(lc("ami-1", null, CREATED), CloudCredentials.NONE)))
                .doesNotContain(fp)
                .doesNotHaveDuplicates();
    }
}
