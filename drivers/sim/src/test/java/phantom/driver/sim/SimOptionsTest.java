package phantom.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudDriverFactory;
import phantom.core.driver.FaultClass;

class SimOptionsTest {
    @TempDir
    Path dataDir;

    @Test
    void every_option_has_a_default() {
        SimOptions o = SimOptions.parse("hotel", Map.of());
        assertThat(o).isEqualTo(new SimOptions("hotel", 16, 5.0, 0.0, FaultClass.TRANSIENT, 0.0, 0, -1,
                SimOptions.seedOf("hotel")));
        assertThat(SimOptions.seedOf("hotel")).isNotEqualTo(SimOptions.seedOf("sierra"));
    }

    @Test
    void values_come_as_yaml_gives_them() {
        Map<String, Object> options = new HashMap<>();
        options.put("driver", "sim");
        options.put("capacity", "32");
        options.put("boot_seconds", 2.5);
        options.put("launch_error_rate", 1);
        options.put("launch_error_class", "Capacity");
        options.put("death_rate_per_hour", "0.25");
        options.put("api_latency_ms", 10L);
        options.put("quota", 4);
        options.put("seed", -9_000_000_000L);
        assertThat(SimOptions.parse("hotel", options)).isEqualTo(
                new SimOptions("hotel", 32, 2.5, 1.0, FaultClass.CAPACITY, 0.25, 10, 4, -9_000_000_000L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "capacity            | x         | site hotel: capacity must be an integer >= -1, got 'x'",
        "capacity            | -2        | site hotel: capacity must be an integer >= -1, got '-2'",
        "capacity            | 99999999999 | site hotel: capacity must be an integer >= -1, got '99999999999'",
        "boot_seconds        | -1        | site hotel: boot_seconds must be a number of seconds from 0 to 86400, got '-1'",
        "boot_seconds        | NaN       | site hotel: boot_seconds must be a number of seconds from 0 to 86400, got 'NaN'",
        "launch_error_rate   | 1.5       | site hotel: launch_error_rate must be a number from 0 to 1, got '1.5'",
        "launch_error_rate   | half      | site hotel: launch_error_rate must be a number from 0 to 1, got 'half'",
        "launch_error_class  | sometimes | site hotel: launch_error_class must be one of capacity, quota, config, transient, got 'sometimes'",
        "death_rate_per_hour | -0.1      | site hotel: death_rate_per_hour must be a number >= 0, got '-0.1'",
        "death_rate_per_hour | Infinity  | site hotel: death_rate_per_hour must be a number >= 0, got 'Infinity'",
        "api_latency_ms      | -1        | site hotel: api_latency_ms must be an integer from 0 to 60000, got '-1'",
        "api_latency_ms      | 1.5       | site hotel: api_latency_ms must be an integer from 0 to 60000, got '1.5'",
        "quota               | -3        | site hotel: quota must be an integer >= -1, got '-3'",
        "seed                | abc       | site hotel: seed must be an integer, got 'abc'",
    })
    void bad_values_are_rejected_naming_site_and_option(String option, String value, String message) {
        assertThatThrownBy(() -> SimOptions.parse("hotel", Map.of(option, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void non_integral_numbers_and_wrong_types_are_rejected() {
        assertThatThrownBy(() -> SimOptions.parse("hotel", Map.of("capacity", 1.5)))
                .hasMessage("site hotel: capacity must be an integer >= -1, got '1.5'");
        assertThatThrownBy(() -> SimOptions.parse("hotel", Map.of("boot_seconds", true)))
                .hasMessage("site hotel: boot_seconds must be a number of seconds from 0 to 86400, got 'true'");
        assertThatThrownBy(() -> SimOptions.parse("hotel", Map.of("launch_error_class", 3)))
                .hasMessage("site hotel: launch_error_class must be one of capacity, quota, config, transient, got '3'");
        Map<String, Object> empty = new HashMap<>();
        empty.put("capacity", null);
        assertThatThrownBy(() -> SimOptions.parse("hotel", empty))
                .hasMessage("site hotel: capacity must be an integer >= -1, got nothing");
    }

    @Test
    void unknown_options_are_named_with_the_known_ones() {
        assertThatThrownBy(() -> SimOptions.parse("hotel", Map.of("capcity", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("site hotel: unknown sim option [capcity]; the sim driver accepts [")
                .hasMessageContaining("capacity");
    }

    @Test
    void a_site_needs_a_name() {
        assertThatThrownBy(() -> SimOptions.parse(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_factory_is_found_by_name_and_rejects_bad_options_before_touching_the_disk() {
        CloudDriverFactory factory = ServiceLoader.load(CloudDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("sim"))
                .findFirst().orElseThrow();
        assertThat(factory.options()).containsExactlyInAnyOrder("capacity", "boot_seconds", "launch_error_rate",
                "launch_error_class", "death_rate_per_hour", "api_latency_ms", "quota", "seed");

        assertThatThrownBy(() -> factory.create("hotel", Map.of("capacity", "x"), dataDir, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site hotel: capacity");
        assertThat(dataDir.resolve("sim")).doesNotExist();
    }
}
