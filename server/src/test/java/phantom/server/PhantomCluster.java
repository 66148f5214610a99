package phantom.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;
import phantom.driver.ec2.MotoServer;
import phantom.store.DatabaseConfig;
import phantom.store.ShardMap;
import phantom.store.TestDatabases;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * N packaged {@code phantom serve} processes ({@link PhantomProcess}, each its own data directory and
 * port) on one fresh schema of the JVM's embedded PostgreSQL, with one config file ({@code cluster:},
 * a shared {@code credentials_key_file}) and one EC2 site: moto, behind {@link SlowEc2} so launches
 * and terminations take a while. User {@code alice} and her moto credentials are made once, through
 * the first node's commands. Groups are plain AWS groups on launch configuration {@code lc@ec2}.
 *
 * <p>The test sees the cluster from outside: the API of any node, the {@code shard_leases} and
 * {@code cluster_nodes} tables, and the cloud itself ({@link #cloud()}).
 */
final class PhantomCluster implements AutoCloseable {
    static final String LAUNCH_CONFIGURATION = "lc@ec2";

    private final Path config;
    private final DatabaseConfig db;
    private final SlowEc2 relay;
    private final Ec2Client ec2;
    private final List<PhantomProcess> nodes = new ArrayList<>();
    private final Map<Integer, AutoScalingClient> clients = new HashMap<>();
    private final Connection sql;
    private String keys;
    private String installation;

    /**
     * Writes the config and makes the data directories; starts nothing.
     *
     * @param leaseSeconds {@code cluster.lease_seconds}, or null for the default (an empty {@code cluster:} section)
     * @param cloudDelay how long moto's RunInstances and TerminateInstances take
     */
    PhantomCluster(Path dir, MotoServer moto, int size, Integer leaseSeconds, int launchParallelism, Duration cloudDelay)
            throws Exception {
        this.db = TestDatabases.postgresConfig();
        this.relay = new SlowEc2(moto.endpoint(), cloudDelay);
        this.ec2 = moto.client();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("engine", Map.of("resync_seconds", 1, "launch_parallelism", launchParallelism));
        top.put("sites", Map.of("ec2", Map.of("driver", "ec2", "region", "us-east-1", "endpoint", relay.endpoint().toString(),
                "watch_seconds", 1)));
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("url", db.url());
        if (db.user() != null) database.put("user", db.user());
        if (db.password() != null) database.put("password", db.password());
        top.put("database", database);
        top.put("credentials_key_file", dir.resolve("credentials.key").toString());
        top.put("cluster", leaseSeconds == null ? Map.of() : Map.of("lease_seconds", leaseSeconds));
        config = Files.writeString(dir.resolve("phantom.yaml"), new Yaml().dump(top));
        for (int i = 0; i < size; i++) nodes.add(new PhantomProcess(config, Files.createDirectories(dir.resolve("node" + i))));
        sql = DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    /**
     * Starts every node, the first alone (it makes the schema), then makes alice and her moto
     * credentials and the launch configuration {@code lc@ec2} on moto's first available image.
     */
    PhantomCluster start() throws Exception {
        nodes.get(0).start();
        for (int i = 1; i < nodes.size(); i++) nodes.get(i).start();
        keys = nodes.get(0).run("user", "add", "alice");
        nodes.get(0).runWithInput("moto-secret\n", "credentials", "set", "alice", "ec2", "access_key_id=AKIDMOTO", "secret_access_key");
        String ami = ec2.describeImages(r -> r.filters(Filter.builder().name("state").values("available").build()))
                .images().get(0).imageId();
        api(0).createLaunchConfiguration(r -> r.launchConfigurationName(LAUNCH_CONFIGURATION).imageId(ami).instanceType("t2.micro"));
        installation = query("SELECT id FROM installation", rs -> rs.getString(1)).get(0);
        return this;
    }

    int size() {
        return nodes.size();
    }

    PhantomProcess node(int i) {
        return nodes.get(i);
    }

    /** The relay in front of moto that every node's ec2 site calls. */
    SlowEc2 cloudRelay() {
        return relay;
    }

    Path config() {
        return config;
    }

    /** The indexes of the nodes whose process runs (paused ones too). */
    List<Integer> running() {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).isAlive()) r.add(i);
        return r;
    }

    /** Alice's API client on node {@code i}. */
    AutoScalingClient api(int i) {
        return clients.computeIfAbsent(i, n -> RunningPhantom.client(nodes.get(n).endpoint(), keys));
    }

    void createGroup(int via, String name, int desired) {
        api(via).createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName(LAUNCH_CONFIGURATION)
                .minSize(0).maxSize(50).desiredCapacity(desired));
    }

    void setDesired(int via, String name, int desired) {
        api(via).setDesiredCapacity(r -> r.autoScalingGroupName(name).desiredCapacity(desired));
    }

    /** What node {@code via} reports for these groups, by name. */
    Map<String, AutoScalingGroup> describe(int via, Iterable<String> names) {
        return api(via).describeAutoScalingGroupsPaginator(r -> r.autoScalingGroupNames(toList(names))).autoScalingGroups().stream()
                .collect(Collectors.toMap(AutoScalingGroup::autoScalingGroupName, g -> g));
    }

    // ---- the database's view of the cluster ----

    /** A group's uuid (what its VMs carry in tag phantom:group). */
    String uuid(String group) {
        return query("SELECT uuid FROM scaling_groups WHERE owner = 'alice' AND name = ?", rs -> rs.getString(1), group).get(0);
    }

    /**
     * What Phantom still has under way for these groups, as its database says: instances REQUESTED
     * (a launch intent) or TERMINATING, and scaling activities not ended. Empty once it is done.
     */
    List<String> underWay(Iterable<String> groups) {
        List<String> out = new ArrayList<>();
        for (String g : groups) {
            out.addAll(query("SELECT i.id, i.state FROM instances i JOIN scaling_groups g ON g.id = i.group_id"
                    + " WHERE g.owner = 'alice' AND g.name = ? AND i.state IN ('REQUESTED', 'TERMINATING')",
                    rs -> g + ": " + rs.getString(1) + " " + rs.getString(2), g));
            out.addAll(query("SELECT id, description FROM scaling_activities WHERE owner = 'alice' AND group_name = ? AND end_time IS NULL",
                    rs -> g + ": activity " + rs.getString(2), g));
        }
        return out;
    }

    /**
     * The database sessions left inside a transaction (e.g. by a paused node), with the row locks they
     * hold on shard_leases: a claim skips locked rows (FOR UPDATE SKIP LOCKED), so such a shard
     * cannot be taken over while the session lives.
     */
    List<String> sessionsInTransaction() {
        return query("SELECT a.pid, a.state, a.xact_start, a.state_change, a.query FROM pg_stat_activity a"
                + " WHERE a.state LIKE 'idle in transaction%' OR (a.state = 'active' AND a.wait_event_type = 'Lock')",
                rs -> "pid " + rs.getInt(1) + " " + rs.getString(2) + " since " + rs.getString(4) + " (transaction from "
                        + rs.getString(3) + "), last statement: " + rs.getString(5));
    }

    /**
     * Locks {@code table} against writes (SHARE ROW EXCLUSIVE, in a transaction of the test's own) until
     * closed: a node's transaction that writes it waits meanwhile, holding what it locked before.
     */
    AutoCloseable blockWritesTo(String table) throws SQLException {
        Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        c.setAutoCommit(false);
        try (var s = c.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
        }
        return () -> {
            c.commit();
            c.close();
        };
    }

    /** The database sessions waiting for a lock, with the statement they wait in. */
    List<String> waitingForALock() {
        return query("SELECT pid, query FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                rs -> "pid " + rs.getInt(1) + ": " + rs.getString(2));
    }

    /** Node index to the number of shards it holds on an unexpired lease (in the database's clock). */
    Map<Integer, Integer> shardsByNode() {
        Map<Integer, Integer> r = new TreeMap<>();
        shardHolders().values().forEach(n -> r.merge(n, 1, Integer::sum));
        return r;
    }

    /** Shard to the index of the node holding it on an unexpired lease; free and lapsed shards are absent. */
    Map<Integer, Integer> shardHolders() {
        Map<Integer, Integer> r = new TreeMap<>();
        for (Object[] row : query("SELECT l.shard, n.address, n.node_id FROM shard_leases l JOIN cluster_nodes n ON n.node_id = l.holder"
                + " WHERE l.expires_at > now()", rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)})) {
            r.put((Integer) row[0], indexOf((String) row[1], (String) row[2]));
        }
        return r;
    }

    /** The node holding this group's shard, or -1 when no live lease covers it. */
    int ownerOf(String group) {
        return shardHolders().getOrDefault(ShardMap.of(uuid(group)), -1);
    }

    /** Whether every one of the 64 shards is held, each by one of {@code among}. */
    boolean allShardsHeldBy(Set<Integer> among) {
        Map<Integer, Integer> h = shardHolders();
        return h.size() == ShardMap.COUNT && among.containsAll(h.values());
    }

    /**
     * Whether the nodes {@code among} hold all 64 shards, each some and none above its fair share
     * (ceil(64 / nodes)): the state the cluster settles in once nodes joined or left.
     */
    boolean balancedOver(Set<Integer> among) {
        Map<Integer, Integer> by = shardsByNode();
        int fair = (ShardMap.COUNT + among.size() - 1) / among.size();
        return allShardsHeldBy(among) && by.keySet().equals(among) && by.values().stream().allMatch(n -> n <= fair);
    }

    /** The node at this address (each start of a node has a new node id, on the same port). */
    private int indexOf(String address, String nodeId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (address.equals("127.0.0.1:" + nodes.get(i).port())) return i;
        }
        throw new IllegalStateException("node " + nodeId + " at " + address + " is none of this cluster's");
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    synchronized <T> List<T> query(String select, Row<T> row, Object... args) {
        try (PreparedStatement s = sql.prepareStatement(select)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(select + ": " + e.getMessage(), e);
        }
    }

    // ---- the cloud itself ----

    /** One EC2 instance of this cluster's installation in moto, in any state (moto keeps terminated ones). */
    record Vm(String id, String token, String group, String state, Instant launched) {
        boolean live() {
            return state.equals("pending") || state.equals("running");
        }
    }

    /** What moto holds for this installation, read in one listing. */
    record Cloud(List<Vm> vms) {
        /** Live VMs per group uuid. */
        Map<String, Long> liveByGroup() {
            return vms.stream().filter(Vm::live).collect(Collectors.groupingBy(Vm::group, TreeMap::new, Collectors.counting()));
        }

        long live(String groupUuid) {
            return liveByGroup().getOrDefault(groupUuid, 0L);
        }

        /** Tokens carried by more than one instance, live or dead: launches made twice. */
        Map<String, List<String>> duplicateTokens() {
            return vms.stream().collect(Collectors.groupingBy(Vm::token, TreeMap::new, Collectors.mapping(Vm::id, Collectors.toList())))
                    .entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        }

        /** Instance ids (any state) of these groups. */
        Set<String> ids(Set<String> groupUuids) {
            return vms.stream().filter(v -> groupUuids.contains(v.group)).map(Vm::id).collect(Collectors.toSet());
        }
    }

    /** moto's instances whose phantom:group tag starts with this installation's id (every test has its own). */
    Cloud cloud() {
        List<Vm> vms = ec2.describeInstancesPaginator(r -> r.filters(
                        Filter.builder().name("tag:phantom:group").values(installation + "*").build()))
                .reservations().stream().flatMap(res -> res.instances().stream())
                .map(i -> new Vm(i.instanceId(), tag(i.tags(), "phantom:token"), tag(i.tags(), "phantom:group"),
                        i.state().nameAsString(), i.launchTime()))
                .toList();
        return new Cloud(vms);
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse("(no " + key + ")");
    }

    /**
     * Waits until moto holds exactly {@code desired} live VMs for each group, every one of them among
     * the group's instances as node {@code via} describes them, and that node shows them all InService.
     */
    void awaitExactly(int via, Map<String, Integer> desired, Duration bound) {
        Map<String, String> uuids = new HashMap<>();
        desired.keySet().forEach(g -> uuids.put(g, uuid(g)));
        Eventually.await("moto and node " + via + " to hold exactly " + desired, bound, Duration.ofMillis(250), () -> {
            Cloud c = cloud();
            Map<String, AutoScalingGroup> d = describe(via, desired.keySet());
            Map<String, String> wrong = new TreeMap<>();
            desired.forEach((g, n) -> {
                Set<String> live = c.vms().stream().filter(v -> v.live() && v.group().equals(uuids.get(g))).map(Vm::id)
                        .collect(Collectors.toSet());
                Set<String> inService = d.get(g).instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService"))
                        .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId).collect(Collectors.toSet());
                boolean allReported = d.get(g).instances().size() == n;
                if (live.size() != n || !live.equals(inService) || !allReported) {
                    wrong.put(g, "moto " + live.size() + " live, " + inService.size() + " InService of " + d.get(g).instances().size());
                }
            });
            return wrong;
        }, Map::isEmpty);
    }

    private static List<String> toList(Iterable<String> names) {
        List<String> l = new ArrayList<>();
        names.forEach(l::add);
        return l;
    }

    /** Stops every node (SIGTERM; a paused one is resumed first), keeping their logs in target/. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (PhantomProcess n : nodes) {
            try {
                n.close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        clients.values().forEach(AutoScalingClient::close);
        relay.close();
        try {
            sql.close();
        } catch (SQLException ignored) {
            // the test is over
        }
        if (first != null) throw first;
    }
}
