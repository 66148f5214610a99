package phantom.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Which shard a group belongs to, for a cluster of nodes (docs/cluster.md): CRC-32C of the UTF-8
 * of its uuid, modulo {@link #COUNT}. The same function places a cloud VM by the group uuid it is
 * tagged with, so a VM's orphan sweep belongs to the node that owns its group's shard.
 */
public final class ShardMap {
    /** The number of shards, fixed: leases are per shard, so their rows and renewals stay this many. */
    public static final int COUNT = 64;

    private ShardMap() {
    }

    /** The shard of the group with this uuid, 0 to {@link #COUNT} - 1. */
    public static int of(String groupUuid) {
        CRC32C crc = new CRC32C();
        crc.update(groupUuid.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % COUNT);
    }
}
