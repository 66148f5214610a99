package phantom.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows a cluster of nodes coordinates through (docs/cluster.md): each node's heartbeat, and one
 * lease per shard of groups with its holder, its fencing epoch and its expiry. PostgreSQL only (the
 * embedded database runs one node); every time is the database's {@code now()}, never a node's
 * clock, so nodes whose clocks disagree still agree on who holds what.
 */
public final class ClusterRows {
    /** Notifications on this channel carry the id of a group an API call has just changed. */
    public static final String GROUP_CHANNEL = "phantom_group";
    /** How long a node that stopped heartbeating stays listed (as gone) before its row is removed. */
    static final Duration FORGET_NODES_AFTER = Duration.ofHours(1);

    private static final String TTL = "? * interval '1 millisecond'";

    private final Sql sql;

    ClusterRows(Sql sql) {
        this.sql = sql;
    }

    /** A shard's lease; {@code holder} null when nobody holds it. */
    public record Lease(int shard, String holder, long epoch, Instant expiresAt, Instant acquiredAt) {
    }

    /** A node that has heartbeated within {@link #FORGET_NODES_AFTER}. */
    public record Node(String id, String address, Instant startedAt, Instant heartbeatAt) {
    }

    /** The database's clock now. */
    public Instant now() {
        return sql.first("SELECT now() AS now", rs -> Sql.instant(rs, "now")).orElseThrow();
    }

    /** Makes the lease rows of shards 0 to {@code count} - 1 that are missing (the first node to start does it). */
    public void ensureShards(int count) {
        requirePostgres();
        sql.update("INSERT INTO shard_leases (shard, holder, epoch) SELECT s, NULL, 0 FROM generate_series(0, ?) AS s"
                + " ON CONFLICT DO NOTHING", count - 1);
    }

    /** Records that {@code node} is alive now (making its row on the first call); forgets nodes long gone. */
    public void heartbeat(String node, String address) {
        requirePostgres();
        sql.update("INSERT INTO cluster_nodes (node_id, address, started_at, heartbeat_at) VALUES (?, ?, now(), now())"
                + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now(), address = EXCLUDED.address", node, address);
        sql.update("DELETE FROM cluster_nodes WHERE heartbeat_at < now() - " + TTL, FORGET_NODES_AFTER.toMillis());
    }

    /** How many nodes have heartbeated within {@code ttl}. */
    public int liveNodes(Duration ttl) {
        return liveNodeIds(ttl).size();
    }

    /** The ids of the nodes that have heartbeated within {@code ttl}, in code point order. */
    public List<String> liveNodeIds(Duration ttl) {
        return sql.list("SELECT node_id FROM cluster_nodes WHERE heartbeat_at > now() - " + TTL + " ORDER BY "
                + sql.codePointOrder("node_id"), rs -> rs.getString(1), ttl.toMillis());
    }

    /** Deletes the node's row (it stops). */
    public void leave(String node) {
        sql.update("DELETE FROM cluster_nodes WHERE node_id = ?", node);
    }

    /**
     * Extends by {@code ttl} every lease {@code node} holds that has not expired; returns them, shard to
     * epoch. A lease that expired is not renewed: another node may have claimed it, or may at any moment.
     */
    public Map<Integer, Long> renew(String node, Duration ttl) {
        return shards(sql.updateReturning("UPDATE shard_leases SET expires_at = now() + " + TTL
                        + " WHERE holder = ? AND expires_at > now() RETURNING shard, epoch",
                rs -> new long[] {rs.getInt("shard"), rs.getLong("epoch")}, ttl.toMillis(), node));
    }

    /**
     * Claims at most {@code max} shards that nobody holds or whose lease has expired, each with its
     * epoch one higher; returns them, shard to new epoch. Shards another transaction is claiming at
     * the same moment are skipped, not waited for.
     */
    public Map<Integer, Long> claim(String node, int max, Duration ttl) {
        if (max <= 0) return Map.of();
        return shards(sql.updateReturning("UPDATE shard_leases SET holder = ?, epoch = epoch + 1, expires_at = now() + " + TTL
                        + ", acquired_at = now() WHERE shard IN (SELECT shard FROM shard_leases"
                        + " WHERE holder IS NULL OR expires_at <= now() ORDER BY random() LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " RETURNING shard, epoch",
                rs -> new long[] {rs.getInt("shard"), rs.getLong("epoch")}, node, ttl.toMillis(), max));
    }

    /** Gives up {@code node}'s leases of these shards, so that another node can claim them at once. */
    public void release(String node, Collection<Integer> shards) {
        if (shards.isEmpty()) return;
        Object[] params = new Object[shards.size() + 1];
        params[0] = node;
        int k = 1;
        for (Integer s : shards) params[k++] = s;
        sql.update("UPDATE shard_leases SET holder = NULL, expires_at = NULL WHERE holder = ? AND shard IN ("
                + Sql.marks(shards.size()) + ")", params);
    }

    /**
     * The fence: throws {@link LeaseLost} unless {@code node} still holds {@code shard} at {@code epoch}
     * and the lease has not expired. Call it first in a transaction whose writes lead to a cloud call:
     * the lease row stays share-locked until the transaction ends, so a node claiming the shard
     * meanwhile waits for this commit (and then sees its writes), or this check fails.
     */
    public void requireHeld(int shard, String node, long epoch) {
        boolean held = sql.first("SELECT 1 FROM shard_leases WHERE shard = ? AND holder = ? AND epoch = ? AND expires_at > now()"
                + " FOR SHARE", rs -> true, shard, node, epoch).isPresent();
        if (!held) {
            throw new LeaseLost("node " + node + " no longer holds shard " + shard + " at epoch " + epoch
                    + ": another node has taken it over, or the lease lapsed");
        }
    }

    /** Every shard's lease, by shard. */
    public List<Lease> leases() {
        return sql.list("SELECT shard, holder, epoch, expires_at, acquired_at FROM shard_leases ORDER BY shard",
                rs -> new Lease(rs.getInt("shard"), rs.getString("holder"), rs.getLong("epoch"), Sql.instant(rs, "expires_at"),
                        Sql.instant(rs, "acquired_at")));
    }

    /** The nodes that heartbeated within the last {@link #FORGET_NODES_AFTER}, oldest first. */
    public List<Node> nodes() {
        return sql.list("SELECT node_id, address, started_at, heartbeat_at FROM cluster_nodes ORDER BY started_at, node_id",
                rs -> new Node(rs.getString("node_id"), rs.getString("address"), Sql.instant(rs, "started_at"),
                        Sql.instant(rs, "heartbeat_at")));
    }

    /** Tells every listening node that the group changed; delivered when this transaction commits. */
    public void notifyGroupChanged(long groupId) {
        sql.list("SELECT pg_notify(?, ?)", rs -> null, GROUP_CHANNEL, Long.toString(groupId));
    }

    private static Map<Integer, Long> shards(List<long[]> rows) {
        Map<Integer, Long> out = new TreeMap<>();
        for (long[] r : rows) out.put((int) r[0], r[1]);
        return out;
    }

    private void requirePostgres() {
        if (!sql.postgres()) throw new StoreException("a cluster of nodes needs PostgreSQL; the embedded database runs one node");
    }
}
