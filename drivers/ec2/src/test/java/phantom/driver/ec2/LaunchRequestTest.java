package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

class LaunchRequestTest {

    static LaunchSpec spec(String token, String keyName, List<String> groups, String userData, Map<String, String> tags) {
        return new LaunchSpec(token, "g-1", "alice", "web", "ami-1", "m1.small", keyName, groups, userData, tags);
    }

    static Map<String, String> tags(RunInstancesRequest r) {
        assertThat(r.tagSpecifications()).singleElement()
                .satisfies(ts -> assertThat(ts.resourceType()).isEqualTo(ResourceType.INSTANCE));
        return r.tagSpecifications().get(0).tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void one_vm_with_the_token_as_client_token_and_phantoms_tags() throws Exception {
        RunInstancesRequest r = LaunchRequest.of(spec("ph-abc", null, List.of(), null, Map.of("team", "blue")));

        assertThat(r.minCount()).isEqualTo(1);
        assertThat(r.maxCount()).isEqualTo(1);
        assertThat(r.imageId()).isEqualTo("ami-1");
        assertThat(r.instanceTypeAsString()).isEqualTo("m1.small");
        assertThat(r.clientToken()).isEqualTo("ph-abc");
        assertThat(tags(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "phantom:token", "ph-abc", "phantom:group", "g-1", "phantom:owner", "alice",
                "Name", "phantom-web", "team", "blue"));
        assertThat(r.keyName()).isNull();
        assertThat(r.securityGroups()).isEmpty();
        assertThat(r.userData()).isNull();
    }

    @Test
    void key_groups_and_user_data_are_passed_as_given() throws Exception {
        RunInstancesRequest r = LaunchRequest.of(spec("ph-1", "k", List.of("web", "ssh"), "aGVsbG8=", Map.of()));
        assertThat(r.keyName()).isEqualTo("k");
        assertThat(r.securityGroups()).containsExactly("web", "ssh");
        assertThat(r.userData()).isEqualTo("aGVsbG8=");
    }

    @Test
    void the_users_name_tag_wins_but_phantoms_ids_always_do() throws Exception {
        RunInstancesRequest r = LaunchRequest.of(spec("ph-1", null, List.of(), null,
                Map.of("Name", "mine", "phantom:token", "forged", "phantom:group", "forged")));
        assertThat(tags(r)).containsEntry("Name", "mine").containsEntry("phantom:token", "ph-1")
                .containsEntry("phantom:group", "g-1");
    }

    @Test
    void a_token_ec2_cannot_take_becomes_a_stable_64_character_digest() {
        String longToken = "ph-" + "x".repeat(70);
        assertThat(LaunchRequest.clientToken(longToken)).hasSize(64).matches("[0-9a-f]{64}")
                .isEqualTo(LaunchRequest.clientToken(longToken))
                .isNotEqualTo(LaunchRequest.clientToken(longToken + "y"));
        assertThat(LaunchRequest.clientToken("ph-é")).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(LaunchRequest.clientToken("ph 1")).hasSize(64);
        String exactly64 = "t".repeat(64);
        assertThat(LaunchRequest.clientToken(exactly64)).isEqualTo(exactly64);
    }

    @Test
    void a_launch_without_image_type_or_token_is_a_config_fault() {
        for (LaunchSpec bad : List.of(
                new LaunchSpec("ph-1", "g", "alice", "web", " ", "m1.small", null, null, null, null),
                new LaunchSpec("ph-1", "g", "alice", "web", "ami-1", null, null, null, null, null),
                new LaunchSpec("", "g", "alice", "web", "ami-1", "m1.small", null, null, null, null))) {
            assertThatThrownBy(() -> LaunchRequest.of(bad)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                assertThat(f.code()).isEqualTo("MissingParameter");
            });
        }
    }
}
