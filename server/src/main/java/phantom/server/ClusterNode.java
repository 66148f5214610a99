package phantom.server;

import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.groups.GroupChanged;
import phantom.reconcile.Reconciler;
import phantom.reconcile.ShardOwnership;
import phantom.store.Database;

/**
 * What makes a {@code serve} on PostgreSQL a node of a cluster (docs/cluster.md): its id, its shard
 * leases, and the notification every API change sends to the other nodes.
 */
final class ClusterNode {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterNode() {
    }

    /** The shard leases of a new node: named by {@code cluster.node_name} or its listener, unique per start. */
    static ShardOwnership ownership(PhantomConfig config, Database db) {
        String address = config.host() + ":" + config.port();
        String name = config.cluster().nodeName() != null ? config.cluster().nodeName() : address;
        return new ShardOwnership(db, name + "/" + suffix(), address, PhantomConfig.duration(config.cluster().leaseSeconds()));
    }

    private static String suffix() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 4; k++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }

    /**
     * What an API change does in a cluster: passes it to this node's engine, and tells every node
     * (this one too) through the database. The change has committed; a notification that cannot be
     * sent leaves the owning node to find it at its resync, and the request still succeeds.
     */
    static GroupChanged notifying(Database db, Reconciler engine) {
        return id -> {
            engine.groupChanged(id);
            try {
                db.transaction(tx -> {
                    tx.cluster().notifyGroupChanged(id);
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("could not tell the other nodes that group {} changed ({}); the node that owns it sees it at its next resync",
                        id, e.toString());
            }
        };
    }

    /** Sim sites keep their VMs in this node's data directory, where no other node sees them. */
    static void warnAboutSingleNodeSites(PhantomConfig config) {
        List<String> sims = config.sites().values().stream().filter(s -> s.driver().equals("sim")).map(SiteConfig::name).toList();
        if (sims.isEmpty()) return;
        log.warn("site(s) {} use the sim driver, which keeps its VMs in this node's data directory: in a cluster of nodes"
                + " no other node sees them, so run the sim on one node only (docs/cluster.md)", sims);
    }
}
