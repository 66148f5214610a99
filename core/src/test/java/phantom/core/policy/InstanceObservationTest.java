package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;

class InstanceObservationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration BOOT = Duration.ofSeconds(300);
    private static final Duration GRACE = InstanceObservation.DEFAULT_GRACE;
    private static final String GROUP_UUID = "g-1";
    private static final String UNCHANGED = "(unchanged)";

    private static Instance stored(String id, InstanceState state, String cloudId, int ageSeconds, boolean healthy) {
        Instant created = NOW.minusSeconds(ageSeconds);
        return new Instance(id, 7, "hotel", cloudId, state, healthy, healthy ? null : "marked unhealthy", "web@hotel",
                "m1.small", "ami-1", created, created);
    }

    private static CloudInstance vm(String cloudId, String token, CloudState state) {
        return new CloudInstance(cloudId, token, GROUP_UUID, state, "m1.small", NOW.minusSeconds(30));
    }

    static Stream<Arguments> transitions() {
        InstanceState q = InstanceState.REQUESTED;
        InstanceState p = InstanceState.PENDING;
        InstanceState r = InstanceState.RUNNING;
        InstanceState t = InstanceState.TERMINATING;
        return Stream.of(
                // name, stored instance, the site's listing, expected state, healthy, cloud id, status reason
                row("requested + VM with its token pending: adopted (crash recovery)", stored("i-1", q, null, 10, true),
                        List.of(vm("vm-1", "i-1", CloudState.PENDING)), p, true, "vm-1", null),
                row("requested + VM with its token running: adopted running", stored("i-1", q, null, 10, true),
                        List.of(vm("vm-1", "i-1", CloudState.RUNNING)), r, true, "vm-1", null),
                row("requested + VM with its token stopped: adopted, unhealthy", stored("i-1", q, null, 10, true),
                        List.of(vm("vm-1", "i-1", CloudState.STOPPED)), p, false, "vm-1", "the VM was stopped on hotel"),
                row("requested, no VM, within the grace: launch may be in flight", stored("i-1", q, null, 10, true),
                        List.of(), q, true, null, UNCHANGED),
                row("requested, no VM, after the grace: left for lostLaunches", stored("i-1", q, null, 120, true),
                        List.of(vm("vm-9", "other", CloudState.RUNNING)), q, true, null, UNCHANGED),
                row("requested, no VM by the boot timeout: unhealthy", stored("i-1", q, null, 300, true), List.of(), q,
                        false, null, "did not start within 300 s"),
                row("pending + cloud running: running", stored("i-1", p, "vm-1", 20, true),
                        List.of(vm("vm-1", "i-1", CloudState.RUNNING)), r, true, "vm-1", null),
                row("pending + cloud pending within the boot timeout: unchanged", stored("i-1", p, "vm-1", 299, true),
                        List.of(vm("vm-1", "i-1", CloudState.PENDING)), p, true, "vm-1", UNCHANGED),
                row("pending + cloud pending at the boot timeout: unhealthy", stored("i-1", p, "vm-1", 300, true),
                        List.of(vm("vm-1", "i-1", CloudState.PENDING)), p, false, "vm-1", "did not start within 300 s"),
                row("running + cloud running: unchanged", stored("i-1", r, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.RUNNING)), r, true, "vm-1", UNCHANGED),
                row("running + cloud pending: stays running", stored("i-1", r, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.PENDING)), r, true, "vm-1", UNCHANGED),
                row("running + cloud failed: unhealthy", stored("i-1", r, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.FAILED)), r, false, "vm-1", "hotel reports the VM failed"),
                row("running + cloud stopped: unhealthy", stored("i-1", r, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.STOPPED)), r, false, "vm-1", "the VM was stopped on hotel"),
                row("running + cloud terminated: unhealthy", stored("i-1", r, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.TERMINATED)), r, false, "vm-1",
                        "the VM was terminated on hotel, not by Phantom"),
                row("running, gone from the listing: unhealthy", stored("i-1", r, "vm-1", 900, true), List.of(), r,
                        false, "vm-1", "disappeared from hotel's listing"),
                row("pending, not yet listed within the grace: unchanged", stored("i-1", p, "vm-1", 5, true), List.of(),
                        p, true, "vm-1", UNCHANGED),
                row("unhealthy keeps its first reason", stored("i-1", r, "vm-1", 900, false),
                        List.of(vm("vm-1", "i-1", CloudState.FAILED)), r, false, "vm-1", UNCHANGED),
                row("terminating + cloud terminated: terminated", stored("i-1", t, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.TERMINATED)), InstanceState.TERMINATED, true, "vm-1", null),
                row("terminating, gone: terminated", stored("i-1", t, "vm-1", 900, true), List.of(),
                        InstanceState.TERMINATED, true, "vm-1", null),
                row("terminating, not listed within the grace: unchanged", stored("i-1", t, "vm-1", 5, true), List.of(),
                        t, true, "vm-1", UNCHANGED),
                row("terminating, still running: unchanged", stored("i-1", t, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.RUNNING)), t, true, "vm-1", UNCHANGED),
                row("cancelled launch whose VM appeared: cloud id adopted to terminate it",
                        stored("i-1", t, null, 30, true), List.of(vm("vm-1", "i-1", CloudState.RUNNING)), t, true,
                        "vm-1", null),
                row("cancelled launch, no VM after the grace: terminated", stored("i-1", t, null, 120, true), List.of(),
                        InstanceState.TERMINATED, true, null, null),
                row("terminated stays terminated", stored("i-1", InstanceState.TERMINATED, "vm-1", 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.RUNNING)), InstanceState.TERMINATED, true, "vm-1",
                        UNCHANGED),
                row("failed stays failed", stored("i-1", InstanceState.FAILED, null, 900, true),
                        List.of(vm("vm-1", "i-1", CloudState.RUNNING)), InstanceState.FAILED, true, null, UNCHANGED));
    }

    private static Arguments row(String name, Instance before, List<CloudInstance> listing, InstanceState state,
            boolean healthy, String cloudId, String reason) {
        return arguments(name, before, listing, state, healthy, cloudId, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void observes(String name, Instance before, List<CloudInstance> listing, InstanceState state, boolean healthy,
            String cloudId, String reason) {
        Instance after = InstanceObservation.observe(List.of(before), Optional.of(listing), NOW, BOOT, GRACE).getFirst();

        if (UNCHANGED.equals(reason)) {
            assertThat(after).isSameAs(before);
            return;
        }
        assertThat(after.state()).as("state").isEqualTo(state);
        assertThat(after.healthy()).as("healthy").isEqualTo(healthy);
        assertThat(after.cloudId()).as("cloud id").isEqualTo(cloudId);
        if (reason != null) assertThat(after.statusReason()).as("reason").isEqualTo(reason);
        assertThat(after.updatedTime()).as("updated").isEqualTo(NOW);
        assertThat(after.id()).isEqualTo(before.id());
    }

    @Test
    void a_failed_listing_changes_nothing() {
        List<Instance> stored = List.of(stored("i-1", InstanceState.PENDING, "vm-1", 900, true),
                stored("i-2", InstanceState.TERMINATING, "vm-2", 900, true));

        assertThat(InstanceObservation.observe(stored, Optional.empty(), NOW, BOOT, GRACE)).isEqualTo(stored);
        assertThat(InstanceObservation.lostLaunches(stored, Optional.empty(), NOW, GRACE)).isEmpty();
    }

    @Test
    void lost_launches_are_requested_instances_with_no_vm_after_the_grace() {
        Instance young = stored("i-1", InstanceState.REQUESTED, null, 10, true);
        Instance lost = stored("i-2", InstanceState.REQUESTED, null, 61, true);
        Instance found = stored("i-3", InstanceState.REQUESTED, null, 61, true);
        Instance sick = stored("i-4", InstanceState.REQUESTED, null, 400, false);
        Instance pending = stored("i-5", InstanceState.PENDING, "vm-5", 61, true);
        List<CloudInstance> listing = List.of(vm("vm-3", "i-3", CloudState.PENDING));

        assertThat(InstanceObservation.lostLaunches(List.of(young, lost, found, sick, pending), Optional.of(listing), NOW,
                GRACE)).containsExactly(lost);
    }

    @Test
    void of_several_vms_with_one_token_the_running_one_is_adopted() {
        Instance requested = stored("i-1", InstanceState.REQUESTED, null, 10, true);
        List<CloudInstance> listing = List.of(vm("vm-b", "i-1", CloudState.PENDING), vm("vm-c", "i-1", CloudState.RUNNING),
                vm("vm-a", "i-1", CloudState.PENDING));

        Instance adopted = InstanceObservation.observe(List.of(requested), Optional.of(listing), NOW, BOOT, GRACE).getFirst();

        assertThat(adopted.cloudId()).isEqualTo("vm-c");
        assertThat(InstanceObservation.orphans(listing, List.of(adopted), Set.of(GROUP_UUID)))
                .extracting(o -> o.vm().cloudId()).containsExactly("vm-b", "vm-a");
    }

    @Test
    void instances_of_several_sites_are_refused() {
        Instance a = stored("i-1", InstanceState.RUNNING, "vm-1", 10, true);
        Instance b = new Instance("i-2", 7, "sierra", "vm-2", InstanceState.RUNNING, true, null, "web", "m1.small",
                "ami-1", NOW, NOW);

        assertThatThrownBy(() -> InstanceObservation.observe(List.of(a, b), Optional.of(List.of()), NOW, BOOT, GRACE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observe one site's listing at a time");
    }

    static Stream<Arguments> orphanCases() {
        return Stream.of(
                // name, the VM, the instance Phantom has for that token (or null), expected reason or null
                arguments("VM of a deleted group", new CloudInstance("vm-1", "i-1", "g-gone", CloudState.RUNNING, "t", null),
                        stored("i-1", InstanceState.TERMINATED, "vm-1", 900, true),
                        "VM vm-1 belongs to group g-gone, which no longer exists"),
                arguments("VM whose row is unfinished, even if its group is gone",
                        new CloudInstance("vm-1", "i-1", "g-gone", CloudState.RUNNING, "t", null),
                        stored("i-1", InstanceState.RUNNING, "vm-1", 900, true), null),
                arguments("VM of an intent with no VM yet, even if its group is gone",
                        new CloudInstance("vm-1", "i-1", "g-gone", CloudState.PENDING, "t", null),
                        stored("i-1", InstanceState.REQUESTED, null, 900, true), null),
                arguments("unknown token in a live group", vm("vm-1", "i-x", CloudState.RUNNING), null,
                        "VM vm-1 carries launch token i-x, which no running or pending instance has"
                                + " (never recorded, or already ended)"),
                arguments("token of a failed launch that started a VM after all", vm("vm-1", "i-1", CloudState.PENDING),
                        stored("i-1", InstanceState.FAILED, null, 900, true),
                        "VM vm-1 carries launch token i-1, which no running or pending instance has"
                                + " (never recorded, or already ended)"),
                arguments("token of a terminated instance still running", vm("vm-1", "i-1", CloudState.RUNNING),
                        stored("i-1", InstanceState.TERMINATED, "vm-1", 900, true),
                        "VM vm-1 carries launch token i-1, which no running or pending instance has"
                                + " (never recorded, or already ended)"),
                arguments("second VM for one token", vm("vm-2", "i-1", CloudState.RUNNING),
                        stored("i-1", InstanceState.RUNNING, "vm-1", 900, true),
                        "VM vm-2 is a second VM for launch token i-1; Phantom keeps vm-1"),
                arguments("group tag without a token", new CloudInstance("vm-1", null, GROUP_UUID, CloudState.RUNNING,
                        "t", null), null, "VM vm-1 carries Phantom's group tag but no launch token"),
                arguments("known running instance", vm("vm-1", "i-1", CloudState.RUNNING),
                        stored("i-1", InstanceState.RUNNING, "vm-1", 900, true), null),
                arguments("requested instance about to be adopted", vm("vm-1", "i-1", CloudState.PENDING),
                        stored("i-1", InstanceState.REQUESTED, null, 5, true), null),
                arguments("terminating instance: the actuator is on it", vm("vm-1", "i-1", CloudState.RUNNING),
                        stored("i-1", InstanceState.TERMINATING, "vm-1", 900, true), null),
                arguments("no Phantom tags: not ours", new CloudInstance("vm-1", null, null, CloudState.RUNNING, "t", null),
                        null, null),
                arguments("already terminated", vm("vm-1", "i-x", CloudState.TERMINATED), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orphanCases")
    void finds_orphans(String name, CloudInstance vm, Instance known, String reason) {
        List<InstanceObservation.Orphan> orphans = InstanceObservation.orphans(List.of(vm),
                known == null ? List.of() : List.of(known), Set.of(GROUP_UUID));

        if (reason == null) {
            assertThat(orphans).isEmpty();
        } else {
            assertThat(orphans).containsExactly(new InstanceObservation.Orphan(vm, reason));
        }
    }
}
