package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import phantom.store.ClusterRows;
import phantom.store.ShardMap;

/** What {@code phantom nodes} prints, from the rows it reads. */
class NodesTableTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void live_and_gone_nodes_with_their_shards_groups_and_earliest_lease_expiry() {
        List<ClusterRows.Node> nodes = List.of(
                new ClusterRows.Node("a/k3x9", "127.0.0.1:8445", NOW.minusSeconds(600), NOW.minusMillis(400)),
                new ClusterRows.Node("b/p2m1", "127.0.0.1:8446", NOW.minusSeconds(300), NOW.minusSeconds(41)));
        List<ClusterRows.Lease> leases = new ArrayList<>();
        for (int s = 0; s < ShardMap.COUNT; s++) {
            if (s < 40) leases.add(new ClusterRows.Lease(s, "a/k3x9", 3, NOW.plusMillis(8100 + s), NOW.minusSeconds(60)));
            else if (s < 50) leases.add(new ClusterRows.Lease(s, "b/p2m1", 2, NOW.minusSeconds(30), NOW.minusSeconds(90))); // lapsed
            else leases.add(new ClusterRows.Lease(s, null, 1, null, null));
        }
        Set<String> groups = new HashSet<>();
        int onA = 0;
        for (int k = 0; groups.size() < 13; k++) {
            String uuid = "0000000a-0000-4000-8000-" + String.format("%012d", k);
            if (groups.add(uuid) && ShardMap.of(uuid) < 40) onA++;
        }
        String table = NodesCommand.table(new NodesCommand.Snapshot(NOW, nodes, leases, groups), Duration.ofSeconds(10));
        String[] lines = table.split("\n");
        assertThat(lines[0]).startsWith("NODE").contains("ADDRESS", "STATE", "HEARTBEAT", "SHARDS", "GROUPS", "LEASES UNTIL");
        assertThat(lines[1]).startsWith("a/k3x9").contains("127.0.0.1:8445", "live", "0.4 s ago", " 40 ", "in 8.1 s")
                .containsPattern("\\s" + onA + "\\s");
        assertThat(lines[2]).startsWith("b/p2m1").contains("gone", "41.0 s ago").endsWith("-").containsPattern("\\s0\\s+0\\s");
        assertThat(lines[3]).isEqualTo("64 shards: 40 held, 24 free (their groups wait for a node); 13 groups");
    }

    @Test
    void a_database_no_node_has_run_on_says_so() {
        String table = NodesCommand.table(new NodesCommand.Snapshot(NOW, List.of(), List.of(), Set.of()), Duration.ofSeconds(10));
        assertThat(table).contains("no node has run on this database in the last hour")
                .endsWith("64 shards: 0 held, 64 free (their groups wait for a node); 0 groups\n");
    }
}
