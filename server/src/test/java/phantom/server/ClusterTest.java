package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import phantom.driver.ec2.MotoServer;
import phantom.store.ShardMap;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * Three packaged nodes on one PostgreSQL (a fresh schema of the JVM's embedded one) and one shared
 * cloud, moto's EC2, whose launches and terminations take a while ({@link SlowEc2}). Nodes are
 * killed, paused, stopped and restarted while groups change; every check is made in the cloud
 * itself: exactly the desired VMs per group, no launch token on two instances (live or dead),
 * nothing left after deletion. Fails under {@code CI=true} when moto is missing ({@link MotoServer}).
 */
class ClusterTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.validating();

    private static final Duration SLOW = Duration.ofMillis(250);
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /**
     * 6 groups, 4 rounds: each round changes every group's desired count through a node that stays
     * up, SIGKILLs a node that owns changing groups while they scale (up in even rounds, in in odd
     * ones), changes them again through a survivor while it is dead, and restarts it once the others
     * hold its shards. At the end moto holds exactly the desired VMs, no token twice, no VM of a
     * group that does not exist; after ForceDelete of every group, nothing Phantom-tagged is live.
     */
    @Test
    void kills_mid_scale_up_and_mid_scale_in_leave_exactly_the_desired_vms_and_no_duplicate() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ClusterTest kills: seed " + seed);
        Random random = new Random(seed);
        try (PhantomCluster c = new PhantomCluster(dir, moto, 3, 3, 1, SLOW).start()) {
            Map<String, Integer> desired = new TreeMap<>();
            for (int g = 0; g < 6; g++) {
                desired.put("g" + g, 2);
                c.createGroup(g % 3, "g" + g, 2);
            }
            c.awaitExactly(0, desired, CONVERGE);
            for (int round = 0; round < 4; round++) {
                boolean up = round % 2 == 0;
                Map<String, Integer> before = new TreeMap<>(desired);
                for (String g : desired.keySet()) desired.put(g, up ? 4 + random.nextInt(3) : random.nextInt(2));
                int victim = ownerOfAChange(c, before, desired, random);
                int via = survivor(c, victim, random);
                desired.forEach((g, n) -> c.setDesired(via, g, n));
                String progress = awaitMidway(c, before, desired);
                long killedAt = System.nanoTime();
                c.node(victim).kill();
                System.out.printf("round %d (%s): killed node %d at %s, desired %s%n", round, up ? "up" : "in", victim, progress,
                        desired);
                // the survivors take the changes while the victim is dead
                int via2 = survivor(c, victim, random);
                String changed = "g" + random.nextInt(desired.size());
                desired.put(changed, desired.get(changed) + 1);
                c.setDesired(via2, changed, desired.get(changed));
                Set<Integer> others = new HashSet<>(c.running());
                Eventually.await("the survivors to hold all shards", Duration.ofSeconds(30), Duration.ofMillis(100),
                        c::shardsByNode, s -> c.allShardsHeldBy(others));
                System.out.printf("round %d: shards taken over %.1f s after the kill%n", round, (System.nanoTime() - killedAt) / 1e9);
                c.node(victim).start();
                Eventually.await("node " + victim + " to get its share again", Duration.ofSeconds(60), Duration.ofMillis(100),
                        c::shardsByNode, h -> c.balancedOver(Set.of(0, 1, 2)));
            }
            c.awaitExactly(0, desired, CONVERGE);
            PhantomCluster.Cloud cloud = c.cloud();
            assertThat(cloud.duplicateTokens()).as("tokens launched twice (token -> instances)").isEmpty();
            Map<String, Long> expected = new TreeMap<>();
            desired.forEach((g, n) -> {
                if (n > 0) expected.put(c.uuid(g), (long) n);
            });
            assertThat(cloud.liveByGroup()).as("live VMs per group uuid in moto: exactly the desired ones, none without a group")
                    .isEqualTo(expected);

            for (String g : desired.keySet()) {
                c.api(random.nextInt(3)).deleteAutoScalingGroup(r -> r.autoScalingGroupName(g).forceDelete(true));
            }
            Eventually.await("no live Phantom VM in moto after deleting every group", CONVERGE, Duration.ofMillis(250),
                    () -> c.cloud().liveByGroup(), Map::isEmpty);
            Eventually.await("the groups to be gone", Duration.ofSeconds(30), Duration.ofMillis(250),
                    () -> c.api(1).describeAutoScalingGroups().autoScalingGroups(), List::isEmpty);
            assertThat(c.cloud().duplicateTokens()).as("tokens launched twice, after deletion").isEmpty();
        }
    }

    /**
     * The node owning the most groups is paused (SIGSTOP) while they scale up, past its lease; once
     * the others hold every shard, its groups are scaled in through them and settle. Then it is
     * resumed (SIGCONT) and let rejoin. No new instance may appear in moto for those groups from the
     * snapshot taken while it was paused until after it rejoined: the new owners have nothing to
     * launch (desired = live), so any instance moto gains for them (moto never reuses an id, and keeps
     * terminated ones) is a launch of the resumed node on groups it lost. The check fails if the node
     * carries on its scale-up after SIGCONT, whether with a new token or with one the new owners adopted.
     * Here the pause falls anywhere in the scale-up (between launches, or while one is in flight).
     * It failed once in CI when the launch guard was asked only before the SDK's first attempt: the
     * guard is now asked before every attempt goes on the wire (the EC2 driver's GuardedTransmission).
     */
    @Test
    void a_node_paused_past_its_lease_launches_nothing_on_the_groups_it_lost() throws Exception {
        pausedPastItsLease(false);
    }

    /**
     * The same, with the pause inside a launch call: the relay pauses the node when its EC2 driver
     * looks up the launch token (the DescribeInstances it makes just before RunInstances), so the node
     * is past every check made before the driver is called. Resumed, it must still not send the
     * RunInstances: a launch of a group it lost, made after its lease lapsed.
     */
    @Test
    void a_node_paused_inside_a_launch_call_past_its_lease_launches_nothing_when_resumed() throws Exception {
        pausedPastItsLease(true);
    }

    private void pausedPastItsLease(boolean insideLaunchCall) throws Exception {
        try (PhantomCluster c = new PhantomCluster(dir, moto, 3, 3, 1, SLOW).start()) {
            Map<String, Integer> desired = new TreeMap<>();
            for (int g = 0; g < 9; g++) {
                desired.put("p" + g, 1);
                c.createGroup(0, "p" + g, 1);
            }
            c.awaitExactly(0, desired, CONVERGE);
            Eventually.await("three nodes to share the shards", Duration.ofSeconds(30), Duration.ofMillis(100), c::shardsByNode,
                    s -> c.balancedOver(Set.of(0, 1, 2)));
            Map<Integer, List<String>> byOwner = desired.keySet().stream().collect(Collectors.groupingBy(c::ownerOf));
            int paused = byOwner.entrySet().stream().filter(e -> e.getKey() >= 0).max(Map.Entry.comparingByValue(
                    java.util.Comparator.comparingInt(List::size))).orElseThrow().getKey();
            List<String> lost = byOwner.get(paused);
            int via = (paused + 1) % 3;
            Set<String> lostUuids = lost.stream().map(c::uuid).collect(Collectors.toSet());
            System.out.println("ClusterTest pause: node " + paused + " owns " + lost + "; groups per owner " + byOwner);

            int atStart = c.cloud().ids(lostUuids).size();
            java.util.concurrent.atomic.AtomicLong pausedAt = new java.util.concurrent.atomic.AtomicLong();
            List<Exception> hookFailures = new CopyOnWriteArrayList<>();
            if (insideLaunchCall) {
                // only the paused node's groups change now: the next token look-up is its launch
                c.cloudRelay().onNextTokenLookup(() -> {
                    try {
                        c.node(paused).pause();
                        pausedAt.set(System.nanoTime());
                    } catch (Exception e) {
                        hookFailures.add(e);
                    }
                });
            }
            for (String g : lost) c.setDesired(via, g, 10);
            if (insideLaunchCall) {
                Eventually.await("node " + paused + " to be paused in a token look-up", Duration.ofSeconds(30), Duration.ofMillis(20),
                        () -> pausedAt.get() != 0 || !hookFailures.isEmpty(), done -> done);
                assertThat(hookFailures).isEmpty();
            } else {
                Eventually.await("node " + paused + " to be scaling up", Duration.ofSeconds(30), Duration.ofMillis(50),
                        () -> c.cloud().ids(lostUuids).size(), n -> n >= atStart + 2);
                c.node(paused).pause();
                pausedAt.set(System.nanoTime());
            }
            int atPause = c.cloud().ids(lostUuids).size();
            Set<Integer> others = Set.of(0, 1, 2).stream().filter(i -> i != paused).collect(Collectors.toSet());
            try {
                Eventually.await("the other nodes to hold every shard", Duration.ofSeconds(30), Duration.ofMillis(100),
                        c::shardsByNode, s -> c.allShardsHeldBy(others));
            } catch (AssertionError e) {
                Map<Integer, Integer> h = c.shardHolders();
                throw new AssertionError(e.getMessage() + "; shards the others do not hold: "
                        + IntStream.range(0, ShardMap.COUNT).filter(k -> !others.contains(h.get(k))).boxed().toList()
                        + "; database sessions inside a transaction: " + c.sessionsInTransaction(), e);
            }
            System.out.printf("paused node %d (%s) at %d of its groups' instances; shards taken over %.1f s later%n", paused,
                    insideLaunchCall ? "in a token look-up" : "mid scale-up", atPause, (System.nanoTime() - pausedAt.get()) / 1e9);
            for (String g : lost) {
                desired.put(g, 1);
                c.setDesired(via, g, 1);
            }
            c.awaitExactly(via, desired, CONVERGE);
            Eventually.await("no launch or termination under way for " + lost, CONVERGE, Duration.ofMillis(100),
                    () -> c.underWay(lost), List::isEmpty);
            c.awaitExactly(via, desired, CONVERGE);
            Set<String> settled = c.cloud().ids(lostUuids);

            System.out.println("pause: settled at " + java.time.Instant.now() + " with " + settled.size() + " instances; resuming node "
                    + paused);
            c.node(paused).resume();
            Eventually.await("the resumed node to log that it lost its shards", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> output(c.node(paused)), o -> Pattern.compile("cluster: node \\S+ lost \\d+ shards").matcher(o).find());
            Eventually.await("the resumed node to rejoin and the shards to rebalance", Duration.ofSeconds(60), Duration.ofMillis(100),
                    c::shardsByNode, s -> c.balancedOver(Set.of(0, 1, 2)));
            c.awaitExactly(paused, desired, CONVERGE);
            PhantomCluster.Cloud cloud = c.cloud();
            List<PhantomCluster.Vm> appeared = cloud.vms().stream().filter(v -> lostUuids.contains(v.group()) && !settled.contains(v.id()))
                    .toList();
            assertThat(appeared).as("instances launched on the lost groups after the new owners settled (the resumed node's launches);"
                    + " their rows: " + appeared.stream().map(v -> c.query("SELECT id, state, created_time, updated_time FROM instances"
                    + " WHERE id = ?", rs -> rs.getString(1) + " " + rs.getString(2) + " created " + rs.getString(3) + " updated "
                    + rs.getString(4), v.token())).toList()).isEmpty();
            assertThat(cloud.duplicateTokens()).as("tokens launched twice").isEmpty();
            Set<String> tokensInDb = new HashSet<>(c.query("SELECT id FROM instances", rs -> rs.getString(1)));
            assertThat(cloud.vms().stream().map(PhantomCluster.Vm::token).filter(t -> !tokensInDb.contains(t)).toList())
                    .as("instances in moto whose token no node recorded as a launch intent").isEmpty();
        }
    }

    /**
     * A node frozen (SIGSTOP) inside a database transaction still loses its shards to the others
     * within 15 s. The test holds a write lock on the instances table while the owner of a group
     * scales it up, so the owner's intent transaction (its fence, SELECT ... FOR SHARE on the shard's
     * lease row, then the inserts) waits on it; the owner is frozen then, and the lock let go: the
     * inserts go through and the node's session sits idle in its transaction, still holding the lease
     * row, as a node frozen by a long GC pause or a suspended VM in the middle of a write would.
     */
    @Test
    void a_node_frozen_inside_a_transaction_loses_its_shards_within_15_seconds() throws Exception {
        try (PhantomCluster c = new PhantomCluster(dir, moto, 3, 3, 1, SLOW).start()) {
            List<String> groups = IntStream.range(0, 6).mapToObj(i -> "f" + i).toList();
            groups.forEach(g -> c.createGroup(0, g, 0));
            Eventually.await("three nodes to share the shards", Duration.ofSeconds(30), Duration.ofMillis(100), c::shardsByNode,
                    s -> c.balancedOver(Set.of(0, 1, 2)));
            String group = groups.stream().filter(g -> c.ownerOf(g) >= 0).findFirst().orElseThrow();
            int frozen = c.ownerOf(group);
            int via = (frozen + 1) % 3;
            long pausedAt;
            try (AutoCloseable lock = c.blockWritesTo("instances")) {
                c.setDesired(via, group, 3);
                Eventually.await("node " + frozen + "'s intent write to wait for the lock", Duration.ofSeconds(30), Duration.ofMillis(20),
                        c::waitingForALock, w -> w.stream().anyMatch(q -> q.contains("INSERT INTO instances")));
                c.node(frozen).pause();
                pausedAt = System.nanoTime();
            }
            System.out.println("frozen node " + frozen + " inside its intent transaction for " + group + "; sessions in a transaction: "
                    + c.sessionsInTransaction());
            Set<Integer> others = Set.of(0, 1, 2).stream().filter(i -> i != frozen).collect(Collectors.toSet());
            try {
                Eventually.await("the others to hold every shard", Duration.ofSeconds(20), Duration.ofMillis(100), c::shardsByNode,
                        h -> c.allShardsHeldBy(others));
                double s = (System.nanoTime() - pausedAt) / 1e9;
                System.out.printf("frozen node's shards held by the others %.1f s after the freeze%n", s);
                assertThat(s).as("seconds from the freeze to all shards held by the live nodes").isLessThanOrEqualTo(15.0);
            } catch (AssertionError e) {
                Map<Integer, Integer> h = c.shardHolders();
                throw new AssertionError(e.getMessage() + "; shards the others do not hold: "
                        + IntStream.range(0, ShardMap.COUNT).filter(k -> !others.contains(h.get(k))).boxed().toList()
                        + " (the group's shard is " + ShardMap.of(c.uuid(group)) + "); database sessions inside a transaction: "
                        + c.sessionsInTransaction(), e);
            } finally {
                c.node(frozen).resume();
            }
        }
    }

    /**
     * Each node in turn is stopped (SIGTERM) and started again; a thread polls moto throughout: every
     * group keeps exactly N live VMs at every listing (no node asked for a termination: N never
     * changes), and no token is launched twice.
     */
    @Test
    void a_rolling_restart_keeps_every_group_at_n() throws Exception {
        try (PhantomCluster c = new PhantomCluster(dir, moto, 3, 3, 1, SLOW).start()) {
            int n = 2;
            Map<String, Integer> desired = new TreeMap<>();
            for (int g = 0; g < 6; g++) {
                desired.put("r" + g, n);
                c.createGroup(g % 3, "r" + g, n);
            }
            c.awaitExactly(0, desired, CONVERGE);
            Map<String, String> uuids = new TreeMap<>();
            desired.keySet().forEach(g -> uuids.put(g, c.uuid(g)));
            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicBoolean polling = new AtomicBoolean(true);
            int[] listings = {0};
            List<String> listingErrors = new CopyOnWriteArrayList<>();
            Thread poller = Thread.ofPlatform().name("moto-poller").start(() -> {
                while (polling.get()) {
                    PhantomCluster.Cloud cloud;
                    try {
                        cloud = c.cloud();
                    } catch (RuntimeException e) {
                        listingErrors.add(e.toString());
                        continue;
                    }
                    listings[0]++;
                    uuids.forEach((g, u) -> {
                        if (cloud.live(u) != n) violations.add(g + " had " + cloud.live(u) + " live VMs at " + java.time.Instant.now());
                    });
                    if (!cloud.duplicateTokens().isEmpty()) violations.add("duplicate tokens " + cloud.duplicateTokens());
                }
            });
            try {
                for (int i = 0; i < 3; i++) {
                    long t = System.nanoTime();
                    c.node(i).stop();
                    int stopped = i;
                    Set<Integer> others = Set.of(0, 1, 2).stream().filter(x -> x != stopped).collect(Collectors.toSet());
                    Eventually.await("the others to hold every shard", Duration.ofSeconds(30), Duration.ofMillis(100),
                            c::shardsByNode, s -> c.allShardsHeldBy(others));
                    double handOver = (System.nanoTime() - t) / 1e9;
                    c.node(i).start();
                    Eventually.await("node " + i + " to get its share again", Duration.ofSeconds(60), Duration.ofMillis(100),
                            c::shardsByNode, s -> c.balancedOver(Set.of(0, 1, 2)));
                    System.out.printf("rolling restart: node %d stopped, its shards held by the others %.1f s after SIGTERM,"
                            + " back with its share %.1f s after%n", i, handOver, (System.nanoTime() - t) / 1e9);
                }
            } finally {
                polling.set(false);
                poller.join();
            }
            System.out.println("rolling restart: " + listings[0] + " moto listings, violations " + violations.size()
                    + ", failed listings " + listingErrors);
            assertThat(listings[0]).as("moto listings made during the restarts").isGreaterThan(10);
            assertThat(violations).as("moments a group was not at N in moto, or a token was launched twice").isEmpty();
            c.awaitExactly(1, desired, CONVERGE);
        }
    }

    /**
     * With the default lease (10 s), the node owning a group is killed (SIGKILL) while the group
     * scales up; the time from the kill until all 64 shards are held by the live nodes must be at most
     * 15 s; the time until the group is at N in moto and in service is printed for docs/performance.md.
     * {@code -Dphantom.cluster.takeovers=K} kills K times (restarting the node each time) and prints
     * the median and maximum.
     */
    @Test
    void a_dead_nodes_shards_are_taken_over_within_15_seconds_with_the_default_lease() throws Exception {
        int kills = Integer.getInteger("phantom.cluster.takeovers", 1);
        Duration runInstances = Duration.ofMillis(400);
        try (PhantomCluster c = new PhantomCluster(dir, moto, 3, null, 1, runInstances).start()) {
            Map<String, Integer> desired = new TreeMap<>(Map.of("t0", 1, "t1", 1, "t2", 1));
            desired.keySet().forEach(g -> c.createGroup(0, g, 1));
            c.awaitExactly(0, desired, CONVERGE);
            List<Double> held = new ArrayList<>();
            List<Double> atN = new ArrayList<>();
            for (int k = 0; k < kills; k++) {
                Eventually.await("three nodes to share the shards", Duration.ofSeconds(60), Duration.ofMillis(100), c::shardsByNode,
                        s -> c.balancedOver(Set.of(0, 1, 2)));
                String group = desired.keySet().stream().filter(g -> c.ownerOf(g) >= 0).toList().get(k % desired.size());
                int owner = c.ownerOf(group);
                int via = (owner + 1) % 3;
                String uuid = c.uuid(group);
                int n = desired.get(group) + 10;
                long before = c.cloud().live(uuid);
                desired.put(group, n);
                c.setDesired(via, group, n);
                Eventually.await("the scale-up to be under way", Duration.ofSeconds(30), Duration.ofMillis(50),
                        () -> c.cloud().live(uuid), live -> live >= before + 2);
                long killed = System.nanoTime();
                c.node(owner).kill();
                long atKill = c.cloud().live(uuid);
                Set<Integer> others = Set.of(0, 1, 2).stream().filter(x -> x != owner).collect(Collectors.toSet());
                Eventually.await("the live nodes to hold every shard", Duration.ofSeconds(30), Duration.ofMillis(50), c::shardsByNode,
                        s -> c.allShardsHeldBy(others));
                held.add((System.nanoTime() - killed) / 1e9);
                c.awaitExactly(via, desired, CONVERGE);
                atN.add((System.nanoTime() - killed) / 1e9);
                System.out.printf("take-over %d (lease 10 s, 3 nodes, RunInstances %d ms, launch_parallelism 1): killed node %d, owner of"
                        + " %s, at %d of %d VMs; all shards held by live nodes %.1f s after the kill; group at %d in service %.1f s after%n",
                        k + 1, runInstances.toMillis(), owner, group, atKill, n, held.getLast(), n, atN.getLast());
                assertThat(held.getLast()).as("seconds from SIGKILL to the dead node's shards held by live nodes").isLessThanOrEqualTo(15.0);
                PhantomCluster.Cloud cloud = c.cloud();
                assertThat(cloud.duplicateTokens()).as("tokens launched twice").isEmpty();
                Map<String, Long> expected = new TreeMap<>();
                desired.forEach((g, v) -> expected.put(c.uuid(g), (long) v));
                assertThat(cloud.liveByGroup()).as("live VMs per group uuid in moto: the desired ones, no orphan").isEqualTo(expected);
                c.node(owner).start();
            }
            System.out.printf("take-over over %d kills: shards held median %.1f s, max %.1f s; group at N median %.1f s, max %.1f s%n",
                    kills, median(held), held.stream().mapToDouble(d -> d).max().orElseThrow(), median(atN),
                    atN.stream().mapToDouble(d -> d).max().orElseThrow());
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    /**
     * {@code phantom nodes} lists the three live nodes with their shards (64 in all once balanced) and
     * the groups their shards hold, as the shard leases and ShardMap say; each node's log says when
     * it gained shards, and the first one that it released some for the newcomers.
     */
    @Test
    void phantom_nodes_lists_the_nodes_their_shards_and_groups_and_the_logs_say_who_gained_what() throws Exception {
        try (PhantomCluster c = new PhantomCluster(dir, moto, 3, 3, 1, SLOW).start()) {
            List<String> groups = IntStream.range(0, 8).mapToObj(i -> "n" + i).toList();
            groups.forEach(g -> c.createGroup(1, g, 0));
            Eventually.await("three nodes to share the shards", Duration.ofSeconds(30), Duration.ofMillis(100), c::shardsByNode,
                    s -> c.balancedOver(Set.of(0, 1, 2)));
            Map<Integer, Integer> holders = c.shardHolders();
            Map<Integer, Integer> groupsByNode = new TreeMap<>();
            for (String g : groups) groupsByNode.merge(holders.get(ShardMap.of(c.uuid(g))), 1, Integer::sum);
            Map<Integer, Integer> shards = c.shardsByNode();

            PhantomProcess.Outcome out = c.node(2).exec("nodes");
            System.out.println("phantom nodes:\n" + out.output());
            assertThat(out.exitCode()).as(out.output()).isZero();
            Map<Integer, int[]> rows = nodeRows(c, out.output());
            assertThat(rows.keySet()).as("live nodes listed, by index").containsExactlyInAnyOrder(0, 1, 2);
            assertThat(rows.values().stream().mapToInt(r -> r[0]).sum()).as("shards listed").isEqualTo(64);
            for (int i = 0; i < 3; i++) {
                assertThat(rows.get(i)[0]).as("shards of node " + i).isEqualTo(shards.get(i));
                assertThat(rows.get(i)[1]).as("groups of node " + i).isEqualTo(groupsByNode.getOrDefault(i, 0));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(output(c.node(i))).as("log of node " + i).containsPattern("cluster: node \\S+ gained \\d+ shards");
            }
            assertThat(output(c.node(0))).as("log of the first node").containsPattern("cluster: node \\S+ released \\d+ shards");

            long gained0 = gains(c.node(0)), gained1 = gains(c.node(1));
            c.node(2).stop();
            Eventually.await("the others to hold every shard", Duration.ofSeconds(30), Duration.ofMillis(100), c::shardsByNode,
                    s -> c.balancedOver(Set.of(0, 1)));
            String rest = c.node(0).exec("nodes").output();
            System.out.println("phantom nodes after stopping node 2:\n" + rest);
            Map<Integer, int[]> after = nodeRows(c, rest);
            assertThat(after.keySet()).as("live nodes listed after node 2 stopped").containsExactlyInAnyOrder(0, 1);
            assertThat(after.values().stream().mapToInt(r -> r[0]).sum()).as("shards listed").isEqualTo(64);
            assertThat(after.values().stream().mapToInt(r -> r[1]).sum()).as("groups listed").isEqualTo(groups.size());
            assertThat(gains(c.node(0))).as("node 0's log lines saying it gained shards, before and after").isGreaterThan(gained0);
            assertThat(gains(c.node(1))).as("node 1's log lines saying it gained shards, before and after").isGreaterThan(gained1);
        }
    }

    /** The live rows of {@code phantom nodes}: node index (by the port in ADDRESS) to {shards, groups}. */
    private static Map<Integer, int[]> nodeRows(PhantomCluster c, String output) {
        Map<Integer, int[]> rows = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\S+\\s+127\\.0\\.0\\.1:(\\d+)\\s+live\\s+.*?\\s(\\d+)\\s+(\\d+)\\s+(in .*|-)$");
        for (String line : output.lines().toList()) {
            Matcher m = row.matcher(line.strip());
            if (!m.matches()) continue;
            int port = Integer.parseInt(m.group(1));
            int index = IntStream.range(0, c.size()).filter(i -> c.node(i).port() == port).findFirst()
                    .orElseThrow(() -> new AssertionError("a node at unknown port " + port + ": " + line));
            rows.put(index, new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
        }
        return rows;
    }

    private static long gains(PhantomProcess p) {
        return Pattern.compile("cluster: node \\S+ gained \\d+ shards").matcher(output(p)).results().count();
    }

    private static String output(PhantomProcess p) {
        try {
            return p.output();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A node owning one of the groups whose desired count changes (random among them), else any node. */
    private static int ownerOfAChange(PhantomCluster c, Map<String, Integer> before, Map<String, Integer> after, Random random) {
        List<Integer> owners = new ArrayList<>();
        after.forEach((g, n) -> {
            if (!n.equals(before.get(g))) {
                int o = c.ownerOf(g);
                if (o >= 0) owners.add(o);
            }
        });
        return owners.isEmpty() ? random.nextInt(c.size()) : owners.get(random.nextInt(owners.size()));
    }

    private static int survivor(PhantomCluster c, int victim, Random random) {
        List<Integer> up = c.running().stream().filter(i -> i != victim).toList();
        return up.get(random.nextInt(up.size()));
    }

    /**
     * Waits until the change is under way in moto: at least two launches (or terminations) done
     * since it was asked (with launch_parallelism 1 and slow cloud calls, most are still to come).
     */
    private static String awaitMidway(PhantomCluster c, Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, String> uuids = new TreeMap<>();
        after.keySet().forEach(g -> uuids.put(g, c.uuid(g)));
        int total = after.keySet().stream().mapToInt(g -> Math.abs(after.get(g) - before.get(g))).sum();
        int done = Eventually.await("the change to be under way (" + total + " launches or terminations)", Duration.ofSeconds(60),
                Duration.ofMillis(25), () -> {
                    PhantomCluster.Cloud cloud = c.cloud();
                    return uuids.entrySet().stream().mapToInt(e -> {
                        long now = cloud.live(e.getValue());
                        return (int) Math.min(Math.abs(now - before.get(e.getKey())), Math.abs(after.get(e.getKey()) - before.get(e.getKey())));
                    }).sum();
                }, k -> k >= Math.min(2, total));
        return done + " of " + total + " launches or terminations done";
    }
}
