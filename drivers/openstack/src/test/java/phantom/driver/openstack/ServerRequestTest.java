package phantom.driver.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.LaunchSpec;

class ServerRequestTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(nullValues = "null", textBlock = """
            web,              ph-2f1e4d3c-aaaa-bbbb-cccc-0123456789ab, phantom-web-456789ab
            Web Tier #2,      ph-1,                                    phantom-web-tier-2-ph1
            null,             ph-deadbeef,                             phantom-group-deadbeef
            '---',            t,                                       phantom-group-t
            a-very-long-group-name-that-goes-on-and-on-forever, ph-12345678, phantom-a-very-long-group-name-that-goes-on-and-12345678
            """)
    void names_servers_after_the_group_and_the_tokens_end(String group, String token, String name) {
        assertThat(ServerRequest.name(group, token)).isEqualTo(name);
    }

    @Test
    void metadata_fits_novas_schema_and_phantoms_ids_come_from_the_spec() {
        String longValue = "x".repeat(300);
        LaunchSpec spec = new LaunchSpec("ph-1", "g-1", "alice", "web", "img", "m1.small", null, List.of(), null,
                Map.of("phantom:token", "forged", "aws:cloudformation/stack", "s", "note", longValue, "ünï", "u"));

        Map<String, String> metadata = ServerRequest.metadata(spec);

        assertThat(metadata).containsEntry("phantom:token", "ph-1").containsEntry("phantom:group", "g-1")
                .containsEntry("phantom:owner", "alice").containsEntry("aws:cloudformation_stack", "s")
                .containsEntry("_n_", "u");
        assertThat(metadata.get("note")).hasSize(255);
        assertThat(metadata.keySet()).allMatch(k -> k.matches("[a-zA-Z0-9\\-_:. ]{1,255}"));
    }

    @Test
    void leaves_out_what_the_spec_leaves_out() {
        LaunchSpec spec = new LaunchSpec("ph-1", null, null, "web", "img", "m1.small", " ", List.of(), null, Map.of());
        var server = ServerRequest.body(spec, "img-id", "2", null).path("server");
        assertThat(server.has("key_name")).isFalse();
        assertThat(server.has("user_data")).isFalse();
        assertThat(server.has("security_groups")).isFalse();
        assertThat(server.has("networks")).isFalse();
        assertThat(server.path("metadata").properties()).hasSize(1);
    }
}
