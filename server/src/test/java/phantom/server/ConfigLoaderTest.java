package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    PhantomConfig load(String yaml) throws Exception {
        return new ConfigLoader(Map.of("DBPASS", "s3cret")::get).load(Files.writeString(dir.resolve("c.yaml"), yaml));
    }

    void refused(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void no_file_means_four_sim_sites_and_an_embedded_database() {
        PhantomConfig c = ConfigLoader.defaults();
        assertThat(c.sites().keySet()).containsExactly("hotel", "sierra", "foxtrot", "alamo");
        assertThat(c.sites().values()).allSatisfy(s -> assertThat(s.driver()).isEqualTo("sim"));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8445);
        assertThat(c.database()).isNull();
        assertThat(c.databaseOrEmbedded().url()).startsWith("jdbc:sqlite:").endsWith("phantom.db");
    }

    @Test
    void every_key_is_read() throws Exception {
        PhantomConfig c = load("""
                listen: 0.0.0.0:9000
                data_dir: /tmp/phantom-x
                credentials_key_file: /tmp/k
                database: {url: "jdbc:postgresql://db:5432/p", user: phantom, password_env: DBPASS}
                tls: {certificate: /c.pem, private_key: /k.pem}
                engine: {resync_seconds: 2.5, boot_timeout_seconds: 60, launch_parallelism: 3}
                sites:
                  a: {driver: sim, capacity: 3}
                  b: {driver: ec2, region: us-east-1}
                """);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/phantom-x"));
        assertThat(c.credentialsKeyFile()).isEqualTo(Path.of("/tmp/k"));
        assertThat(c.database().password()).isEqualTo("s3cret");
        assertThat(c.tls().certificate()).isEqualTo(Path.of("/c.pem"));
        assertThat(c.engine()).isEqualTo(new PhantomConfig.Engine(2.5, 60, 3));
        assertThat(c.sites().keySet()).containsExactly("a", "b");
        assertThat(c.sites().get("a").options()).containsEntry("capacity", 3);
    }

    @Test
    void mistakes_name_the_key() {
        refused("listn: 1.2.3.4:5", "unknown key 'listn'");
        refused("listen: nowhere", "HOST:PORT");
        refused("listen: 127.0.0.1:70000", "bad port");
        refused("sites: {a: {capacity: 3}}", "sites.a.driver is missing");
        refused("sites: {}", "at least one site");
        refused("sites: {'a b': {driver: sim}}", "without spaces");
        refused("database: {url: postgres://x}", "JDBC URL");
        refused("database: {url: 'jdbc:postgresql://x/y', password_env: NOPE}", "NOPE");
        refused("engine: {resync_seconds: -1}", "engine.resync_seconds");
        refused("tls: {certificate: /c.pem}", "both certificate and private_key");
        refused("listen: [", "not valid YAML");
    }

    @Test
    void the_documented_example_config_loads_and_makes_its_drivers() {
        PhantomConfig c = new ConfigLoader(Map.<String, String>of()::get).load(Path.of("..", "docs", "phantom.example.yaml"));
        assertThat(c.sites().keySet()).containsExactly("hotel", "ec2", "chameleon");
        var drivers = Sites.drivers(c.sites(), dir, java.time.Clock.systemUTC());
        assertThat(drivers.get("ec2").capabilities().credentialNames()).contains("access_key_id", "secret_access_key");
        assertThat(drivers.get("chameleon").capabilities().needsCredentials()).isTrue();
        assertThat(drivers.get("hotel").capabilities().needsCredentials()).isFalse();
        for (var d : drivers.values()) {
            if (d instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void unknown_drivers_and_options_stop_start_up() {
        assertThatThrownBy(() -> Sites.drivers(Map.of("x", new SiteConfig("x", "vmware", Map.of())), dir, java.time.Clock.systemUTC()))
                .hasMessageContaining("unknown driver 'vmware'").hasMessageContaining("ec2, openstack, sim");
        assertThatThrownBy(() -> Sites.drivers(Map.of("x", new SiteConfig("x", "sim", Map.of("capacty", 3))), dir, java.time.Clock.systemUTC()))
                .hasMessageContaining("unknown sim option 'capacty'");
        assertThatThrownBy(() -> Sites.drivers(Map.of("x", new SiteConfig("x", "ec2", Map.of())), dir, java.time.Clock.systemUTC()))
                .hasMessageContaining("region");
    }
}
