package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverFactory;

class Ec2DriverFactoryTest {

    @Test
    void the_default_watch_interval_is_the_documented_one() {
        // docs/engine.md, "Watch intervals and cloud rate limits": one DescribeInstances page per 1,000 VMs every 10 s: 10,000 VMs cost 1 call/s of the 20/s refill
        CloudDriverFactory factory = ServiceLoader.load(CloudDriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("ec2")).findFirst().orElseThrow();
        assertThat(factory.defaultWatchInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void defaults_for_everything_but_the_region() {
        Ec2SiteOptions o = Ec2SiteOptions.parse("aws", Map.of("region", "eu-west-1"));
        assertThat(o).isEqualTo(new Ec2SiteOptions("aws", "eu-west-1", null,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 2));
    }

    @Test
    void every_option_read_from_yaml_values() {
        Ec2SiteOptions o = Ec2SiteOptions.parse("euca", Map.of(
                "driver", "ec2",
                "region", "RegionOne",
                "endpoint", "https://cloud.example.org:8773/services/Cloud",
                "connect_timeout_seconds", 2,
                "request_timeout_seconds", "45",
                "max_retries", 0L));
        assertThat(o).isEqualTo(new Ec2SiteOptions("euca", "RegionOne",
                URI.create("https://cloud.example.org:8773/services/Cloud"), Duration.ofSeconds(2), Duration.ofSeconds(45), 0));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "region                  | -                         | option 'region' is required",
            "region                  | ' '                       | option 'region' is required",
            "region                  | us east 1                 | option 'region' must be a region name",
            "endpoint                | ec2.example.org           | option 'endpoint' must be an http(s) URL",
            "endpoint                | ftp://ec2.example.org     | option 'endpoint' must be an http(s) URL",
            "endpoint                | http://ex ample           | option 'endpoint' must be an http(s) URL",
            "endpoint                | https://u:p@ec2.example   | option 'endpoint' must not carry user info",
            "request_timeout_seconds | 0                         | option 'request_timeout_seconds' must be from 1 to 3600",
            "request_timeout_seconds | soon                      | option 'request_timeout_seconds' must be a whole number",
            "request_timeout_seconds | 2.5                       | option 'request_timeout_seconds' must be a whole number",
            "connect_timeout_seconds | -1                        | option 'connect_timeout_seconds' must be from 1 to 600",
            "max_retries             | 11                        | option 'max_retries' must be from 0 to 10",
            "zone                    | a                         | option 'zone' is not an option of the ec2 driver",
    })
    void a_bad_option_is_named_with_its_site(String option, String value, String message) {
        Map<String, Object> options = new HashMap<>(Map.of("region", "us-east-1"));
        options.put(option, value);
        assertThatThrownBy(() -> new Ec2DriverFactory().create("amazon", options, Path.of("."), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("site 'amazon': ")
                .hasMessageContaining(message);
    }

    @Test
    void the_factory_is_found_by_name_and_makes_a_driver() throws Exception {
        CloudDriverFactory factory = ServiceLoader.load(CloudDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("ec2")).findFirst().orElseThrow();
        assertThat(factory.options()).containsExactlyInAnyOrder(
                "region", "endpoint", "connect_timeout_seconds", "request_timeout_seconds", "max_retries");
        CloudDriver driver = factory.create("aws", Map.of("region", "us-east-1"), Path.of("."), Clock.systemUTC());
        try {
            assertThat(driver.capabilities().idempotentLaunch()).isTrue();
            assertThat(driver.capabilities().credentialNames()).containsExactly("access_key_id", "secret_access_key");
        } finally {
            ((AutoCloseable) driver).close();
        }
    }
}
