package phantom.driver.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;

class ServerViewTest {

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(nullValues = "null", textBlock = """
            BUILD,             scheduling, PENDING
            BUILD,             null,       PENDING
            REBUILD,           rebuilding, PENDING
            ACTIVE,            null,       RUNNING
            REBOOT,            rebooting,  RUNNING
            HARD_REBOOT,       null,       RUNNING
            RESIZE,            null,       RUNNING
            VERIFY_RESIZE,     null,       RUNNING
            MIGRATING,         null,       RUNNING
            SHUTOFF,           null,       STOPPED
            PAUSED,            null,       STOPPED
            SUSPENDED,         null,       STOPPED
            STOPPED,           null,       STOPPED
            RESCUE,            null,       STOPPED
            SHELVED_OFFLOADED, null,       STOPPED
            UNKNOWN,           null,       STOPPED
            ERROR,             null,       FAILED
            DELETED,           null,       TERMINATED
            SOFT_DELETED,      null,       TERMINATED
            ACTIVE,            deleting,   TERMINATED
            ERROR,             deleting,   TERMINATED
            """)
    void maps_nova_status_and_task_state(String status, String taskState, CloudState expected) {
        assertThat(ServerView.state(status, taskState)).isEqualTo(expected);
    }

    @Test
    void reads_a_server_from_a_2_1_listing_and_a_2_47_listing() throws Exception {
        JsonNode old = FakeOpenStack.JSON.readTree("""
                {"id": "s1", "status": "ACTIVE", "OS-EXT-STS:task_state": null, "created": "2026-11-24T12:00:00Z",
                 "flavor": {"id": "2", "links": []},
                 "metadata": {"phantom:token": "ph-1", "phantom:group": "g-1", "phantom:owner": "alice"}}""");
        JsonNode newer = FakeOpenStack.JSON.readTree("""
                {"id": "s2", "status": "BUILD", "created": "2026-11-24T12:00:00Z",
                 "flavor": {"original_name": "m1.large", "vcpus": 4}, "metadata": {}}""");

        assertThat(ServerView.instance(old, Map.of("2", "m1.small"))).isEqualTo(new CloudInstance("s1", "ph-1", "g-1",
                CloudState.RUNNING, "m1.small", Instant.parse("2026-11-24T12:00:00Z")));
        assertThat(ServerView.instance(old, Map.of()).instanceType()).isEqualTo("2");
        CloudInstance s2 = ServerView.instance(newer, Map.of());
        assertThat(s2.instanceType()).isEqualTo("m1.large");
        assertThat(s2.token()).isNull();
        assertThat(ServerView.isPhantoms(newer)).isFalse();
    }
}
