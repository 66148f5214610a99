package phantom.bench.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import phantom.bench.PackagedServer;
import phantom.bench.load.MotoProcess;
import phantom.store.ShardMap;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * The take-over benchmark (docs/performance.md, "Cluster: take-over time"): three packaged nodes on
 * one embedded PostgreSQL, groups on moto's EC2 (behind {@link CloudRelay}, which gives launches and
 * terminations a cloud's latency), and four events, each repeated: SIGKILL of the node owning a group
 * mid scale-up, SIGKILL mid scale-in, SIGSTOP of an owning node past its lease then SIGCONT, and
 * SIGTERM of a node (one step of a rolling restart) then its restart; and, for reference, the scale-up
 * of the first with no node stopped (timed from the SetDesiredCapacity). For each it measures, from the
 * signal, the time until every shard the stopped node held is held by a live node ("shards held",
 * from {@code shard_leases}) and until every group is at its desired count, InService in the API and
 * live in moto ("groups at N"); it counts duplicate VMs (two instances with one {@code phantom:token})
 * and orphans (live Phantom VMs no group reports) in moto itself, and, after all groups are deleted at
 * the end, everything still live there.
 *
 * <p>Run it with {@code bench/run cluster [--runs N] [--lease S] [--groups N] [--vms N] [--step N]
 * [--latency-ms MS] [--timeout S] [--events abcd] [--seed N] [--smoke]}. Prints a table; writes no
 * file. Not a test: nothing here asserts a time.
 */
public final class TakeoverBenchmark {
    static final int NODES = 3;
    static final String SITE = "ec2";
    private static final String USER = "bench";

    /** The events, by the letter {@code --events} names them with. */
    enum Event {
        SCALE_UP('n', "scale-up, no node stopped (reference)"),
        KILL_SCALE_UP('a', "kill -9 of a node mid scale-up"),
        KILL_SCALE_IN('b', "kill -9 of a node mid scale-in"),
        PAUSE('c', "SIGSTOP past the lease, then SIGCONT"),
        TERM('d', "SIGTERM of a node (one step of a rolling restart)");

        final char letter;
        final String title;

        Event(char letter, String title) {
            this.letter = letter;
            this.title = title;
        }

        static Event of(char letter) {
            for (Event e : values()) {
                if (e.letter == letter) return e;
            }
            throw new IllegalArgumentException("unknown event " + letter + ": the events are n, a, b, c and d");
        }
    }

    /** The options, with their defaults. */
    record Options(int runs, double leaseSeconds, int groups, int vms, int step, int latencyMs, int timeoutSeconds,
            List<Event> events, long seed, boolean keep) {
        static final Options DEFAULT = new Options(3, 10, 6, 2, 3, 300, 120, List.of(Event.values()), 1, false);
        static final Options SMOKE = new Options(1, 3, 3, 1, 2, 300, 90, List.of(Event.KILL_SCALE_UP), 1, false);

        private static final Set<String> VALUED = Set.of("--runs", "--groups", "--vms", "--step", "--latency-ms", "--timeout",
                "--seed", "--lease", "--events");

        static Options parse(String... args) {
            Options o = List.of(args).contains("--smoke") ? SMOKE : DEFAULT;
            int runs = o.runs, groups = o.groups, vms = o.vms, step = o.step, latency = o.latencyMs, timeout = o.timeoutSeconds;
            double lease = o.leaseSeconds;
            List<Event> events = o.events;
            long seed = o.seed;
            boolean keep = o.keep;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--smoke")) continue;
                if (a.equals("--keep")) {
                    keep = true;
                    continue;
                }
                if (a.equals("--help") || a.equals("-h")) throw new IllegalArgumentException(usage());
                if (!VALUED.contains(a)) throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value\n" + usage());
                String v = args[++i];
                switch (a) {
                    case "--runs" -> runs = whole(a, v, 1);
                    case "--groups" -> groups = whole(a, v, 1);
                    case "--vms" -> vms = whole(a, v, 1);
                    case "--step" -> step = whole(a, v, 1);
                    case "--latency-ms" -> latency = whole(a, v, 0);
                    case "--timeout" -> timeout = whole(a, v, 10);
                    case "--seed" -> seed = whole(a, v, 0);
                    case "--lease" -> {
                        try {
                            lease = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("option --lease takes seconds, not " + v);
                        }
                        if (!(lease >= 2 && lease <= 120)) throw new IllegalArgumentException("option --lease must be 2 to 120 (cluster.lease_seconds)");
                    }
                    case "--events" -> {
                        List<Event> chosen = new ArrayList<>();
                        for (char c : v.toCharArray()) {
                            Event e = Event.of(c);
                            if (!chosen.contains(e)) chosen.add(e);
                        }
                        if (chosen.isEmpty()) throw new IllegalArgumentException("option --events needs at least one of n, a, b, c, d");
                        events = List.copyOf(chosen);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            return new Options(runs, lease, groups, vms, step, latency, timeout, events, seed, keep);
        }

        private static int whole(String option, String value, int least) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " takes a whole number, not " + value);
            }
            if (n < least) throw new IllegalArgumentException("option " + option + " must be at least " + least);
            return n;
        }

        static String usage() {
            return """
                    usage: bench/run cluster [options]
                      --runs N         times each event is repeated (default 3)
                      --lease S        cluster.lease_seconds of the nodes (default 10, the default under test)
                      --groups N       groups, spread over the 3 nodes by their shards (default 6)
                      --vms N          each group's desired count between events (default 2)
                      --step N         VMs a scale-up adds to each group of the node stopped, and a
                                       scale-in removes (default 3)
                      --latency-ms MS  the cloud's latency for RunInstances and TerminateInstances,
                                       added by a relay in front of moto (default 300)
                      --timeout S      longest wait for a take-over or for the cluster to settle (default 120)
                      --events LETTERS which events, of: n the scale-up of a with no node stopped (a
                                       reference: groups at N is then from the SetDesiredCapacity), a kill -9
                                       mid scale-up, b kill -9 mid scale-in, c SIGSTOP past the lease then
                                       SIGCONT, d SIGTERM then restart (default nabcd)
                      --seed N         picks the groups whose owner is stopped (default 1)
                      --keep           keeps the nodes' directories (config, data, phantom.log) and says where
                      --smoke          1 run of event a with lease 3 s, 3 groups (CI's smoke test)""";
        }
    }

    /**
     * One event's figures: seconds from the signal (null when not reached within the timeout) until the
     * shards are held, the groups are at N (in the API and in moto) and the groups are at N in moto alone;
     * duplicate VMs it caused, orphans left once the cluster settled, and the launches any node made
     * between the SIGCONT and the settled cluster (event c only; -1 otherwise).
     */
    record Outcome(Event event, int run, Double shardsHeldSeconds, Double groupsAtNSeconds, Double cloudAtNSeconds, int shardsMoved,
            int duplicates, int orphans, int launchesAfterResume) {
    }

    /** Every outcome, and the live VMs left in moto after all groups were deleted. */
    record Result(Options options, List<Outcome> outcomes, int leftAfterDelete, String table) {
    }

    private final Options o;
    private final PrintStream out;
    private final Random random;

    private TakeoverBenchmark(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
        this.random = new Random(o.seed);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    static Result run(Options o, PrintStream out) throws Exception {
        return new TakeoverBenchmark(o, out).run();
    }

    private Result run() throws Exception {
        if (!MotoProcess.installed()) throw new IllegalStateException(MotoProcess.MISSING);
        say("take-over benchmark: %d nodes, %d groups of %d VMs (+%d in a scale-up), lease %s s, cloud latency %d ms,"
                + " events %s, %d run(s) each", NODES, o.groups, o.vms, o.step, seconds(o.leaseSeconds), o.latencyMs,
                o.events.stream().map(e -> String.valueOf(e.letter)).collect(Collectors.joining()), o.runs);
        say("machine: %d processors, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        Path work = Files.createTempDirectory("bench-cluster");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                MotoProcess moto = MotoProcess.start();
                CloudRelay relay = CloudRelay.start(moto.endpoint(), Duration.ofMillis(o.latencyMs));
                CloudCensus cloud = new CloudCensus(moto.endpoint(), "AKIDBENCHCENSUS", "not-a-secret");
                Nodes nodes = new Nodes()) { // closed first: the nodes stop before their database and their cloud
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE phantom");
            }
            String url = pg.getJdbcUrl("postgres", "phantom");
            Path key = work.resolve("credentials.key");
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Files.writeString(Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    Base64.getEncoder().encodeToString(k) + "\n");
            String yaml = config(url, key, relay);
            for (int i = 0; i < NODES; i++) {
                nodes.add(new Node("node-" + (char) ('a' + i), work.resolve("node-" + (char) ('a' + i)), yaml, PackagedServer.freePort()));
            }
            long t0 = System.nanoTime();
            nodes.get(0).start(); // makes the schema and the shard rows; the others join it
            for (Node n : nodes.subList(1, NODES)) n.start();
            say("3 nodes listening %.1f s after the first start", elapsed(t0));
            try (ClusterView view = new ClusterView(url, "postgres", o.leaseSeconds)) {
                Cluster cluster = new Cluster(nodes, view, cloud, relay);
                cluster.setUp();
                List<Outcome> outcomes = new ArrayList<>();
                for (int run = 1; run <= o.runs; run++) {
                    for (Event e : o.events) {
                        Outcome outcome = cluster.event(e, run);
                        outcomes.add(outcome);
                        say("  run %d, %s: shards held %s, groups at N %s (in moto %s), %d shards moved, %d duplicate VMs, %d orphans%s",
                                run, e.title, figure(outcome.shardsHeldSeconds()), figure(outcome.groupsAtNSeconds()),
                                figure(outcome.cloudAtNSeconds()), outcome.shardsMoved(), outcome.duplicates(), outcome.orphans(),
                                e == Event.PAUSE ? ", " + outcome.launchesAfterResume() + " launches after SIGCONT" : "");
                    }
                }
                int left = cluster.deleteAll();
                String table = table(o, outcomes, left);
                say("");
                out.print(table);
                out.flush();
                return new Result(o, outcomes, left, table);
            }
        } finally {
            if (o.keep) {
                say("kept the nodes' directories, with their logs: %s", work);
            } else try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The nodes, stopped together at the end: SIGTERM to all (resumed first if paused), then each awaited. */
    final class Nodes extends ArrayList<Node> implements AutoCloseable {
        @Override
        public void close() {
            for (Node n : this) n.stopAsync();
            for (Node n : this) n.close();
        }
    }

    /** The config every node shares: the database, the key, the lease, one EC2 site at the relay. */
    String config(String url, Path key, CloudRelay relay) {
        return """
                database:
                  url: "%s"
                  user: postgres
                credentials_key_file: %s
                cluster:
                  lease_seconds: %s
                engine:
                  launch_parallelism: 1
                sites:
                  %s:
                    driver: ec2
                    region: us-east-1
                    endpoint: %s
                """.formatted(url, key, seconds(o.leaseSeconds), SITE, relay.endpoint());
    }

    /** One node: its directory and port, which stay the same across restarts. */
    final class Node implements AutoCloseable {
        final String name;
        final Path dir;
        final String yaml;
        final int port;
        PackagedServer server;
        boolean paused;

        Node(String name, Path dir, String yaml, int port) {
            this.name = name;
            this.dir = dir;
            this.yaml = yaml;
            this.port = port;
        }

        void start() throws Exception {
            server = PackagedServer.start(dir, yaml, null, port);
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        /** SIGTERM without waiting (SIGCONT first if paused). */
        void stopAsync() {
            if (server == null || !server.alive()) return;
            try {
                if (paused) server.signal("CONT");
                paused = false;
                server.signal("TERM");
            } catch (Exception e) {
                out.println("could not signal " + name + ": " + e);
            }
        }

        @Override
        public void close() {
            if (server != null) server.close();
        }
    }

    /** The running cluster and what the benchmark does to it. */
    final class Cluster {
        private final List<Node> nodes;
        private final ClusterView view;
        private final CloudCensus cloud;
        private final CloudRelay relay;
        private final Map<String, Integer> desired = new LinkedHashMap<>();
        private PackagedServer.Keys keys;
        private Map<String, String> uuids;

        Cluster(List<Node> nodes, ClusterView view, CloudCensus cloud, CloudRelay relay) {
            this.nodes = nodes;
            this.view = view;
            this.cloud = cloud;
            this.relay = relay;
        }

        /** The user, its EC2 credentials (moto takes any), a launch configuration and the groups; then a settled cluster. */
        void setUp() throws Exception {
            Node first = nodes.get(0);
            keys = first.server.addUser(USER);
            first.server.run("secret_access_key=not-a-secret\n", "credentials", "set", USER, SITE,
                    "access_key_id=AKIDBENCHUSER", "--stdin");
            String image = cloud.anImage();
            AutoScalingClient api = client(first);
            api.createLaunchConfiguration(r -> r.launchConfigurationName("bench").imageId(image).instanceType("t2.micro"));
            for (int i = 0; i < o.groups; i++) {
                String name = String.format(Locale.ROOT, "bench-%02d", i);
                // through each node in turn: any node answers for any group
                client(nodes.get(i % NODES)).createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                        .launchConfigurationName("bench").minSize(0).maxSize(o.vms + o.step).desiredCapacity(o.vms)
                        .availabilityZones(SITE));
                desired.put(name, o.vms);
            }
            uuids = view.groupUuids();
            long t0 = System.nanoTime();
            awaitSettled("the groups to fill");
            say("%d groups of %d VMs in service %.1f s after their creation; groups per node: %s", o.groups, o.vms,
                    elapsed(t0), groupsPerNode());
        }

        Outcome event(Event e, int run) throws Exception {
            int duplicatesBefore = CloudCensus.duplicates(cloud.all());
            Node victim = ownerOfARandomGroup();
            String victimId = idOf(victim);
            List<String> victimGroups = groupsOf(victimId);
            Set<Integer> victimShards = shardsOf(victimId);
            Node via = survivor(victim);
            int launchesAfterResume = -1;
            Measure m;
            switch (e) {
                case SCALE_UP -> {
                    long start = System.nanoTime();
                    setDesired(via, victimGroups, o.vms + o.step);
                    victimShards = Set.of(); // nothing is stopped: no shard moves
                    m = measure(start, victimShards, null);
                }
                case KILL_SCALE_UP -> {
                    int launches = relay.answered("RunInstances");
                    setDesired(via, victimGroups, o.vms + o.step);
                    awaitCall("RunInstances", launches + 1);
                    long signal = System.nanoTime();
                    victim.server.signal("KILL");
                    m = measure(signal, victimShards, victim);
                    victim.server.awaitExit(Duration.ofSeconds(30));
                    victim.start();
                }
                case KILL_SCALE_IN -> {
                    setDesired(via, victimGroups, o.vms + o.step);
                    awaitSettled("the scale-up before the scale-in");
                    victimShards = shardsOf(victimId); // the same node: settled means no shard moved
                    int terminations = relay.answered("TerminateInstances");
                    setDesired(via, victimGroups, o.vms);
                    awaitCall("TerminateInstances", terminations + 1);
                    long signal = System.nanoTime();
                    victim.server.signal("KILL");
                    m = measure(signal, victimShards, victim);
                    victim.server.awaitExit(Duration.ofSeconds(30));
                    victim.start();
                }
                case PAUSE -> {
                    int launches = relay.answered("RunInstances");
                    setDesired(via, victimGroups, o.vms + o.step);
                    awaitCall("RunInstances", launches + 1);
                    long signal = System.nanoTime();
                    victim.server.signal("STOP");
                    victim.paused = true;
                    m = measure(signal, victimShards, victim);
                    long pastLease = signal + Duration.ofMillis((long) (o.leaseSeconds * 1000) + 1000).toNanos();
                    while (System.nanoTime() < pastLease) Thread.sleep(100); // keep it paused past its lease
                    int before = relay.answered("RunInstances");
                    victim.server.signal("CONT");
                    victim.paused = false;
                    awaitSettled("the resumed node to rejoin");
                    launchesAfterResume = relay.answered("RunInstances") - before;
                }
                case TERM -> {
                    long signal = System.nanoTime();
                    victim.server.signal("TERM");
                    m = measure(signal, victimShards, victim);
                    if (!victim.server.awaitExit(Duration.ofSeconds(60))) {
                        throw new IllegalStateException(victim.name + " did not stop within 60 s of SIGTERM");
                    }
                    victim.start();
                }
                default -> throw new IllegalStateException();
            }
            awaitSettled("the cluster to settle after " + e.title);
            int orphans = persistentOrphans();
            if (desired.values().stream().anyMatch(d -> d != o.vms)) {
                setDesired(via, List.copyOf(desired.keySet()), o.vms);
                awaitSettled("the groups back at " + o.vms);
            }
            int duplicates = CloudCensus.duplicates(cloud.all()) - duplicatesBefore;
            return new Outcome(e, run, m.shardsHeld, m.groupsAtN, m.cloudAtN, victimShards.size(), duplicates, orphans, launchesAfterResume);
        }

        /** Seconds from the signal to the two moments, polled every 100 ms or so. */
        record Measure(Double shardsHeld, Double groupsAtN, Double cloudAtN) {
        }

        private Measure measure(long signal, Set<Integer> shards, Node stopped) throws Exception {
            Set<String> others = new HashSet<>();
            for (Node n : nodes) {
                if (n != stopped) others.add(idOf(n));
            }
            Node via = stopped == null ? nodes.get(0) : survivor(stopped);
            Double held = null, atN = null, cloudAtN = null;
            long deadline = signal + Duration.ofSeconds(o.timeoutSeconds).toNanos();
            while ((held == null || atN == null) && System.nanoTime() < deadline) {
                if (held == null) {
                    Map<Integer, String> holders = view.holders();
                    if (shards.stream().allMatch(s -> others.contains(holders.get(s)))) held = elapsed(signal);
                }
                if (cloudAtN == null && cloudAtN()) cloudAtN = elapsed(signal);
                if (cloudAtN != null && atN == null && groupsAtN(via)) atN = elapsed(signal);
                if (held == null || atN == null) Thread.sleep(100); // polling the database, the API and moto
            }
            return new Measure(held, atN, cloudAtN);
        }

        /** Every group at its desired count: that many InService in the API, and that many live in moto. */
        private boolean groupsAtN(Node via) {
            Map<String, AutoScalingGroup> groups = describe(via);
            for (Map.Entry<String, Integer> d : desired.entrySet()) {
                AutoScalingGroup g = groups.get(d.getKey());
                if (g == null || g.desiredCapacity() != d.getValue().intValue() || g.instances().size() != d.getValue()
                        || !g.instances().stream().allMatch(i -> i.lifecycleStateAsString().equals("InService"))) {
                    return false;
                }
            }
            return cloudAtN();
        }

        /** Every group with its desired count of live VMs in moto. */
        private boolean cloudAtN() {
            Map<String, Integer> live = CloudCensus.liveByGroup(cloud.all());
            return desired.entrySet().stream().allMatch(d -> live.getOrDefault(uuids.get(d.getKey()), 0).intValue() == d.getValue());
        }

        private Map<String, AutoScalingGroup> describe(Node via) {
            return client(via).describeAutoScalingGroupsPaginator(r -> r.maxRecords(100)).autoScalingGroups().stream()
                    .collect(Collectors.toMap(AutoScalingGroup::autoScalingGroupName, g -> g));
        }

        /**
         * Settled: every node live, every shard held by a live node, the shares differing by at most
         * one, and every group at N.
         */
        void awaitSettled(String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(o.timeoutSeconds).toNanos();
            String state = "";
            while (System.nanoTime() < deadline) {
                Map<String, String> live = view.liveNodes();
                Map<Integer, String> holders = view.holders();
                Map<String, Long> shares = holders.values().stream().collect(Collectors.groupingBy(h -> h, Collectors.counting()));
                boolean balanced = holders.size() == ShardMap.COUNT && live.keySet().containsAll(shares.keySet())
                        && shares.size() == NODES && live.values().containsAll(nodes.stream().map(Node::address).toList())
                        && shares.values().stream().mapToLong(x -> x).max().orElse(0) - shares.values().stream().mapToLong(x -> x).min().orElse(0) <= 1;
                state = "live nodes " + live.size() + ", shares " + shares.values();
                if (balanced && groupsAtN(nodes.get(0).paused ? nodes.get(1) : nodes.get(0))) return;
                Thread.sleep(200); // polling the database, the API and moto
            }
            throw new IllegalStateException("waited " + o.timeoutSeconds + " s for " + what + " (--timeout); " + state);
        }

        /** Live Phantom VMs that no group reports, seen twice a second apart (a VM being recorded is not one). */
        private int persistentOrphans() throws Exception {
            Set<String> first = CloudCensus.orphans(cloud.all(), reported());
            Thread.sleep(1000); // the second look
            Set<String> second = CloudCensus.orphans(cloud.all(), reported());
            first.retainAll(second);
            if (!first.isEmpty()) say("  orphans in moto: %s", first);
            return first.size();
        }

        private Set<String> reported() {
            return describe(nodes.get(0)).values().stream().flatMap(g -> g.instances().stream()).map(Instance::instanceId)
                    .collect(Collectors.toSet());
        }

        /** Deletes every group (ForceDelete) and waits for moto to run none of their VMs; how many are left live in moto. */
        int deleteAll() throws Exception {
            AutoScalingClient api = client(nodes.get(0));
            for (String g : desired.keySet()) {
                api.deleteAutoScalingGroup(r -> r.autoScalingGroupName(g).forceDelete(true));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(o.timeoutSeconds).toNanos();
            long left;
            do {
                left = cloud.all().stream().filter(CloudCensus.Vm::live).count();
                if (left == 0 && describe(nodes.get(0)).isEmpty()) break;
                Thread.sleep(500); // polling moto while the owners terminate
            } while (System.nanoTime() < deadline);
            say("after deleting every group: %d VMs live in moto", left);
            return (int) left;
        }

        private void setDesired(Node via, List<String> groups, int n) {
            AutoScalingClient api = client(via);
            for (String g : groups) {
                api.setDesiredCapacity(r -> r.autoScalingGroupName(g).desiredCapacity(n));
                desired.put(g, n);
            }
        }

        private void awaitCall(String action, int count) throws InterruptedException {
            if (!relay.awaitAnswered(action, count, Duration.ofSeconds(o.timeoutSeconds))) {
                throw new IllegalStateException("no " + action + " reached the cloud within " + o.timeoutSeconds + " s");
            }
        }

        /** The node holding the shard of a group picked at random (a node holding at least one group). */
        private Node ownerOfARandomGroup() throws Exception {
            List<String> names = List.copyOf(uuids.keySet());
            Map<Integer, String> holders = view.holders();
            Map<String, String> addresses = view.allNodes();
            String name = names.get(random.nextInt(names.size()));
            String holder = holders.get(ShardMap.of(uuids.get(name)));
            String address = addresses.get(holder);
            return nodes.stream().filter(n -> n.address().equals(address)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no node at " + address + " holds the shard of " + name));
        }

        private String idOf(Node n) throws Exception {
            return view.liveNodes().entrySet().stream().filter(e -> e.getValue().equals(n.address())).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new IllegalStateException(n.name + " (" + n.address() + ") is not a live node"));
        }

        private Set<Integer> shardsOf(String nodeId) throws Exception {
            return view.holders().entrySet().stream().filter(e -> e.getValue().equals(nodeId)).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }

        private List<String> groupsOf(String nodeId) throws Exception {
            Set<Integer> shards = shardsOf(nodeId);
            return uuids.entrySet().stream().filter(e -> shards.contains(ShardMap.of(e.getValue()))).map(Map.Entry::getKey).toList();
        }

        private Map<String, Integer> groupsPerNode() throws Exception {
            Map<String, Integer> per = new LinkedHashMap<>();
            for (Node n : nodes) per.put(n.name, groupsOf(idOf(n)).size());
            return per;
        }

        private Node survivor(Node victim) {
            return nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
        }

        private final Map<Node, Map<PackagedServer, AutoScalingClient>> clients = new HashMap<>();

        /** The user's API client for the node's current process (a restarted node gets a new one). */
        private AutoScalingClient client(Node n) {
            return clients.computeIfAbsent(n, x -> new HashMap<>()).computeIfAbsent(n.server, s -> s.client(keys));
        }
    }

    /** The table of docs/cluster.md's "Measured take-over time": median and max per event, duplicates and orphans. */
    static String table(Options o, List<Outcome> outcomes, int leftAfterDelete) {
        StringBuilder t = new StringBuilder();
        String size = NODES + " nodes, " + o.groups + " groups, " + (o.groups * o.vms) + "-" + (o.groups * (o.vms + o.step)) + " VMs";
        t.append("| event | nodes, groups, VMs | `lease_seconds` | shards held (median / max) | groups at N (median / max) | duplicate VMs | orphaned VMs |\n");
        t.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Event e : o.events) {
            List<Outcome> of = outcomes.stream().filter(x -> x.event() == e).toList();
            if (of.isEmpty()) continue;
            t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d |%n", e.title, size, seconds(o.leaseSeconds),
                    e == Event.SCALE_UP ? "-" : medianMax(of.stream().map(Outcome::shardsHeldSeconds).toList(), o.timeoutSeconds),
                    medianMax(of.stream().map(Outcome::groupsAtNSeconds).toList(), o.timeoutSeconds),
                    of.stream().mapToInt(Outcome::duplicates).sum(), of.stream().mapToInt(Outcome::orphans).sum()));
        }
        t.append("\ngroups at N in moto alone (live VMs, before the API shows them InService), median / max:\n");
        for (Event e : o.events) {
            List<Outcome> of = outcomes.stream().filter(x -> x.event() == e).toList();
            if (!of.isEmpty()) {
                t.append("  ").append(e.title).append(": ")
                        .append(medianMax(of.stream().map(Outcome::cloudAtNSeconds).toList(), o.timeoutSeconds)).append('\n');
            }
        }
        List<Outcome> paused = outcomes.stream().filter(x -> x.event() == Event.PAUSE).toList();
        t.append(String.format(Locale.ROOT, "runs: %d of each event; shards moved per event: %s%n", o.runs,
                outcomes.stream().map(x -> String.valueOf(x.shardsMoved())).collect(Collectors.joining(", "))));
        if (!paused.isEmpty()) {
            t.append(String.format(Locale.ROOT, "launches by any node between SIGCONT and the settled cluster: %d%n",
                    paused.stream().mapToInt(Outcome::launchesAfterResume).sum()));
        }
        t.append(String.format(Locale.ROOT, "after deleting every group: %d VMs live in moto%n", leftAfterDelete));
        return t.toString();
    }

    /** "10.9 s / 11.4 s" of the figures; a figure not reached within the timeout counts as "> T s". */
    static String medianMax(List<Double> figures, int timeoutSeconds) {
        long missed = figures.stream().filter(f -> f == null).count();
        List<Double> sorted = figures.stream().map(f -> f == null ? Double.POSITIVE_INFINITY : f).sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        String max = missed > 0 ? "> " + timeoutSeconds + " s (" + missed + " of " + n + " timed out)" : figure(sorted.get(n - 1));
        return (Double.isInfinite(median) ? "> " + timeoutSeconds + " s" : figure(median)) + " / " + max;
    }

    private static String figure(Double s) {
        return s == null ? "not reached" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private static double elapsed(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
