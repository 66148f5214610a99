package phantom.bench.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the cluster's own tables say, read over the benchmark's own JDBC connection to the nodes'
 * PostgreSQL: the live nodes ({@code cluster_nodes}), who holds each shard ({@code shard_leases},
 * unexpired by the database's clock) and each group's uuid ({@code scaling_groups}).
 */
final class ClusterView implements AutoCloseable {
    private final Connection connection;
    private final double leaseSeconds;

    ClusterView(String url, String user, double leaseSeconds) throws SQLException {
        this.connection = DriverManager.getConnection(url, user, "");
        this.connection.setAutoCommit(true);
        this.leaseSeconds = leaseSeconds;
    }

    /** node id to listen address, for the nodes whose heartbeat is younger than the lease, the latest started first. */
    Map<String, String> liveNodes() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT node_id, address FROM cluster_nodes"
                + " WHERE heartbeat_at > now() - make_interval(secs => ?) ORDER BY started_at DESC")) {
            s.setDouble(1, leaseSeconds);
            Map<String, String> nodes = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) nodes.put(r.getString(1), r.getString(2));
            }
            return nodes;
        }
    }

    /** node id to listen address, for every node row (live or gone). */
    Map<String, String> allNodes() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT node_id, address FROM cluster_nodes");
                ResultSet r = s.executeQuery()) {
            Map<String, String> nodes = new HashMap<>();
            while (r.next()) nodes.put(r.getString(1), r.getString(2));
            return nodes;
        }
    }

    /** shard to holder, for the shards whose lease has not expired by the database's clock. */
    Map<Integer, String> holders() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT shard, holder FROM shard_leases WHERE holder IS NOT NULL AND expires_at > now()");
                ResultSet r = s.executeQuery()) {
            Map<Integer, String> held = new HashMap<>();
            while (r.next()) held.put(r.getInt(1), r.getString(2));
            return held;
        }
    }

    /** group name to uuid, for the groups not being deleted, in name order. */
    Map<String, String> groupUuids() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT name, uuid FROM scaling_groups WHERE NOT deleting ORDER BY name");
                ResultSet r = s.executeQuery()) {
            Map<String, String> groups = new LinkedHashMap<>();
            while (r.next()) groups.put(r.getString(1), r.getString(2));
            return groups;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
