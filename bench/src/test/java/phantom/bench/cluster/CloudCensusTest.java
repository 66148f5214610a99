package phantom.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The counts the take-over benchmark reports, on instances made up here, and the relay's reading of an action. */
class CloudCensusTest {
    static final List<CloudCensus.Vm> VMS = List.of(
            new CloudCensus.Vm("i-1", "running", "t1", "g1"),
            new CloudCensus.Vm("i-2", "terminated", "t1", "g1"), // the same token launched twice: one duplicate
            new CloudCensus.Vm("i-3", "pending", "t2", "g1"),
            new CloudCensus.Vm("i-4", "running", "t3", "g2"),
            new CloudCensus.Vm("i-5", "shutting-down", "t4", "g2"),
            new CloudCensus.Vm("i-6", "running", null, null)); // not Phantom's

    @Test
    void duplicates_count_every_instance_beyond_the_first_of_a_token_live_or_dead() {
        assertThat(CloudCensus.duplicates(VMS)).isEqualTo(1);
        assertThat(CloudCensus.duplicates(VMS.subList(2, 6))).isZero();
    }

    @Test
    void live_phantom_vms_are_counted_per_group_and_unreported_ones_are_orphans() {
        assertThat(CloudCensus.liveByGroup(VMS)).containsOnly(java.util.Map.entry("g1", 2), java.util.Map.entry("g2", 1));
        assertThat(CloudCensus.orphans(VMS, Set.of("i-1", "i-3"))).containsExactly("i-4");
        assertThat(CloudCensus.orphans(VMS, Set.of("i-1", "i-3", "i-4"))).isEmpty();
    }

    @Test
    void the_relay_reads_the_action_from_the_form_or_the_query() {
        assertThat(CloudRelay.action(null, "Action=RunInstances&Version=2016-11-15".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("RunInstances");
        assertThat(CloudRelay.action("Action=TerminateInstances&InstanceId.1=i-1", new byte[0])).isEqualTo("TerminateInstances");
        assertThat(CloudRelay.action(null, "Version=2016-11-15".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
