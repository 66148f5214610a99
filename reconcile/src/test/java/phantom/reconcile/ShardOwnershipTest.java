package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.store.LeaseLost;
import phantom.store.ShardMap;
import phantom.store.TestDatabases;

/**
 * Nodes sharing groups by shard leases on PostgreSQL (docs/cluster.md): shares that sum to every
 * shard, hand-over when a node joins, and fencing: a node whose lease another node has taken, or
 * whose lease lapsed by its own clock (a pause), makes no cloud call.
 */
class ShardOwnershipTest {
    private static final Duration TTL = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    World w;
    private final List<ShardOwnership> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        w = new World(dir, TestDatabases.postgres()).site("hotel");
        w.launchConfiguration("web", "ami-good");
    }

    @AfterEach
    void tearDown() {
        w.close();
        nodes.forEach(ShardOwnership::close);
    }

    /** A node whose monotonic clock is {@code nanos} (a test moves it), joined: its first tick done. */
    private ShardOwnership node(String id, Duration ttl, AtomicLong nanos) {
        ShardOwnership n = new ShardOwnership(w.db, id, "127.0.0.1:1", ttl, nanos::get);
        n.join(s -> { });
        nodes.add(n);
        return n;
    }

    private ShardOwnership node(String id) {
        return node(id, TTL, new AtomicLong());
    }

    @Test
    void shares_differ_by_at_most_one_and_sum_to_every_shard() {
        for (int n = 1; n <= 70; n++) {
            List<String> live = new ArrayList<>();
            for (int k = 0; k < n; k++) live.add("node-" + (char) ('a' + k % 26) + k);
            java.util.Collections.sort(live);
            int sum = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (String id : live) {
                int s = ShardOwnership.share(live, id);
                sum += s;
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            assertThat(sum).as("%d nodes", n).isEqualTo(ShardMap.COUNT);
            assertThat(max - min).as("%d nodes", n).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void a_second_node_gets_half_the_shards_from_the_first_and_none_is_held_twice() {
        ShardOwnership a = node("a");
        assertThat(a.held()).hasSize(ShardMap.COUNT);
        ShardOwnership b = node("b");
        assertThat(b.held()).as("all shards were held").isEmpty();
        a.tick(); // sees two live nodes: hands half over
        b.tick(); // claims them
        assertThat(a.held()).hasSize(32);
        assertThat(b.held()).hasSize(32);
        Set<Integer> all = new HashSet<>(a.held().keySet());
        all.addAll(b.held().keySet());
        assertThat(all).hasSize(ShardMap.COUNT);
        b.close(); // leaves: releases at once
        a.tick();
        assertThat(a.held()).hasSize(ShardMap.COUNT);
    }

    @Test
    void a_shard_is_handed_over_only_once_no_pass_of_it_runs() {
        ShardOwnership a = node("a");
        // a hands its highest-numbered shards over: take a group in the upper half
        Group g = w.group("g0", "hotel:-1", 1);
        for (int k = 1; ShardMap.of(g.uuid()) < ShardMap.COUNT / 2; k++) g = w.group("g" + k, "hotel:-1", 1);
        int shard = ShardMap.of(g.uuid());
        Ownership.Lease inPass = a.enter(g.uuid()).orElseThrow();
        ShardOwnership b = node("b");
        for (int k = 0; k < 3; k++) {
            a.tick();
            b.tick();
        }
        assertThat(a.owns(g.uuid())).as("being handed over").isFalse();
        assertThat(a.enter(g.uuid())).as("no new pass on a shard being handed over").isEmpty();
        assertThat(inPass.valid()).as("the pass under way keeps its lease").isTrue();
        assertThat(a.held()).as("kept while a pass runs").containsKey(shard).hasSize(ShardMap.COUNT / 2 + 1);
        assertThat(b.held()).doesNotContainKey(shard).hasSize(ShardMap.COUNT / 2 - 1);
        inPass.close();
        a.tick();
        b.tick();
        assertThat(a.held()).doesNotContainKey(shard).hasSize(ShardMap.COUNT / 2);
        assertThat(b.held()).containsKey(shard).hasSize(ShardMap.COUNT / 2);
    }

    @Test
    void a_node_that_lost_its_shard_to_another_cannot_write_a_launch_intent_and_launches_nothing() throws Exception {
        Duration shortTtl = Duration.ofMillis(500);
        AtomicLong aClock = new AtomicLong();
        ShardOwnership a = node("a", shortTtl, aClock);
        Group g = w.group("g", "hotel:-1", 3);
        Reconciler onA = w.reconciler(w.drivers, World.SETTINGS, (o, s) -> CloudCredentials.NONE, a);
        // a's own clock stands still (it believes its lease valid); the database's runs on: a's leases lapse
        awaitDatabaseTimePast(shortTtl);
        w.db.transaction(tx -> {
            tx.cluster().leave("a"); // and its heartbeat is old: b counts itself alone
            return null;
        });
        ShardOwnership b = node("b", TTL, new AtomicLong());
        assertThat(b.held()).as("b took every lapsed shard").hasSize(ShardMap.COUNT);
        assertThat(a.owns(g.uuid())).as("a has not noticed").isTrue();

        assertThatThrownBy(() -> onA.reconcileNow(g.id())).isInstanceOf(LeaseLost.class)
                .hasMessageContaining("no longer holds shard " + ShardMap.of(g.uuid()));
        assertThat(w.vms("hotel")).as("a called no cloud").isEmpty();
        List<Instance> intents = w.db.read(tx -> tx.instances().forGroup(g.id()));
        assertThat(intents).as("and wrote no intent").isEmpty();

        Reconciler onB = w.reconciler(w.drivers, World.SETTINGS, (o, s) -> CloudCredentials.NONE, b);
        assertThat(onB.reconcileNow(g.id()).launched()).isEqualTo(3);
        a.tick();
        assertThat(a.held()).as("a learns at its next tick").isEmpty();
        assertThat(onA.reconcileNow(g.id()).launched()).as("a does not reconcile it any more").isZero();
        assertThat(w.vms("hotel")).hasSize(3);
    }

    @Test
    void a_node_paused_past_its_lease_mid_pass_makes_no_further_cloud_call() {
        AtomicLong aClock = new AtomicLong();
        ShardOwnership a = node("a", TTL, aClock);
        WatchedDriver hotel = new WatchedDriver(w.drivers.get("hotel"));
        // one call at a time on the site: the launches of the pass are made one after the other
        ReconcilerSettings oneAtATime = new ReconcilerSettings(World.SETTINGS.resync(), World.SETTINGS.bootTimeout(), 1,
                World.SETTINGS.callTimeout());
        Reconciler onA = w.reconciler(Map.<String, CloudDriver>of("hotel", hotel), oneAtATime, (o, s) -> CloudCredentials.NONE, a);
        Group g = w.group("g", "hotel:-1", 4);
        // the node is paused (GC, SIGSTOP) right after its first launch returns, for longer than its lease
        hotel.afterLaunch = () -> aClock.addAndGet(TTL.toNanos() + 1);

        assertThatThrownBy(() -> onA.reconcileNow(g.id())).isInstanceOf(LeaseLost.class).hasMessageContaining("lapsed");
        assertThat(hotel.launches.get()).as("only the launch made before the pause").isEqualTo(1);
        assertThat(w.vms("hotel")).hasSize(1);
        List<Instance> rows = w.db.read(tx -> tx.instances().forGroup(g.id()));
        assertThat(rows).as("the other three intents stay for the next owner to adopt or re-issue by token")
                .filteredOn(i -> i.state() == InstanceState.REQUESTED && i.cloudId() == null).hasSize(3);
        assertThat(a.owns(g.uuid())).isFalse();
        assertThat(a.enter(g.uuid())).isEqualTo(Optional.empty());
    }

    /** Waits until the database's clock is past every lease made so far that lasts {@code ttl}. */
    private void awaitDatabaseTimePast(Duration ttl) {
        java.time.Instant until = w.db.read(tx -> tx.cluster().now()).plus(ttl);
        while (!w.db.read(tx -> tx.cluster().now()).isAfter(until)) Thread.onSpinWait();
    }
}
