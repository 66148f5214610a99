package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.Tag;

class InstanceViewTest {

    @ParameterizedTest(name = "{0}/{1} is {2}")
    @CsvSource(nullValues = "-", value = {
            "pending,       0,   PENDING",
            "running,       16,  RUNNING",
            "stopping,      64,  STOPPED",
            "stopped,       80,  STOPPED",
            "shutting-down, 32,  TERMINATED",
            "terminated,    48,  TERMINATED",
            "-,             16,  RUNNING",
            "-,             272, RUNNING",
            "-,             48,  TERMINATED",
            "error,         -,   FAILED",
            "-,             -,   FAILED",
            "-,             99,  FAILED",
    })
    void state(String name, Integer code, CloudState expected) {
        assertThat(InstanceView.state(InstanceState.builder().name(name).code(code).build())).isEqualTo(expected);
    }

    @Test
    void no_state_at_all_is_failed() {
        assertThat(InstanceView.state(null)).isEqualTo(CloudState.FAILED);
    }

    @Test
    void phantoms_ids_come_from_the_tags() {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        Instance i = Instance.builder().instanceId("i-1").instanceType("m1.small").launchTime(t)
                .state(s -> s.name("running").code(16))
                .tags(Tag.builder().key("phantom:token").value("ph-1").build(),
                        Tag.builder().key("phantom:group").value("g-1").build(),
                        Tag.builder().key("Name").value("phantom-web").build())
                .build();
        assertThat(InstanceView.of(i)).isEqualTo(new CloudInstance("i-1", "ph-1", "g-1", CloudState.RUNNING, "m1.small", t));
    }

    @Test
    void a_vm_without_phantoms_tags_has_no_token_or_group() {
        Instance i = Instance.builder().instanceId("i-2").state(s -> s.name("pending")).build();
        CloudInstance vm = InstanceView.of(i);
        assertThat(vm.token()).isNull();
        assertThat(vm.groupUuid()).isNull();
        assertThat(vm.state()).isEqualTo(CloudState.PENDING);
    }
}
