package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two reconcilers must never run over the same groups: one serve per data directory. */
class ServeLockTest {
    @TempDir
    Path dir;

    @Test
    void a_second_serve_on_the_same_data_directory_is_refused_and_the_first_keeps_running() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"),
                RunningPhantom.yaml(Map.of("hotel", RunningPhantom.sim("hotel", Map.of())), RunningPhantom.TEST_ENGINE));
        Path data = dir.resolve("data");
        try (PhantomProcess first = new PhantomProcess(config, data); PhantomProcess second = new PhantomProcess(config, data)) {
            first.start();
            String keys = first.run("user", "add", "alice");
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("phantom exited")
                    .hasMessageContaining("another 'phantom serve' is running on data directory")
                    .hasMessageContaining("pid " + first.pid());
            var alice = RunningPhantom.client(first.endpoint(), keys);
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami").instanceType("t"));
            assertThat(alice.describeLaunchConfigurations().launchConfigurations()).as("the first server still answers").hasSize(1);
            first.stop();
            second.start();
            assertThat(RunningPhantom.client(second.endpoint(), keys).describeLaunchConfigurations().launchConfigurations())
                    .as("once the first stopped, a second serves the same data").hasSize(1);
        }
        assertThat(Files.exists(data.resolve("serve.lock"))).isTrue();
    }
}
