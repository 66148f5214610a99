package phantom.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.store.Database;
import phantom.store.LeaseLost;
import phantom.store.ShardMap;
import phantom.store.Tx;

/**
 * Shares the groups among the nodes on one PostgreSQL by shard leases (docs/cluster.md). Every
 * tick (a second, or a third of the lease if that is shorter) it heartbeats this node, renews its
 * unexpired leases, and claims free or expired shards up to its share ({@link #share}: the shards
 * divided by the live nodes, the remainder to the first ones), all in one transaction on the
 * database's clock. A lease it held and
 * could not renew is lost. Above its share it hands shards over: it lets no new pass start on
 * them, and releases each once no pass of it runs.
 *
 * <p>A lease is valid here until the tick that renewed it was sent plus the lease time, by this
 * node's monotonic clock: never later than the database's expiry, so a node paused past its lease
 * (a long GC, SIGSTOP) finds its leases invalid as soon as it runs again, before any cloud call.
 * Writes that lead to a cloud call are fenced in the database ({@link Lease#fence}).
 */
public final class ShardOwnership implements Ownership {
    private static final Logger log = LoggerFactory.getLogger(ShardOwnership.class);
    /** The longest time between ticks. */
    static final Duration LONGEST_TICK = Duration.ofSeconds(1);

    /** One held shard: its epoch, until when it is valid here, whether it is handed over, the passes in it. */
    private static final class Held {
        final int shard;
        final long epoch;
        volatile long validUntil;
        volatile boolean handingOver;
        volatile boolean gone;
        int inUse;

        Held(int shard, long epoch, long validUntil) {
            this.shard = shard;
            this.epoch = epoch;
            this.validUntil = validUntil;
        }

        /** Still held and valid at {@code now} (a monotonic reading). */
        boolean validAt(long now) {
            return !gone && now < validUntil;
        }

        /** Valid, and not being handed over: new passes may enter. */
        boolean open(long now) {
            return validAt(now) && !handingOver;
        }
    }

    private final Database db;
    private final String node;
    private final String address;
    private final Duration ttl;
    private final LongSupplier nanoTime;
    private final Map<Integer, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private volatile Consumer<Set<Integer>> gained = s -> { };
    private volatile int liveNodes;
    private volatile int share;
    private volatile boolean closed;

    /**
     * @param node this node's id in the cluster, unique per process start
     * @param address where clients reach this node, for {@code phantom nodes}
     * @param ttl how long a lease lasts without renewal
     */
    public ShardOwnership(Database db, String node, String address, Duration ttl) {
        this(db, node, address, ttl, System::nanoTime);
    }

    ShardOwnership(Database db, String node, String address, Duration ttl, LongSupplier nanoTime) {
        this.db = db;
        this.node = node;
        this.address = address;
        this.ttl = ttl;
        this.nanoTime = nanoTime;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-leases");
            t.setDaemon(true);
            return t;
        });
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /** The time between ticks: a second, or a third of the lease when that is shorter. */
    Duration tickInterval() {
        Duration third = ttl.dividedBy(3);
        return third.compareTo(LONGEST_TICK) < 0 ? third : LONGEST_TICK;
    }

    /** Makes the shard rows if missing, runs the first tick now (claiming this node's share), then ticks on. */
    @Override
    public void start(Consumer<Set<Integer>> onGained) {
        join(onGained);
        long every = tickInterval().toNanos();
        ticker.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.NANOSECONDS);
    }

    /** {@link #start} without the ticks that follow (tests tick themselves). */
    void join(Consumer<Set<Integer>> onGained) {
        db.transaction(tx -> {
            tx.cluster().ensureShards(ShardMap.COUNT);
            return null;
        });
        tick(); // the shards of this first tick are the caller's to pick up (it starts on all it owns)
        this.gained = onGained;
        log.info("cluster: node {} joined: {} live node(s), its share {} shards, lease {} s", node, liveNodes, share,
                ttl.toMillis() / 1000.0);
    }

    @Override
    public boolean owns(String groupUuid) {
        Held h = held.get(shardOf(groupUuid));
        return h != null && h.open(nanoTime.getAsLong());
    }

    @Override
    public Optional<Lease> enter(String groupUuid) {
        Held h = held.get(shardOf(groupUuid));
        if (h == null) return Optional.empty();
        synchronized (h) {
            if (!h.open(nanoTime.getAsLong())) return Optional.empty();
            h.inUse++;
        }
        return Optional.of(new ShardLease(h));
    }

    /** The shards this node holds now, by shard, with their epochs. */
    Map<Integer, Long> held() {
        Map<Integer, Long> out = new TreeMap<>();
        for (Held h : held.values()) if (!h.gone) out.put(h.shard, h.epoch);
        return out;
    }

    private static int shardOf(String groupUuid) {
        return ShardMap.of(groupUuid == null ? "" : groupUuid);
    }

    private final class ShardLease implements Lease {
        private final Held h;
        private boolean closedLease;

        ShardLease(Held h) {
            this.h = h;
        }

        @Override
        public void fence(Tx tx) {
            if (!valid()) {
                throw new LeaseLost("node " + node + " may no longer hold shard " + h.shard + ": its lease lapsed");
            }
            tx.cluster().requireHeld(h.shard, node, h.epoch);
        }

        @Override
        public boolean valid() {
            return h.validAt(nanoTime.getAsLong());
        }

        @Override
        public void close() {
            synchronized (h) {
                if (closedLease) return;
                closedLease = true;
                h.inUse--;
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (Throwable t) {
            if (!closed) log.warn("cluster: node {} could not renew its leases ({}); trying again", node, t.toString());
        }
    }

    /** One round: heartbeat, renew, claim up to the share, hand over the excess. */
    void tick() {
        if (closed) return;
        record Round(int live, int share, Map<Integer, Long> renewed, Map<Integer, Long> claimed) {
        }
        long sent = nanoTime.getAsLong();
        Round r = db.transaction(tx -> {
            var c = tx.cluster();
            c.heartbeat(node, address);
            List<String> live = c.liveNodeIds(ttl);
            int share = share(live, node);
            Map<Integer, Long> renewed = c.renew(node, ttl);
            int want = share - (int) renewed.keySet().stream().filter(s -> !handingOver(s)).count();
            return new Round(Math.max(1, live.size()), share, renewed, c.claim(node, Math.max(0, want), ttl));
        });
        liveNodes = r.live();
        this.share = r.share();
        long validUntil = sent + ttl.toNanos();
        Set<Integer> lost = new TreeSet<>();
        for (Held h : List.copyOf(held.values())) {
            Long epoch = r.renewed().get(h.shard);
            if (epoch != null && epoch == h.epoch) {
                h.validUntil = validUntil;
            } else {
                h.gone = true;
                held.remove(h.shard);
                lost.add(h.shard);
            }
        }
        for (Map.Entry<Integer, Long> e : r.renewed().entrySet()) {
            // renewed but not known here (e.g. renewed at an epoch this node forgot): not safe to act on; let it go
            if (!held.containsKey(e.getKey()) && !r.claimed().containsKey(e.getKey())) {
                release(Set.of(e.getKey()));
            }
        }
        for (Map.Entry<Integer, Long> e : r.claimed().entrySet()) held.put(e.getKey(), new Held(e.getKey(), e.getValue(), validUntil));
        if (!lost.isEmpty()) {
            log.warn("cluster: node {} lost {} shards ({}): its leases lapsed (paused or cut off from the database): {}",
                    node, lost.size(), groups(lost), lost);
        }
        if (!r.claimed().isEmpty()) {
            Set<Integer> got = new TreeSet<>(r.claimed().keySet());
            log.info("cluster: node {} gained {} shards ({}): {}", node, got.size(), groups(got), got);
            gained.accept(Collections.unmodifiableSet(got));
        }
        handOver(r.share());
    }

    /** Marks the shards above the share as handed over, and releases those no pass runs in. */
    private void handOver(int share) {
        List<Held> active = new ArrayList<>();
        for (Held h : held.values()) if (!h.gone && !h.handingOver) active.add(h);
        active.sort((a, b) -> Integer.compare(b.shard, a.shard));
        for (int k = 0; k < active.size() - share; k++) {
            synchronized (active.get(k)) {
                active.get(k).handingOver = true;
            }
        }
        Set<Integer> free = new TreeSet<>();
        for (Held h : held.values()) {
            synchronized (h) {
                if (h.handingOver && h.inUse == 0 && !h.gone) {
                    h.gone = true;
                    free.add(h.shard);
                }
            }
        }
        if (free.isEmpty()) return;
        release(free);
        for (Integer s : free) held.remove(s);
        log.info("cluster: node {} released {} shards ({}) for rebalancing: {}", node, free.size(), groups(free), free);
    }

    private boolean handingOver(int shard) {
        Held h = held.get(shard);
        return h != null && h.handingOver;
    }

    private void release(Set<Integer> shards) {
        db.transaction(tx -> {
            tx.cluster().release(node, shards);
            return null;
        });
    }

    /**
     * Pure: how many shards {@code node} is to hold among the {@code live} nodes (in code point
     * order): the shards divided by the nodes, and one more for the first nodes while a remainder is
     * left, so the shares sum to exactly {@link ShardMap#COUNT} and differ by at most one.
     */
    static int share(List<String> live, String node) {
        int n = Math.max(1, live.size());
        int rank = live.indexOf(node);
        if (rank < 0) rank = live.size(); // not listed yet: as if last
        return ShardMap.COUNT / n + (rank < ShardMap.COUNT % n ? 1 : 0);
    }

    /** How many groups the shards hold now, for the log: "1 group", "7 groups". */
    private String groups(Set<Integer> shards) {
        try {
            int n = 0;
            for (String uuid : db.read(tx -> tx.groups().uuids())) if (shards.contains(ShardMap.of(uuid))) n++;
            return n == 1 ? "1 group" : n + " groups";
        } catch (RuntimeException e) {
            return "groups unknown: " + e.getMessage();
        }
    }

    /**
     * Stops ticking, releases every shard this node holds (so the others take over at once) and
     * removes its row. Call it after the reconciler's last cloud call.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<Integer> all = new TreeSet<>(held.keySet());
        for (Held h : held.values()) h.gone = true;
        held.clear();
        try {
            db.transaction(tx -> {
                tx.cluster().release(node, all);
                tx.cluster().leave(node);
                return null;
            });
            log.info("cluster: node {} left, releasing {} shards", node, all.size());
        } catch (RuntimeException e) {
            log.warn("cluster: node {} could not release its shards ({}); they are taken over when their leases lapse", node,
                    e.toString());
        }
    }

    @Override
    public String toString() {
        return "shard leases of node " + node;
    }
}
