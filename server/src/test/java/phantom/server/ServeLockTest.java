package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two reconcilers must never run over the same groups: one serve per data directory. */
class ServeLockTest {
    @TempDir
    Path dir;

    @Test
    void a_second_serve_on_the_same_data_directory_is_refused_and_the_first_keeps_running() throws Exception {
        PhantomConfig config = RunningPhantom.config(dir, Map.of("hotel", RunningPhantom.sim("hotel", Map.of())));
        try (PhantomServer first = PhantomServer.start(config, Clock.systemUTC())) {
            assertThatThrownBy(() -> PhantomServer.start(config, Clock.systemUTC()))
                    .isInstanceOf(ConfigLoader.ConfigException.class)
                    .hasMessageContaining("another 'phantom serve' is running on data directory")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            int users = first.database().read(tx -> tx.users().all().size());
            assertThat(users).as("the first server still answers").isZero();
        }
        try (PhantomServer again = PhantomServer.start(config, Clock.systemUTC())) {
            assertThat(again.port()).isPositive();
        }
        assertThat(Files.exists(dir.resolve("serve.lock"))).isTrue();
    }
}
