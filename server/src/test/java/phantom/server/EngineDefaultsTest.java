package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.reconcile.ReconcilerSettings;

/** The engine's defaults have one source, and what runs, what the config says and the docs agree. */
class EngineDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void a_config_without_engine_keys_runs_the_reconcilers_own_defaults() throws Exception {
        PhantomConfig c = new ConfigLoader(Map.<String, String>of()::get).load(Files.writeString(dir.resolve("c.yaml"), """
                sites:
                  a: {driver: sim}
                """));
        assertThat(c.engine().settings()).isEqualTo(ReconcilerSettings.DEFAULT);
        assertThat(ConfigLoader.defaults().engine().settings()).isEqualTo(ReconcilerSettings.DEFAULT);
    }

    @Test
    void docs_configuration_states_the_defaults_that_run() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        ReconcilerSettings d = ReconcilerSettings.DEFAULT;
        assertThat(row(doc, "engine.resync_seconds")).isEqualTo(d.resync().toSeconds());
        assertThat(row(doc, "engine.boot_timeout_seconds")).isEqualTo(d.bootTimeout().toSeconds());
        assertThat(row(doc, "engine.launch_parallelism")).isEqualTo(d.parallelismPerSite());
        assertThat(row(doc, "engine.shutdown_timeout_seconds")).isEqualTo(d.shutdownTimeout().toSeconds());
    }

    @Test
    void the_shutdown_timeout_is_a_config_key() throws Exception {
        PhantomConfig c = new ConfigLoader(Map.<String, String>of()::get).load(Files.writeString(dir.resolve("c.yaml"), """
                engine: {shutdown_timeout_seconds: 7.5}
                """));
        assertThat(c.engine().settings().shutdownTimeout()).isEqualTo(Duration.ofMillis(7_500));
        assertThat(c.engine().settings().resync()).isEqualTo(ReconcilerSettings.DEFAULT.resync());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "engine: {shutdown_timeout_seconds: -1}\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).load(bad))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("engine.shutdown_timeout_seconds must be a number >= 0");
    }

    /** The default column of the key's row in the table. */
    private static long row(String doc, String key) {
        Matcher m = Pattern.compile("^\\| `" + Pattern.quote(key) + "` \\| (\\d+) \\|", Pattern.MULTILINE).matcher(doc);
        assertThat(m.find()).as("docs/configuration.md has a row for " + key).isTrue();
        return Long.parseLong(m.group(1));
    }
}
