package phantom.server;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import phantom.store.ClusterRows;
import phantom.store.Database;
import phantom.store.ShardMap;

/** {@code phantom nodes}: the cluster's nodes, their leases, and how many groups each reconciles. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "List the nodes of the cluster on the configured PostgreSQL: their heartbeats, shard leases and groups.")
final class NodesCommand implements Callable<Integer> {
    @CommandLine.Mixin
    Main.Common common = new Main.Common();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PhantomConfig config = common.load();
        PrintWriter out = spec.commandLine().getOut();
        if (config.databaseOrEmbedded().isEmbedded()) {
            out.println("the embedded database (" + config.databaseOrEmbedded().describe() + ") runs one node: the"
                    + " 'phantom serve' holding its data directory's serve.lock. A cluster of nodes needs PostgreSQL"
                    + " (docs/cluster.md).");
            return 0;
        }
        try (Database db = common.openExisting(config)) {
            Snapshot s = db.read(tx -> new Snapshot(tx.cluster().now(), tx.cluster().nodes(), tx.cluster().leases(),
                    tx.groups().uuids()));
            out.print(table(s, PhantomConfig.duration(config.cluster().leaseSeconds())));
        }
        return 0;
    }

    /** What the table is drawn from, read in one transaction. */
    record Snapshot(Instant now, List<ClusterRows.Node> nodes, List<ClusterRows.Lease> leases, Set<String> groupUuids) {
    }

    /** Pure: the table {@code phantom nodes} prints. A node is live while its heartbeat is younger than the lease. */
    static String table(Snapshot s, Duration lease) {
        Map<Integer, Integer> groupsPerShard = new HashMap<>();
        for (String uuid : s.groupUuids()) groupsPerShard.merge(ShardMap.of(uuid), 1, Integer::sum);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "ADDRESS", "STATE", "HEARTBEAT", "SHARDS", "GROUPS", "LEASES UNTIL"});
        int held = 0;
        for (ClusterRows.Node n : s.nodes()) {
            int shards = 0;
            int groups = 0;
            Instant until = null;
            for (ClusterRows.Lease l : s.leases()) {
                if (!n.id().equals(l.holder()) || l.expiresAt() == null || !l.expiresAt().isAfter(s.now())) continue;
                shards++;
                groups += groupsPerShard.getOrDefault(l.shard(), 0);
                if (until == null || l.expiresAt().isBefore(until)) until = l.expiresAt();
            }
            held += shards;
            boolean live = Duration.between(n.heartbeatAt(), s.now()).compareTo(lease) < 0;
            rows.add(new String[] {n.id(), n.address(), live ? "live" : "gone", ago(n.heartbeatAt(), s.now()),
                    Integer.toString(shards), Integer.toString(groups), until == null ? "-" : "in " + seconds(Duration.between(s.now(), until))});
        }
        int free = ShardMap.COUNT - held;
        StringBuilder b = new StringBuilder();
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int k = 0; k < r.length; k++) width[k] = Math.max(width[k], r[k].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < r.length; k++) {
                boolean number = k == 4 || k == 5;
                String cell = number ? " ".repeat(width[k] - r[k].length()) + r[k] : r[k] + " ".repeat(width[k] - r[k].length());
                line.append(cell).append(k == r.length - 1 ? "" : "  ");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        if (s.nodes().isEmpty()) b.append("no node has run on this database in the last hour\n");
        b.append(ShardMap.COUNT).append(" shards: ").append(held).append(" held, ").append(free).append(" free")
                .append(free > 0 ? " (their groups wait for a node)" : "").append("; ").append(s.groupUuids().size())
                .append(s.groupUuids().size() == 1 ? " group\n" : " groups\n");
        return b.toString();
    }

    private static String ago(Instant then, Instant now) {
        return seconds(Duration.between(then, now)) + " ago";
    }

    private static String seconds(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return ms < 100_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
