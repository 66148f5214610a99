package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The original engine's {@code epu/test/test_multi_site.py} cases (the original Phantom's own multi-site tests), as a
 * table. Each row starts from a set of instances (for the reconfiguration cases: the instances as
 * they were before the change, with the new clouds and N), checks the first plan, then lets the
 * simulated sites carry plans out until the policy is idle and checks where the VMs ended up.
 */
class OriginalMultiSiteTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, clouds, N, start, real capacities, first plan's launches, its terminations, final live
                row("basic start", "hotel:-1", 1, "", "", "hotel=1", "", "hotel=1"),
                row("2 clouds split by max", "hotel:4,sierra:4", 6, "", "", "hotel=4 sierra=2", "",
                        "hotel=4 sierra=2"),
                row("extra clouds unused", "hotel:10,sierra:10,foxtrot:10", 5, "", "", "hotel=5", "", "hotel=5"),
                row("-1 means unbounded", "hotel:-1", 30, "", "", "hotel=30", "", "hotel=30"),
                row("-1 after a capped cloud", "hotel:2,sierra:-1", 20, "", "", "hotel=2 sierra=18", "",
                        "hotel=2 sierra=18"),
                row("pending instances are not relaunched", "hotel:4,sierra:4", 6, "hotel=PPPP sierra=PP", "", "",
                        "", "hotel=4 sierra=2"),
                row("requested instances are not relaunched", "hotel:4,sierra:4", 6, "hotel=QQQQ sierra=QQ", "", "",
                        "", "hotel=4 sierra=2"),
                row("a FAILED node is replaced", "hotel:4,sierra:4", 6, "hotel=RRRF sierra=RR", "", "hotel=1", "",
                        "hotel=4 sierra=2"),
                row("reconfigure a site's max down", "hotel:2,sierra:-1", 6, "hotel=RRRR sierra=RR", "", "sierra=2",
                        "hotel-1 hotel-2", "hotel=2 sierra=4"),
                row("reconfigure a site's max up: no rebalance", "hotel:8,sierra:8", 6, "hotel=RRRR sierra=RR", "", "",
                        "", "hotel=4 sierra=2"),
                row("reconfigure N up", "hotel:4,sierra:4", 8, "hotel=RRRR sierra=RR", "", "sierra=2", "",
                        "hotel=4 sierra=4"),
                row("reconfigure N down", "hotel:4,sierra:4", 3, "hotel=RRRR sierra=RR", "", "",
                        "sierra-5 sierra-6 hotel-1", "hotel=3"),
                row("two-cloud growth is capped at the sum of maxes", "hotel:4,sierra:4", 10, "hotel=RRRR sierra=RR",
                        "", "sierra=2", "", "hotel=4 sierra=4"),
                row("optimistic rebalance when a node dies", "hotel:8,sierra:8", 6, "hotel=RRRR sierra=Rr", "",
                        "hotel=1", "sierra-6", "hotel=5 sierra=1"),
                row("N decrease across 3 sites kills the lowest rank first", "hotel:2,sierra:2,foxtrot:2", 3,
                        "hotel=RR sierra=RR foxtrot=RR", "", "", "foxtrot-5 foxtrot-6 sierra-3", "hotel=2 sierra=1"),
                row("capacity overflow: a full cloud's remainder goes to the next", "hotel:-1,sierra:-1", 8, "",
                        "hotel=5", "hotel=8", "", "hotel=5 sierra=3"),
                row("basic capacity: a full only cloud keeps what it has", "hotel:-1", 8, "", "hotel=5", "hotel=8",
                        "", "hotel=5"));
    }

    private static Arguments row(String name, String clouds, int n, String start, String capacities,
            String firstLaunches, String firstTerminations, String live) {
        return arguments(name, clouds, n, start, capacities, firstLaunches, firstTerminations, live);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches_the_original(String name, String clouds, int n, String start, String capacities,
            String firstLaunches, String firstTerminations, String live) {
        Fleet f = Fleet.of(clouds, n).layout(start);
        for (String c : capacities.isBlank() ? new String[0] : capacities.split("\\s+")) {
            String[] kv = c.split("=");
            f.capacity.put(kv[0], Integer.parseInt(kv[1]));
        }

        List<Plan> plans = f.converge();

        assertThat(Fleet.launches(plans.getFirst())).as("first plan's launches").isEqualTo(firstLaunches);
        assertThat(Fleet.terminations(plans.getFirst())).as("first plan's terminations").isEqualTo(firstTerminations);
        assertThat(f.live()).as("where the VMs ended up").isEqualTo(live);
    }
}
