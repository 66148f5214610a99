package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster's lease rows on PostgreSQL: claims, renewals, expiry by the database's clock, and the fence. */
class ClusterRowsTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private Database db;

    @BeforeEach
    void open() {
        db = TestDatabases.postgres();
        db.transaction(tx -> {
            tx.cluster().ensureShards(ShardMap.COUNT);
            tx.cluster().ensureShards(ShardMap.COUNT); // a second node starting does nothing more
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private <T> T tx(Database.Work<T> w) {
        return db.transaction(w);
    }

    private Map<Integer, Long> claim(String node, int max, Duration ttl) {
        return db.transaction(t -> t.cluster().claim(node, max, ttl));
    }

    private Map<Integer, Long> renew(String node) {
        return db.transaction(t -> t.cluster().renew(node, TTL));
    }

    private int liveNodes() {
        return db.transaction(t -> t.cluster().liveNodes(TTL));
    }

    private java.util.List<ClusterRows.Node> nodes() {
        return db.read(t -> t.cluster().nodes());
    }

    /** Makes the node's leases expire now, as the database's clock sees it. */
    private void lapse(String node) {
        tx(t -> t.sql().update("UPDATE shard_leases SET expires_at = now() - interval '1 second' WHERE holder = ?", node));
    }

    @Test
    void a_node_claims_free_shards_up_to_its_max_and_another_gets_only_the_rest() {
        Map<Integer, Long> a = claim("a", 40, TTL);
        Map<Integer, Long> b = claim("b", 40, TTL);
        assertThat(a).hasSize(40).allSatisfy((s, e) -> assertThat(e).isEqualTo(1L));
        assertThat(b).hasSize(ShardMap.COUNT - 40);
        assertThat(a.keySet()).doesNotContainAnyElementsOf(b.keySet());
        assertThat(claim("c", 10, TTL)).isEmpty();
        assertThat(renew("a")).isEqualTo(a);
    }

    @Test
    void a_lapsed_lease_is_not_renewed_and_is_claimed_at_a_higher_epoch_which_fences_the_old_holder() {
        Map<Integer, Long> a = claim("a", ShardMap.COUNT, TTL);
        int shard = a.keySet().iterator().next();
        tx(t -> {
            t.cluster().requireHeld(shard, "a", 1);
            return null;
        });
        lapse("a");
        assertThatThrownBy(() -> tx(t -> {
            t.cluster().requireHeld(shard, "a", 1);
            return null;
        })).isInstanceOf(LeaseLost.class).hasMessageContaining("no longer holds shard " + shard);
        assertThat(renew("a")).as("lapsed leases are not renewed").isEmpty();
        Map<Integer, Long> b = claim("b", ShardMap.COUNT, TTL);
        assertThat(b).hasSize(ShardMap.COUNT).containsEntry(shard, 2L);
        assertThatThrownBy(() -> tx(t -> {
            t.cluster().requireHeld(shard, "b", 1);
            return null;
        })).as("the epoch counts, not only the holder").isInstanceOf(LeaseLost.class);
        tx(t -> {
            t.cluster().requireHeld(shard, "b", 2);
            return null;
        });
    }

    @Test
    void a_released_shard_is_claimed_at_once() {
        Map<Integer, Long> a = claim("a", ShardMap.COUNT, TTL);
        tx(t -> {
            t.cluster().release("a", java.util.List.of(3, 4));
            return null;
        });
        assertThat(renew("a")).hasSize(ShardMap.COUNT - 2).doesNotContainKeys(3, 4);
        assertThat(claim("b", 10, TTL)).containsOnlyKeys(3, 4).containsEntry(3, a.get(3) + 1);
    }

    @Test
    void a_claim_never_takes_a_shard_while_a_fenced_write_of_its_holder_is_open() throws Exception {
        Duration shortTtl = Duration.ofMillis(300);
        claim("a", ShardMap.COUNT, shortTtl);
        CountDownLatch fenced = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> tx(t -> {
            t.cluster().requireHeld(0, "a", 1);
            fenced.countDown();
            try {
                assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }));
        assertThat(fenced.await(30, TimeUnit.SECONDS)).isTrue();
        // wait, by the database's clock, until the lease has expired
        Instant expiry = tx(t -> t.cluster().leases().get(0).expiresAt());
        while (!tx(t -> t.cluster().now()).isAfter(expiry)) Thread.onSpinWait();
        assertThat(claim("b", ShardMap.COUNT, TTL)).as("every shard but the one share-locked")
                .hasSize(ShardMap.COUNT - 1).doesNotContainKey(0);
        commit.countDown();
        writer.get(30, TimeUnit.SECONDS);
        assertThat(claim("b", ShardMap.COUNT, TTL)).containsOnlyKeys(0).containsEntry(0, 2L);
    }

    @Test
    void a_writer_frozen_inside_its_fenced_transaction_loses_the_lock_so_the_shard_can_be_claimed() throws Exception {
        Duration shortTtl = Duration.ofMillis(300);
        claim("a", ShardMap.COUNT, shortTtl);
        CountDownLatch fenced = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Void> frozen = CompletableFuture.runAsync(() -> tx(t -> {
            t.cluster().requireHeld(0, "a", 1);
            fenced.countDown();
            try {
                never.await(60, TimeUnit.SECONDS); // frozen: sends nothing more in this transaction
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(fenced.await(30, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        Map<Integer, Long> got = Map.of();
        while (!got.containsKey(0) && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
            got = claim("b", ShardMap.COUNT, TTL);
            if (!got.containsKey(0)) Thread.sleep(100); // polling the database; its server ends the idle session
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(got).as("claimed once the server ended the frozen session").containsKey(0);
        assertThat(took).isLessThan(Database.IDLE_IN_TRANSACTION.plusSeconds(5));
        never.countDown();
        assertThatThrownBy(() -> frozen.get(30, TimeUnit.SECONDS)).as("its commit fails: the session is gone")
                .hasCauseInstanceOf(StoreException.class);
    }

    @Test
    void every_session_of_the_pool_has_the_idle_in_transaction_timeout_from_its_start() {
        // A startup option, not a SET run by the pool: the pool's connections are not in auto-commit
        // mode, so a SET as its init SQL would leave each new connection idle inside a transaction
        // until first used, and the timeout would end it (seen in the cluster tests' pg_stat_activity).
        String timeout = db.read(t -> t.sql().first("SHOW idle_in_transaction_session_timeout", rs -> rs.getString(1))).orElseThrow();
        assertThat(timeout).isEqualTo(Database.IDLE_IN_TRANSACTION.toSeconds() + "s");
    }

    @Test
    void heartbeats_count_live_nodes_and_a_node_that_leaves_is_gone() {
        tx(t -> {
            t.cluster().heartbeat("a", "127.0.0.1:1");
            t.cluster().heartbeat("b", "127.0.0.1:2");
            t.cluster().heartbeat("a", "127.0.0.1:1");
            return null;
        });
        assertThat(liveNodes()).isEqualTo(2);
        tx(t -> t.sql().update("UPDATE cluster_nodes SET heartbeat_at = now() - interval '1 minute' WHERE node_id = 'b'"));
        assertThat(liveNodes()).isEqualTo(1);
        assertThat(nodes()).extracting(ClusterRows.Node::id).containsExactly("a", "b");
        tx(t -> {
            t.cluster().leave("a");
            return null;
        });
        assertThat(nodes()).extracting(ClusterRows.Node::id).containsExactly("b");
    }

    @Test
    void notifications_reach_a_listener_after_commit_only() throws Exception {
        DatabaseConfig config = TestDatabases.postgresConfig();
        try (Database other = Database.open(config)) {
            java.util.concurrent.LinkedBlockingQueue<Long> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            try (GroupNotifications n = GroupNotifications.listen(config, heard::add, () -> { })) {
                assertThatThrownBy(() -> other.transaction(t -> {
                    t.cluster().notifyGroupChanged(7);
                    throw new IllegalStateException("rolled back");
                })).hasMessage("rolled back");
                other.transaction(t -> {
                    t.cluster().notifyGroupChanged(42);
                    return null;
                });
                assertThat(heard.poll(30, TimeUnit.SECONDS)).isEqualTo(42L);
                assertThat(heard).isEmpty();
            }
        }
    }

    @Test
    void the_embedded_database_has_no_cluster() {
        try (Database sqlite = TestDatabases.embedded(java.nio.file.Files.createTempDirectory("phantom-cluster"))) {
            assertThatThrownBy(() -> sqlite.transaction(t -> {
                t.cluster().heartbeat("a", "x");
                return null;
            })).isInstanceOf(StoreException.class).hasMessageContaining("needs PostgreSQL");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
