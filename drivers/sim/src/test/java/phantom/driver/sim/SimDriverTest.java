package phantom.driver.sim;

import phantom.core.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverContract;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;

/** The sim driver, with its default options, passes the contract every driver passes. */
class SimDriverTest extends CloudDriverContract {
    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private CloudDriver driver;

    @BeforeEach
    void createDriver() {
        driver = new SimDriverFactory().create("contract", Map.of(), dataDir, clock);
    }

    @Override
    protected CloudDriver driver() {
        return driver;
    }

    @Override
    protected CloudCredentials credentials() {
        return CloudCredentials.NONE;
    }

    @Override
    protected String goodImage() {
        return "ami-sim";
    }

    @Override
    protected String badImage() {
        return "invalid-ami";
    }

    @Override
    protected String unknownInstanceId() {
        return "i-00000000000000000";
    }

    @Test
    void ids_look_like_ec2_ones() throws Exception {
        CloudInstance vm = driver.launch(spec(newToken(), UUID.randomUUID().toString(), goodImage()), credentials());
        assertThat(vm.cloudId()).matches("i-[0-9a-f]{17}");
        assertThat(vm.instanceType()).isEqualTo(instanceType());
        assertThat(vm.launchTime()).isEqualTo(clock.instant());
    }

    @Test
    void a_token_launched_then_terminated_returns_the_terminated_vm() throws Exception {
        String token = newToken();
        CloudInstance vm = driver.launch(spec(token, UUID.randomUUID().toString(), goodImage()), credentials());
        driver.terminate(vm.cloudId(), credentials());

        CloudInstance again = driver.launch(spec(token, UUID.randomUUID().toString(), goodImage()), credentials());

        assertThat(again.cloudId()).isEqualTo(vm.cloudId());
        assertThat(again.state()).isEqualTo(CloudState.TERMINATED);
        assertThat(SimCloud.open(dataDir, "contract").all()).hasSize(1);
    }

    @Test
    void the_bad_image_fault_reads_like_ec2() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> driver.launch(spec(newToken(), "g", "invalid-x"), credentials()))
                .isInstanceOfSatisfying(phantom.core.driver.CloudFault.class, f -> {
                    assertThat(f.code()).isEqualTo("InvalidAMIID.NotFound");
                    assertThat(f.getMessage()).isEqualTo("The image id '[invalid-x]' does not exist");
                });
    }

    @Test
    void the_watcher_lists_a_sim_site_every_two_seconds_by_default() {
        assertThat(new SimDriverFactory().defaultWatchInterval()).isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void it_needs_no_credentials_and_deduplicates_launches_itself() {
        assertThat(driver.capabilities().idempotentLaunch()).isTrue();
        assertThat(driver.capabilities().needsCredentials()).isFalse();
    }
}
