package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SitePreference;

/** One plan from a given state: which launches per site and which instances, in which order, go. */
class OverflowPolicyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, clouds, N, instances, expected launches, expected terminations (in order)
                row("8+2 split", "hotel:8,sierra:-1", 10, "", "hotel=8 sierra=2", ""),
                row("at N: nothing to do", "hotel:8,sierra:-1", 10, "hotel=RRRRRRRR sierra=RR", "", ""),
                row("cap 0 site is passed over", "hotel:0,sierra:-1", 2, "", "sierra=2", ""),
                row("more than the caps: what fits", "hotel:3,sierra:4", 10, "", "hotel=3 sierra=4", ""),
                row("scale in: least preferred site, pending, then closest to the next instance hour", "hotel:8,sierra:-1", 7,
                        "hotel=RRRRRR sierra=RPRR", "", "sierra-8 sierra-7 sierra-9"),
                row("scale in crosses sites upward", "hotel:3,sierra:3,foxtrot:3", 2,
                        "hotel=RRR sierra=RR foxtrot=R", "", "foxtrot-6 sierra-4 sierra-5 hotel-1"),
                row("requested before pending before running", "hotel:-1", 1, "hotel=RPQ", "", "hotel-3 hotel-2"),
                row("N=0 takes all", "hotel:-1", 0, "hotel=RRQ", "", "hotel-3 hotel-1 hotel-2"),
                row("lowered cap: pending, then closest to the next instance hour go, shortfall overflows",
                        "hotel:2,sierra:-1", 5, "hotel=RRPR sierra=R", "sierra=2", "hotel-3 hotel-1"),
                row("lowered cap on the last site", "hotel:2,sierra:1", 3, "hotel=RR sierra=RRR", "",
                        "sierra-3 sierra-4"),
                row("removed site drained and replaced", "hotel:-1", 3, "hotel=R foxtrot=RR", "hotel=2",
                        "foxtrot-2 foxtrot-3"),
                row("removed sites go before any listed site on scale in", "hotel:-1,sierra:-1", 1,
                        "hotel=R sierra=R alamo=R", "", "alamo-3 sierra-2"),
                row("unhealthy replaced at the most preferred site with room", "hotel:2,sierra:-1", 3,
                        "hotel=Rr sierra=R", "hotel=1", "hotel-2"),
                row("unhealthy on a full site replaced further down", "hotel:2,sierra:-1", 3,
                        "hotel=RR sierra=r", "sierra=1", "sierra-3"),
                row("unhealthy replacement goes back to the preferred site", "hotel:-1,sierra:-1", 2,
                        "hotel=R sierra=r", "hotel=1", "sierra-2"),
                row("unhealthy requested launch is cancelled and retried", "hotel:-1", 1, "hotel=q", "hotel=1",
                        "hotel-1"),
                row("terminating counts neither as live nor toward the cap", "hotel:2", 2, "hotel=RT", "hotel=1", ""),
                row("unhealthy terminating is not terminated again", "hotel:2", 1, "hotel=Rt", "", ""),
                row("finished instances are ignored", "hotel:2", 2, "hotel=DFRR", "", ""),
                row("no clouds: nothing can be launched", "", 2, "", "", ""));
    }

    private static Arguments row(String name, String clouds, int n, String layout, String launches, String terminations) {
        return arguments(name, clouds, n, layout, launches, terminations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(String name, String clouds, int n, String layout, String launches, String terminations) {
        Fleet f = Fleet.of(clouds, n).layout(layout);

        Plan plan = f.plan();

        assertThat(Fleet.launches(plan)).as("launches").isEqualTo(launches);
        assertThat(Fleet.terminations(plan)).as("terminations").isEqualTo(terminations);
        f.apply(plan);
        assertThat(f.plan().idle()).as("planning again after applying changes nothing").isTrue();
    }

    @Test
    void causes_say_why_in_the_users_terms() {
        Fleet f = Fleet.of("hotel:8,sierra:-1", 10).layout("hotel=RRR");

        Plan plan = f.plan();

        assertThat(plan.launches().getFirst().cause()).isEqualTo("an instance was started in response to a difference"
                + " between desired and actual capacity, increasing the capacity from 3 to 10 on hotel");
        assertThat(plan.launches().getLast().cause()).isEqualTo("an instance was started in response to a difference"
                + " between desired and actual capacity, increasing the capacity from 3 to 10 on sierra;"
                + " overflow hotel -> sierra: hotel is full (cap 8)");
        assertThat(plan.shortfall()).isEmpty();
    }

    static Stream<Arguments> protectedCases() {
        return Stream.of(
                // name, clouds, N, instances, protected ids, expected terminations, expected note (or "")
                arguments("scale in skips protected VMs and takes the next", "hotel:-1,sierra:-1", 2,
                        "hotel=RR sierra=RR", "sierra-3", "sierra-4 hotel-1", ""),
                arguments("all protected: the group stays above desired and says why", "hotel:-1,sierra:-1", 1,
                        "hotel=RR sierra=R", "hotel-1 hotel-2 sierra-3", "",
                        "wanted 1, keeping 3: 3 instances protected from scale in (vm-hotel-1, vm-hotel-2, vm-sierra-3);"
                                + " scale-in protection keeps them until it is removed (SetInstanceProtection)"),
                arguments("some protected: what can go goes, the rest stays", "hotel:-1", 1, "hotel=RRR",
                        "hotel-1 hotel-2", "hotel-3",
                        "wanted 1, keeping 2: 2 instances protected from scale in (vm-hotel-1, vm-hotel-2);"
                                + " scale-in protection keeps them until it is removed (SetInstanceProtection)"),
                arguments("a lowered cap keeps protected VMs", "hotel:1,sierra:-1", 3, "hotel=RRR", "hotel-1 hotel-2",
                        "hotel-3", "hotel stays over its cap of 1 with 2: 2 instances protected from scale in"
                                + " (vm-hotel-1, vm-hotel-2)"),
                arguments("a removed site keeps protected VMs", "hotel:-1", 2, "hotel=R foxtrot=RR", "foxtrot-2",
                        "foxtrot-3", "foxtrot is no longer in the group's clouds but keeps 1 instance protected from"
                                + " scale in (vm-foxtrot-2)"),
                arguments("a health check still takes a protected VM", "hotel:-1", 2, "hotel=Rr", "hotel-2",
                        "hotel-2", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedCases")
    void protection_from_scale_in(String name, String clouds, int n, String layout, String protectedIds,
            String terminations, String note) {
        Fleet f = Fleet.of(clouds, n).layout(layout).protect(protectedIds.split(" "));

        Plan plan = f.plan();

        assertThat(Fleet.terminations(plan)).as("terminations").isEqualTo(terminations);
        if (note.isEmpty()) assertThat(plan.shortfall()).noneMatch(s -> s.contains("protected"));
        else assertThat(plan.shortfall()).contains(note);
        f.apply(plan);
        assertThat(f.plan().idle()).as("planning again after applying changes nothing").isTrue();
    }

    static Stream<Arguments> standbyCases() {
        return Stream.of(
                // name, clouds, N, instances, ids in standby, expected launches, expected terminations
                arguments("a VM in standby is replaced: it does not count", "hotel:-1", 2, "hotel=RR", "hotel-1",
                        "hotel", ""),
                arguments("with the count lowered, nothing is launched", "hotel:-1", 1, "hotel=RR", "hotel-1", "", ""),
                arguments("scale in never takes a VM in standby", "hotel:-1,sierra:-1", 1, "hotel=R sierra=RR",
                        "sierra-2", "", "sierra-3"),
                arguments("scale in to zero leaves the standby VMs", "hotel:-1", 0, "hotel=RRR", "hotel-1 hotel-2",
                        "", "hotel-3"),
                arguments("a cap counts only VMs in service", "hotel:1,sierra:-1", 2, "hotel=RR sierra=R", "hotel-1",
                        "", ""),
                arguments("a site removed from the clouds keeps its standby VM", "hotel:-1", 1, "hotel=R foxtrot=R",
                        "foxtrot-2", "", ""),
                arguments("an unhealthy VM in standby is not health checked", "hotel:-1", 1, "hotel=Rr", "hotel-2",
                        "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standbyCases")
    void standby_vms_are_left_alone(String name, String clouds, int n, String layout, String standbyIds,
            String launches, String terminations) {
        Fleet f = Fleet.of(clouds, n).layout(layout).standby(standbyIds.split(" "));

        Plan plan = f.plan();

        assertThat(plan.launches()).as("launches").extracting(Plan.Launch::site)
                .containsExactlyElementsOf(launches.isEmpty() ? List.of() : List.of(launches.split(" ")));
        assertThat(Fleet.terminations(plan)).as("terminations").isEqualTo(terminations);
        assertThat(plan.shortfall()).isEmpty();
        f.apply(plan);
        assertThat(f.plan().idle()).as("planning again after applying changes nothing").isTrue();
    }

    @Test
    void deleting_takes_standby_vms_too() {
        Fleet f = Fleet.of("hotel:-1", 1).layout("hotel=RR").standby("hotel-1");
        f.deleting = true;

        assertThat(Fleet.terminations(f.plan())).isEqualTo("hotel-1 hotel-2");
    }

    @Test
    void deleting_takes_protected_vms_too() {
        Fleet f = Fleet.of("hotel:-1", 2).layout("hotel=RR").protect("hotel-1", "hotel-2");
        f.deleting = true;

        assertThat(Fleet.terminations(f.plan())).isEqualTo("hotel-1 hotel-2");
    }

    @Test
    void the_groups_termination_policy_picks_within_the_least_preferred_site() {
        Fleet f = Fleet.of("hotel:-1,sierra:-1", 3).layout("hotel=RR sierra=RRR");
        f.terminationPolicies = List.of("NewestInstance");
        assertThat(Fleet.terminations(f.plan())).isEqualTo("sierra-5 sierra-4");
        f.terminationPolicies = List.of("OldestInstance");
        assertThat(Fleet.terminations(f.plan())).isEqualTo("sierra-3 sierra-4");
        f.terminationPolicies = List.of("OldestLaunchConfiguration", "NewestInstance");
        f.launchConfigurations.put("web@sierra", Fleet.T0.minus(Duration.ofDays(1)));
        f.replace("sierra-4", i -> new Instance(i.id(), i.groupId(), i.site(), i.cloudId(), i.state(), i.healthy(),
                i.statusReason(), "web-old@sierra", i.instanceType(), i.imageId(), i.createdTime(), i.updatedTime()));
        assertThat(Fleet.terminations(f.plan())).as("a replaced launch configuration goes first")
                .isEqualTo("sierra-4 sierra-5");
    }

    @Test
    void termination_causes_name_the_rule() {
        Fleet f = Fleet.of("hotel:1,sierra:-1", 1).layout("hotel=RR sierra=rR foxtrot=R");

        Map<String, String> causes = f.plan().terminations().stream()
                .collect(java.util.stream.Collectors.toMap(Plan.Termination::instanceId, Plan.Termination::cause));

        assertThat(causes).containsOnlyKeys("sierra-3", "foxtrot-5", "hotel-1", "sierra-4");
        assertThat(causes.get("sierra-3")).isEqualTo(
                "an instance was taken out of service in response to a health check on sierra: test says unhealthy");
        assertThat(causes.get("foxtrot-5")).isEqualTo(
                "an instance was taken out of service because site foxtrot is no longer in the group's clouds");
        assertThat(causes.get("hotel-1")).isEqualTo(
                "an instance was taken out of service because hotel is over its cap of 1 (it had 2)");
        assertThat(causes.get("sierra-4")).isEqualTo("an instance was taken out of service in response to a"
                + " difference between desired and actual capacity, shrinking the capacity from 2 to 1"
                + " (least preferred sites first)");
    }

    @Test
    void more_than_the_sites_can_hold_runs_short_and_says_why() {
        Fleet f = Fleet.of("hotel:8,sierra:2", 12).layout("hotel=RRRRR");

        Plan plan = f.plan();

        assertThat(Fleet.launches(plan)).isEqualTo("hotel=3 sierra=2");
        assertThat(plan.shortfall()).containsExactly(
                "wanted 12, sites can take 10 now: hotel is full (cap 8); sierra is full (cap 2)");
    }

    @Test
    void a_group_without_clouds_runs_short() {
        assertThat(Fleet.of("", 2).plan().shortfall())
                .containsExactly("wanted 2, sites can take 0 now: the group has no clouds");
    }

    @Test
    void deleting_terminates_everything_not_finished_and_launches_nothing() {
        Fleet f = Fleet.of("hotel:8,sierra:-1", 10).layout("hotel=QPRrT sierra=RDF");
        f.deleting = true;

        Plan plan = f.plan();

        assertThat(plan.launches()).isEmpty();
        assertThat(Fleet.terminations(plan)).isEqualTo("hotel-1 hotel-2 hotel-3 hotel-4 sierra-6");
        assertThat(plan.terminations()).allSatisfy(t ->
                assertThat(t.cause()).isEqualTo("an instance was taken out of service because the group is being deleted"));
        assertThat(plan.shortfall()).isEmpty();
        assertThat(plan.nextCheck()).isEmpty();
    }

    @Test
    void next_check_is_the_earliest_boot_timeout_of_a_starting_instance() {
        Fleet f = Fleet.of("hotel:-1", 3);
        f.add("hotel", 'R'); // running: no boot deadline
        f.advance(Duration.ofSeconds(100));
        f.apply(f.plan()); // two requested at T0+100s
        f.advance(Duration.ofSeconds(10));

        Plan plan = f.plan();

        assertThat(plan.idle()).isTrue();
        assertThat(plan.nextCheck()).contains(Fleet.T0.plusSeconds(100).plus(GroupSpec.DEFAULT_BOOT_TIMEOUT));
    }

    @Test
    void plan_does_not_depend_on_the_order_of_instances() {
        Fleet f = Fleet.of("hotel:2,sierra:3", 3).layout("hotel=RRPr sierra=QRRp foxtrot=R");
        Plan plan = f.plan();

        java.util.Collections.reverse(f.instances);

        assertThat(f.plan()).isEqualTo(plan);
    }

    @Test
    void bad_input_is_refused_with_a_clear_message() {
        Fleet f = Fleet.of("hotel:2", 2);
        Instance other = new Instance("x-1", 99, "hotel", null, InstanceState.REQUESTED, true, null, "web", "m1.small",
                "ami-1", Fleet.T0, Fleet.T0);
        assertThatThrownBy(() -> OverflowPolicy.plan(f.spec(), List.of(other), Map.of(), f.now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance x-1 belongs to group 99, not to group 7");
        Instance twice = f.add("hotel", 'R');
        assertThatThrownBy(() -> OverflowPolicy.plan(f.spec(), List.of(twice, twice), Map.of(), f.now))
                .hasMessage("instance hotel-1 is listed twice");
        assertThatThrownBy(() -> new GroupSpec(1, "u", -1, List.of(), false, Duration.ofSeconds(1), Map.of(), List.of(), Map.of()))
                .hasMessage("desired count must be >= 0, got -1");
        assertThatThrownBy(() -> new GroupSpec(1, "u", 1,
                List.of(new SitePreference("hotel", 1), new SitePreference("hotel", 2)), false, Duration.ofSeconds(1),
                Map.of(), List.of(), Map.of()))
                .hasMessage("clouds names site 'hotel' more than once");
        assertThatThrownBy(() -> new GroupSpec(1, "u", 1, List.of(), false, Duration.ZERO, Map.of(), List.of(), Map.of()))
                .hasMessageContaining("boot timeout must be positive");
    }
}
