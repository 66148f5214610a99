package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

/** How one site's VMs are ordered for removal under each termination policy and their combinations. */
class TerminationOrderTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    /** web@hotel is the configuration the site launches now; web-old@hotel was replaced (it is not in the map). */
    static final Map<String, Instant> LCS = Map.of("web@hotel", NOW.minus(Duration.ofDays(2)),
            "web-2@hotel", NOW.minus(Duration.ofDays(1)));

    /**
     * The VMs of the cases: id, state, launched this long before NOW, launch configuration.
     * a: 10 min old (50 min to its next hour), web@hotel
     * b: 3 h 55 min old (5 min to its next hour), web@hotel
     * c: 2 h old (a full hour to its next), web-2@hotel
     * d: 30 min old (30 min), web-old@hotel (replaced)
     * e: 1 min old, pending, web-2@hotel
     */
    static List<Instance> vms() {
        return List.of(
                vm("a", InstanceState.RUNNING, Duration.ofMinutes(10), "web@hotel"),
                vm("b", InstanceState.RUNNING, Duration.ofMinutes(235), "web@hotel"),
                vm("c", InstanceState.RUNNING, Duration.ofHours(2), "web-2@hotel"),
                vm("d", InstanceState.RUNNING, Duration.ofMinutes(30), "web-old@hotel"),
                vm("e", InstanceState.PENDING, Duration.ofMinutes(1), "web-2@hotel"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // policies, expected order (first goes first)
                arguments("OldestInstance", "e b c d a"),
                arguments("NewestInstance", "e a d c b"),
                arguments("OldestLaunchConfiguration", "e d a b c"),
                arguments("ClosestToNextInstanceHour", "e b d a c"),
                arguments("Default", "e d b a c"),
                arguments("OldestLaunchConfiguration,NewestInstance", "e d a b c"),
                arguments("OldestLaunchConfiguration,OldestInstance", "e d b a c"),
                arguments("NewestInstance,OldestInstance", "e a d c b"),
                arguments("AllocationStrategy", "e a d c b"),
                arguments("OldestLaunchTemplate,OldestInstance", "e b c d a"),
                arguments("NoSuchPolicy,OldestInstance", "e b c d a"),
                arguments("", "e a d c b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void orders_a_sites_vms(String policies, String expected) {
        List<Instance> list = new ArrayList<>(vms());
        Collections.reverse(list);

        list.sort(TerminationOrder.of(names(policies), LCS, NOW));

        assertThat(String.join(" ", list.stream().map(Instance::id).toList())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Default", "OldestInstance", "NewestInstance", "ClosestToNextInstanceHour", ""})
    void the_order_does_not_depend_on_the_input_order(String policies) {
        List<Instance> forward = new ArrayList<>(vms());
        List<Instance> shuffled = new ArrayList<>(vms());
        Collections.shuffle(shuffled, new java.util.Random(policies.hashCode()));

        forward.sort(TerminationOrder.of(names(policies), LCS, NOW));
        shuffled.sort(TerminationOrder.of(names(policies), LCS, NOW));

        assertThat(shuffled).containsExactlyElementsOf(forward);
    }

    @Test
    void requested_goes_before_pending_before_running_whatever_the_policy() {
        List<Instance> list = new ArrayList<>(List.of(
                vm("run", InstanceState.RUNNING, Duration.ofMinutes(59), "web@hotel"),
                vm("pend", InstanceState.PENDING, Duration.ofMinutes(2), "web@hotel"),
                vm("req", InstanceState.REQUESTED, Duration.ofMinutes(1), "web@hotel")));

        list.sort(TerminationOrder.of(List.of("OldestInstance"), LCS, NOW));

        assertThat(list).extracting(Instance::id).containsExactly("req", "pend", "run");
    }

    @Test
    void seconds_to_the_next_instance_hour() {
        assertThat(TerminationOrder.secondsToNextHour(vm("x", InstanceState.RUNNING, Duration.ofMinutes(235), "w"), NOW))
                .isEqualTo(300);
        assertThat(TerminationOrder.secondsToNextHour(vm("x", InstanceState.RUNNING, Duration.ZERO, "w"), NOW))
                .as("just launched: a whole hour to go").isEqualTo(3600);
        assertThat(TerminationOrder.secondsToNextHour(vm("x", InstanceState.RUNNING, Duration.ofSeconds(-5), "w"), NOW))
                .as("a clock behind the launch counts as just launched").isEqualTo(3600);
    }

    @Test
    void policy_names_are_awss() {
        assertThat(TerminationPolicy.NAMES).containsExactly("AllocationStrategy", "ClosestToNextInstanceHour", "Default",
                "NewestInstance", "OldestInstance", "OldestLaunchConfiguration", "OldestLaunchTemplate");
        assertThat(TerminationPolicy.named("oldestinstance")).as("AWS compares names exactly").isEmpty();
    }

    private static List<String> names(String policies) {
        return policies.isEmpty() ? List.of() : Arrays.asList(policies.split(","));
    }

    private static Instance vm(String id, InstanceState state, Duration age, String lc) {
        Instant created = NOW.minus(age);
        return new Instance(id, 1, "hotel", "vm-" + id, state, true, null, lc, "m1.small", "ami-1", created, created);
    }
}
