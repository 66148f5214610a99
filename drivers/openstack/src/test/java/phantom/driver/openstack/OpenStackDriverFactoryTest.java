package phantom.driver.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudDriverFactory;

class OpenStackDriverFactoryTest {
    static final String AUTH = "https://keystone.example.org:5000/v3";

    @Test
    void the_default_watch_interval_is_the_documented_one() {
        // docs/engine.md, "Watch intervals and cloud rate limits": two listing calls per project every 15 s
        CloudDriverFactory factory = ServiceLoader.load(CloudDriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("openstack")).findFirst().orElseThrow();
        assertThat(factory.defaultWatchInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void is_the_openstack_driver_and_is_found_by_the_service_loader() {
        assertThat(new OpenStackDriverFactory().name()).isEqualTo("openstack");
        assertThat(new OpenStackDriverFactory().options()).containsExactlyInAnyOrder("auth_url", "region", "interface",
                "user_domain_name", "project_domain_name", "network", "request_timeout_seconds");
        assertThat(ServiceLoader.load(CloudDriverFactory.class).stream().map(p -> p.get().name()))
                .contains("openstack");
    }

    @Test
    void defaults() {
        SiteOptions o = SiteOptions.parse("chameleon", Map.of("auth_url", AUTH + "/"));
        assertThat(o.authUrl().toString()).isEqualTo(AUTH);
        assertThat(o.region()).isNull();
        assertThat(o.endpointInterface()).isEqualTo("public");
        assertThat(o.userDomainName()).isEqualTo("Default");
        assertThat(o.projectDomainName()).isEqualTo("Default");
        assertThat(o.network()).isNull();
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void every_option_is_read() {
        SiteOptions o = SiteOptions.parse("chameleon", Map.of("auth_url", AUTH, "region", "CHI@UC", "interface",
                "internal", "user_domain_name", "chameleon", "project_domain_name", "chameleon", "network", "sharednet1",
                "request_timeout_seconds", "45"));
        assertThat(o).isEqualTo(new SiteOptions("chameleon", java.net.URI.create(AUTH), "CHI@UC", "internal",
                "chameleon", "chameleon", "sharednet1", Duration.ofSeconds(45)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            auth_url                | null                              | auth_url is required
            auth_url                | keystone.example.org:5000/v3      | auth_url must be an http or https URL
            auth_url                | https://keystone.example.org:5000 | auth_url must be the Keystone v3 URL ending in /v3
            auth_url                | https://keystone.example.org/v2.0 | auth_url must be the Keystone v3 URL ending in /v3
            auth_url                | 'https://bad host/v3'             | auth_url is not a URL
            interface               | private                           | interface must be public, internal or admin
            request_timeout_seconds | 0                                 | request_timeout_seconds must be from 1 to 600
            request_timeout_seconds | soon                              | request_timeout_seconds must be a whole number
            region                  | '  '                              | region must not be empty
            colour                  | blue                              | colour is not an openstack option
            """)
    void bad_options_are_refused_naming_the_site_and_option(String option, String value, String problem) {
        Map<String, Object> options = new HashMap<>();
        options.put("auth_url", AUTH);
        options.remove(option);
        if (value != null) {
            options.put(option, value);
        }
        assertThatThrownBy(() -> new OpenStackDriverFactory().create("chameleon", options, Path.of("x"), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("site chameleon: option " + option)
                .hasMessageContaining(problem);
    }

    @Test
    void a_number_that_is_not_text_is_refused_where_text_is_wanted() {
        assertThatThrownBy(() -> SiteOptions.parse("s", Map.of("auth_url", AUTH, "region", 1)))
                .hasMessageContaining("option region must be text");
        assertThat(SiteOptions.parse("s", Map.of("auth_url", AUTH, "request_timeout_seconds", 600)).requestTimeout())
                .isEqualTo(Duration.ofSeconds(600));
    }
}
