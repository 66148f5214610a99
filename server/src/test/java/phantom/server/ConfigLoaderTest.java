package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void http_timeouts_are_read_and_checked() throws Exception {
        assertThat(ConfigLoader.defaults().http()).isEqualTo(new PhantomConfig.Http(30, 20));
        assertThat(load("http:\n  idle_timeout_seconds: 12\n  body_timeout_seconds: 2.5\n").http())
                .isEqualTo(new PhantomConfig.Http(12, 2.5));
        assertThat(load("http:\n  body_timeout_seconds: 5\n").http()).isEqualTo(new PhantomConfig.Http(30, 5));
        refused("http:\n  body_timeout_seconds: 0\n", "http.body_timeout_seconds must be a number >= 0.1");
        refused("http:\n  idle_timeout_seconds: soon\n", "http.idle_timeout_seconds must be a number");
        refused("http:\n  idle_timeout_seconds: 86400\n", "at most 3600 seconds");
        refused("http:\n  min_rate: 5\n", "unknown key 'min_rate' in http");
    }

    @Test
    void the_cluster_section_is_read_and_needs_postgresql() throws Exception {
        String pg = "database: {url: \"jdbc:postgresql://db:5432/p\"}\n";
        assertThat(ConfigLoader.defaults().cluster()).isEqualTo(new PhantomConfig.Cluster(10, null));
        assertThat(load(pg).cluster()).isEqualTo(PhantomConfig.Cluster.DEFAULT);
        assertThat(load(pg + "cluster:\n  lease_seconds: 4.5\n  node_name: phantom-a\n").cluster())
                .isEqualTo(new PhantomConfig.Cluster(4.5, "phantom-a"));
        refused("cluster:\n  lease_seconds: 5\n", "cluster: needs a PostgreSQL database");
        refused(pg + "cluster:\n  lease_seconds: 1\n", "cluster.lease_seconds must be a number >= 2");
        refused(pg + "cluster:\n  lease_seconds: 600\n", "cluster.lease_seconds must be at most 120 seconds");
        refused(pg + "cluster:\n  node_name: a/b\n", "cluster.node_name must be 1 to 200 characters, without '/'");
        refused(pg + "cluster:\n  lease: 5\n", "unknown key 'lease' in cluster");
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
        assertThat(c.sites().get("hotel").watchSeconds()).isEqualTo(2.0);
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

    @Test
    void a_missing_config_file_is_named_once_with_what_to_do() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).load(missing))
                .hasMessage("config file " + missing + " does not exist (give the path of a YAML file to --config,"
                        + " or leave --config out to run with the built-in defaults)");
    }

    @Test
    void bad_yaml_names_the_file_the_line_and_the_column_not_a_stream_called_string() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("listen: 127.0.0.1:8445\nsites:\n  hotel: {driver: sim\n"))
                .hasMessageStartingWith("config file " + file + ", line 4, column 1 is not valid YAML: ")
                .hasMessageContaining("one key: value per line")
                .hasMessageNotContaining("'string'");
    }

    @Test
    void a_misspelled_key_names_the_file_and_line_and_suggests_the_known_key() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("listen: 127.0.0.1:8445\nengine:\n  resync_secnds: 5\n"))
                .hasMessage("config file " + file + ", line 3: unknown key 'resync_secnds' in engine; did you mean"
                        + " 'resync_seconds'? (known keys: boot_timeout_seconds, launch_parallelism, resync_seconds, shutdown_timeout_seconds,"
                        + " watch_seconds)");
        assertThatThrownBy(() -> load("data_dri: /tmp/x\n"))
                .hasMessageStartingWith("config file " + file + ", line 1: unknown key 'data_dri' in the config file; did you mean 'data_dir'?");
    }

    @Test
    void a_misspelled_driver_or_driver_option_names_its_line_and_the_near_miss() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("sites:\n  hotel:\n    driver: sim\n    capacty: 3\n"))
                .hasMessageStartingWith("config file " + file + ", line 4: site hotel: unknown sim option 'capacty'; did you mean 'capacity'? (the sim driver takes: ")
                .hasMessageContaining("boot_seconds");
        assertThatThrownBy(() -> load("sites:\n  hotel:\n    driver: sim\n  aws:\n    driver: ec22\n"))
                .hasMessage("config file " + file + ", line 5: site aws: unknown driver 'ec22'; did you mean 'ec2'? (known drivers: ec2, openstack, sim)");
    }

    @Test
    void a_bad_value_names_its_line_and_the_expected_form() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("engine:\n  resync_seconds: 10\n  launch_parallelism: lots\n"))
                .hasMessage("config file " + file + ", line 3: engine.launch_parallelism must be a number >= 1.0, got 'lots'");
        assertThatThrownBy(() -> load("database:\n  url: postgres://db/phantom\n"))
                .hasMessageStartingWith("config file " + file + ", line 2: database.url must be a JDBC URL");
        assertThatThrownBy(() -> load("sites: hotel\n"))
                .hasMessageStartingWith("config file " + file + ", line 1: sites must be a mapping of keys to values");
    }

    @Test
    void a_site_name_that_the_clouds_tag_could_not_hold_is_refused_with_its_line() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("sites:\n  hotel: {driver: sim}\n  \"a;b\": {driver: sim}\n"))
                .hasMessageStartingWith("config file " + file + ", line 3: site name 'a;b' must be non-empty, without spaces");
    }

    @Test
    void a_bad_driver_option_value_names_the_line_of_the_option() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("sites:\n  hotel:\n    driver: sim\n    boot_seconds: 5\n    capacity: lots\n"))
                .hasMessageStartingWith("config file " + file + ", line 5: site hotel: capacity must be");
        assertThatThrownBy(() -> load("sites:\n  aws:\n    driver: ec2\n"))
                .hasMessageStartingWith("config file " + file + ", line 2: site 'aws': option 'region' ");
        assertThatThrownBy(() -> load("sites:\n  chameleon:\n    driver: openstack\n    auth_url: ftp://x/v3\n"))
                .hasMessageStartingWith("config file " + file + ", line 4: site chameleon: option auth_url ");
    }

    @Test
    void a_sites_watch_interval_is_its_own_then_the_engines_then_its_drivers_default() throws Exception {
        Duration simDefault = Sites.factories().get("sim").defaultWatchInterval();
        Duration ec2Default = Sites.factories().get("ec2").defaultWatchInterval();
        String sites = """
                sites:
                  own: {driver: sim, watch_seconds: 0.5}
                  plain: {driver: sim}
                  aws: {driver: ec2, region: us-east-1}
                """;
        PhantomConfig driverDefaults = load(sites);
        assertThat(driverDefaults.engine().watchSeconds()).isNull();
        assertThat(Sites.watchIntervals(driverDefaults)).containsExactly(
                Map.entry("own", Duration.ofMillis(500)), Map.entry("plain", simDefault), Map.entry("aws", ec2Default));

        PhantomConfig engineWide = load("engine: {watch_seconds: 3}\n" + sites);
        assertThat(engineWide.engine().watchSeconds()).isEqualTo(3.0);
        assertThat(Sites.watchIntervals(engineWide)).containsExactly(
                Map.entry("own", Duration.ofMillis(500)), Map.entry("plain", Duration.ofSeconds(3)), Map.entry("aws", Duration.ofSeconds(3)));

        assertThat(Sites.watchIntervals(ConfigLoader.defaults())).containsOnlyKeys("hotel", "sierra", "foxtrot", "alamo")
                .allSatisfy((site, interval) -> assertThat(interval).isEqualTo(simDefault));
        assertThat(Sites.describeWatch(Sites.watchIntervals(engineWide))).isEqualTo("own every 0.5 s, plain every 3 s, aws every 3 s");
    }

    @Test
    void a_sites_watch_seconds_is_the_servers_never_a_driver_option() throws Exception {
        PhantomConfig c = load("sites:\n  hotel:\n    driver: sim\n    capacity: 3\n    watch_seconds: 1.5\n");
        SiteConfig hotel = c.sites().get("hotel");
        assertThat(hotel.watchSeconds()).isEqualTo(1.5);
        assertThat(hotel.options()).containsOnlyKeys("capacity");
        var drivers = Sites.drivers(c.sites(), dir, java.time.Clock.systemUTC());
        assertThat(drivers).containsOnlyKeys("hotel");
    }

    @Test
    void a_bad_watch_interval_names_its_line_and_what_is_expected() {
        Path file = dir.resolve("c.yaml");
        assertThatThrownBy(() -> load("engine:\n  resync_seconds: 10\n  watch_seconds: 0\n"))
                .hasMessage("config file " + file + ", line 3: engine.watch_seconds must be a number >= 0.01, got '0'");
        assertThatThrownBy(() -> load("engine:\n  watch_seconds: often\n"))
                .hasMessage("config file " + file + ", line 2: engine.watch_seconds must be a number >= 0.01, got 'often'");
        assertThatThrownBy(() -> load("sites:\n  hotel:\n    driver: sim\n    watch_seconds: -2\n"))
                .hasMessage("config file " + file + ", line 4: sites.hotel.watch_seconds must be a number >= 0.01, got '-2'");
        assertThatThrownBy(() -> load("sites:\n  hotel:\n    driver: sim\n    watch_seconds: 100000\n"))
                .hasMessage("config file " + file + ", line 4: sites.hotel.watch_seconds must be at most 86400 seconds, got '100000'");
        assertThatThrownBy(() -> load("engine:\n  watch_second: 2\n"))
                .hasMessageStartingWith("config file " + file + ", line 2: unknown key 'watch_second' in engine; did you mean 'watch_seconds'?");
        assertThatThrownBy(() -> load("sites:\n  hotel:\n    driver: sim\n    watch_secnds: 2\n"))
                .hasMessageStartingWith("config file " + file + ", line 4: site hotel: unknown sim option 'watch_secnds'; did you mean 'watch_seconds'?")
                .hasMessageContaining("every site also takes driver, watch_seconds");
    }

    @Test
    void management_metrics_and_logging_have_defaults_and_are_read() throws Exception {
        PhantomConfig.Operations d = ConfigLoader.defaults().operations();
        assertThat(d.managementHost()).isEqualTo("127.0.0.1");
        assertThat(d.managementPort()).isEqualTo(8446);
        assertThat(d.managementGiven()).as("the default address may be taken by another Phantom").isFalse();
        assertThat(d.metricsPerGroup()).isFalse();
        assertThat(d.logging()).isEqualTo(phantom.server.ops.Logging.Settings.DEFAULT);

        PhantomConfig c = load("""
                management: {listen: "0.0.0.0:9446"}
                metrics: {per_group: true}
                logging:
                  format: json
                  levels: {phantom.reconcile: debug, org.eclipse.jetty: INFO, root: WARN}
                """);
        PhantomConfig.Operations o = c.operations();
        assertThat(o.managementHost()).isEqualTo("0.0.0.0");
        assertThat(o.managementPort()).isEqualTo(9446);
        assertThat(o.managementGiven()).isTrue();
        assertThat(o.metricsPerGroup()).isTrue();
        assertThat(o.logging().json()).isTrue();
        assertThat(o.logging().levels()).containsExactly(Map.entry("phantom.reconcile", "DEBUG"),
                Map.entry("org.eclipse.jetty", "INFO"), Map.entry(org.slf4j.Logger.ROOT_LOGGER_NAME, "WARN"));
        assertThat(load("management: {listen: none}").operations().managementHost()).as("turned off").isNull();
        assertThat(load("logging: {format: text}").operations().logging().json()).isFalse();
    }

    @Test
    void bad_management_metrics_and_logging_values_are_refused_with_the_key() {
        refused("management: {listen: nowhere}", "management.listen");
        refused("management: {port: 1}", "unknown key 'port' in management");
        refused("metrics: {per_group: yes please}", "metrics.per_group must be true or false");
        refused("logging: {format: xml}", "logging.format must be text or json, got 'xml'");
        refused("logging: {levels: {phantom.reconcile: LOUD}}", "logging.levels.phantom.reconcile must be one of TRACE, DEBUG");
        refused("logging: {colour: true}", "unknown key 'colour' in logging");
    }
}
