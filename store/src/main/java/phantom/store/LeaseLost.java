package phantom.store;

/**
 * This node no longer holds the shard lease (or not at the epoch) a write was made under: another
 * node has taken the shard over, or the lease lapsed. The transaction is rolled back, and the
 * cloud call the write was for is never made (docs/cluster.md, "Fencing").
 */
public final class LeaseLost extends StoreException {
    public LeaseLost(String message) {
        super(message);
    }
}
