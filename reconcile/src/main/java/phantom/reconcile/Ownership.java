package phantom.reconcile;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import phantom.store.Tx;

/**
 * Which groups this node reconciles, and the lease each pass runs under (docs/cluster.md). On the
 * embedded database one node reconciles every group ({@link #SOLE}); on PostgreSQL the nodes share
 * the groups by shard leases ({@link ShardOwnership}).
 */
public interface Ownership {
    /** True while this node reconciles the group with this uuid (null: a VM tagged with no group). */
    boolean owns(String groupUuid);

    /**
     * The lease a pass of the group (or a cloud call for it) runs under; empty when this node does
     * not reconcile the group now, or is handing its shard over. Close it when done.
     */
    Optional<Lease> enter(String groupUuid);

    /**
     * Starts holding groups: what {@link #owns} says when this returns is this node's to start on;
     * {@code gained} is told of every shard it gains after that.
     */
    default void start(Consumer<Set<Integer>> gained) {
    }

    /** Hands every group over to the other nodes (after the last cloud call of this node). */
    default void close() {
    }

    /** The right to act on a group's VMs, for as long as it is held. */
    interface Lease extends AutoCloseable {
        /**
         * Throws {@link phantom.store.LeaseLost} unless this node still holds the lease at the epoch it
         * was entered with: call it first in every transaction whose writes lead to a cloud call.
         */
        void fence(Tx tx);

        /** False once the lease may have lapsed (by this node's monotonic clock): then call no cloud. */
        boolean valid();

        /**
         * Throws {@link phantom.store.LeaseLost} unless {@link #valid()}: the first line of a cloud call,
         * run once the call has its place in the site's lane, the instant before the driver is called.
         */
        default void requireValid(String what) {
            if (!valid()) {
                throw new phantom.store.LeaseLost(what + " not made: this node's lease of the group lapsed;"
                        + " the node that takes the group over does what is still needed");
            }
        }

        @Override
        void close();
    }

    /** One node for everything: the embedded database, and tests. */
    Ownership SOLE = new Ownership() {
        private final Lease always = new Lease() {
            @Override
            public void fence(Tx tx) {
            }

            @Override
            public boolean valid() {
                return true;
            }

            @Override
            public void close() {
            }
        };

        @Override
        public boolean owns(String groupUuid) {
            return true;
        }

        @Override
        public Optional<Lease> enter(String groupUuid) {
            return Optional.of(always);
        }

        @Override
        public String toString() {
            return "sole";
        }
    };
}
