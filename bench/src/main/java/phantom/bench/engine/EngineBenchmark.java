package phantom.bench.engine;

import phantom.bench.PackagedServer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import phantom.driver.sim.SimVm;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/**
 * The engine benchmark of issue 9 (docs/performance.md): packaged Phantom servers on sim sites,
 * driven through the Auto Scaling API with the AWS SDK, measuring what the engine does rather than
 * what one call costs. Run it with {@code bench/run engine [options]} ({@code --help} lists them).
 *
 * <p>Scenarios, each on a fresh server of its own (the figure names are stable, for {@code --only}
 * and the smoke test):
 * <ul>
 *   <li>{@code scale-up}: 10 groups x 10 VMs, create -> all InService;
 *   <li>{@code groups}: G groups x 10 VMs on sim sites with room: last create -> all InService; then,
 *       idle, the server's CPU per resync period and its heap after a full GC (it runs with -Xmx1g);
 *       then SetDesiredCapacity on a few groups -> the new VM launched in the cloud;
 *   <li>{@code time-to-n}: N VMs (boot 2 s, 50 ms API latency) at each engine parallelism, against
 *       the bound boot + latency x ceil(N / parallelism): until the last VM runs in the cloud, and
 *       until the API shows all InService;
 *   <li>{@code overflow}: first capacity, quota, config, transient failure on the first site -> first
 *       launch on the next site;
 *   <li>{@code death}: a VM's death in the cloud -> its replacement launched, against the site's
 *       watch interval.
 * </ul>
 * Every server listens on 127.0.0.1 on a free port and is stopped at the end, also on failure. A
 * scenario that fails or times out is reported and the others still run; the exit status is then 1.
 */
public final class EngineBenchmark {
    static final List<String> SCENARIOS = List.of("scale-up", "groups", "time-to-n", "overflow", "death");

    /** Phantom's limit of groups per user (Limits.DEFAULT, AWS's default): more groups need more users. */
    static final int GROUPS_PER_USER = 200;

    static final double LATENCY_MS = 50;

    /**
     * @param groups groups of 10 VMs in the {@code groups} scenario
     * @param sites the sim sites they are spread over
     * @param parallelism the engine parallelisms of {@code time-to-n}
     * @param vms N of {@code time-to-n}
     * @param resync {@code engine.resync_seconds} of every server
     * @param watch the death site's {@code watch_seconds}
     * @param idlePeriods resync periods over which idle CPU is measured
     * @param acts SetDesiredCapacity changes timed in {@code groups}
     * @param deathSeconds how long VMs are left to die in {@code death}
     * @param maxWait the longest any one wait may take before its scenario is reported as failed
     * @param threads client threads for bulk creates
     * @param only the scenarios to run; empty for all
     * @param work where the servers' directories go; null for a temporary directory, deleted at the end
     */
    record Options(boolean smoke, int groups, int sites, List<Integer> parallelism, int vms, double resync, double watch,
            int idlePeriods, int acts, double deathSeconds, double maxWait, int threads, Set<String> only, Path work) {

        static Options parse(String... args) {
            List<String> a = Arrays.asList(args);
            boolean smoke = a.contains("--smoke");
            Options o = smoke
                    ? new Options(true, 20, 2, List.of(8, 32), 20, 1, 0.5, 2, 2, 4, 60, 4, Set.of(), null)
                    : new Options(false, 10_000, 4, List.of(8, 32), 1000, 10, 2, 3, 5, 90, 3600, 8, Set.of(), null);
            for (int i = 0; i < args.length; i++) {
                String k = args[i];
                if (k.equals("--smoke")) continue;
                if (k.equals("--help") || k.equals("-h")) throw new Usage(null);
                if (i + 1 >= args.length) throw new Usage(k + " needs a value");
                String v = args[++i];
                try {
                    o = switch (k) {
                        case "--groups" -> o.with(p -> p.groups = positive(k, Integer.parseInt(v)));
                        case "--sites" -> o.with(p -> p.sites = positive(k, Integer.parseInt(v)));
                        case "--parallelism" -> o.with(p -> p.parallelism = Arrays.stream(v.split(","))
                                .map(s -> positive(k, Integer.parseInt(s.strip()))).toList());
                        case "--vms" -> o.with(p -> p.vms = positive(k, Integer.parseInt(v)));
                        case "--resync" -> o.with(p -> p.resync = positive(k, Double.parseDouble(v)));
                        case "--watch" -> o.with(p -> p.watch = positive(k, Double.parseDouble(v)));
                        case "--idle-periods" -> o.with(p -> p.idlePeriods = positive(k, Integer.parseInt(v)));
                        case "--acts" -> o.with(p -> p.acts = positive(k, Integer.parseInt(v)));
                        case "--death-seconds" -> o.with(p -> p.deathSeconds = positive(k, Double.parseDouble(v)));
                        case "--max-wait" -> o.with(p -> p.maxWait = positive(k, Double.parseDouble(v)));
                        case "--threads" -> o.with(p -> p.threads = positive(k, Integer.parseInt(v)));
                        case "--work" -> o.with(p -> p.work = Path.of(v));
                        case "--only" -> o.with(p -> {
                            Set<String> names = new LinkedHashSet<>(Arrays.stream(v.split(",")).map(String::strip).toList());
                            for (String n : names) if (!SCENARIOS.contains(n)) throw new Usage("unknown scenario '" + n + "' (known: " + SCENARIOS + ")");
                            p.only = names;
                        });
                        default -> throw new Usage("unknown option " + k);
                    };
                } catch (NumberFormatException e) {
                    throw new Usage(k + " needs a number, got '" + v + "'");
                }
            }
            return o;
        }

        private static <T extends Number> T positive(String k, T n) {
            if (n.doubleValue() <= 0) throw new Usage(k + " must be positive, got " + n);
            return n;
        }

        boolean runs(String scenario) {
            return only.isEmpty() || only.contains(scenario);
        }

        /** A copy with some fields changed (records have no withers). */
        Options with(Consumer<Mutable> change) {
            Mutable m = new Mutable(this);
            change.accept(m);
            return m.freeze();
        }

        static final class Mutable {
            boolean smoke;
            int groups, sites, vms, idlePeriods, acts, threads;
            List<Integer> parallelism;
            double resync, watch, deathSeconds, maxWait;
            Set<String> only;
            Path work;

            Mutable(Options o) {
                smoke = o.smoke; groups = o.groups; sites = o.sites; parallelism = o.parallelism; vms = o.vms; resync = o.resync;
                watch = o.watch; idlePeriods = o.idlePeriods; acts = o.acts; deathSeconds = o.deathSeconds; maxWait = o.maxWait;
                threads = o.threads; only = o.only; work = o.work;
            }

            Options freeze() {
                return new Options(smoke, groups, sites, List.copyOf(parallelism), vms, resync, watch, idlePeriods, acts,
                        deathSeconds, maxWait, threads, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(only)), work);
            }
        }
    }

    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    static final String USAGE = """
            usage: bench/run engine [--smoke] [--only SCENARIO[,SCENARIO...]] [options]
              scenarios: scale-up, groups, time-to-n, overflow, death (all when --only is not given)
              --smoke             tiny sizes, about a minute in all (what CI runs); other options still apply
              --groups G          groups of 10 VMs in `groups` (10000; smoke 20)
              --sites S           sim sites they are spread over (4; smoke 2)
              --parallelism P,P   engine.launch_parallelism values of `time-to-n` (8,32)
              --vms N             VMs of `time-to-n` (1000; smoke 20)
              --resync S          engine.resync_seconds of every server (10, the default; smoke 1)
              --watch S           watch_seconds of the `death` site (2; smoke 0.5)
              --idle-periods K    resync periods over which idle CPU is measured (3; smoke 2)
              --acts K            SetDesiredCapacity changes timed in `groups` (5; smoke 2)
              --death-seconds S   how long VMs are left to die in `death` (90; smoke 4)
              --max-wait S        the longest one wait may take before its scenario fails (3600; smoke 60)
              --threads T         client threads for bulk creates (8; smoke 4)
              --work DIR          keep the servers' directories (config, data, log) under DIR
            """;

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Usage u) {
            if (u.getMessage() != null) System.err.println("engine benchmark: " + u.getMessage());
            System.err.print(USAGE);
            System.exit(u.getMessage() == null ? 0 : 2);
            return;
        }
        Result r = run(o, System.out);
        System.exit(r.failures().isEmpty() ? 0 : 1);
    }

    /** What one run measured, and the scenarios that failed (name: why). */
    record Result(List<Figure> figures, List<String> failures) {
    }

    static Result run(Options o, PrintStream out) throws Exception {
        List<Figure> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Consumer<Figure> emit = f -> {
            figures.add(f);
            out.println(f.line());
            out.flush();
        };
        Path work = o.work() != null ? Files.createDirectories(o.work()) : Files.createTempDirectory("phantom-engine-bench");
        out.println(header(o));
        try {
            for (String scenario : SCENARIOS) {
                if (!o.runs(scenario)) continue;
                long t0 = System.nanoTime();
                try {
                    Scenario s = new Scenario(o, work.resolve(scenario), emit, out);
                    switch (scenario) {
                        case "scale-up" -> s.scaleUp();
                        case "groups" -> s.groups();
                        case "time-to-n" -> s.timeToN();
                        case "overflow" -> s.overflow();
                        case "death" -> s.death();
                        default -> throw new IllegalStateException(scenario);
                    }
                    out.printf(Locale.ROOT, "# %s done in %.1f s%n", scenario, seconds(t0));
                } catch (Exception e) {
                    String why = scenario + ": " + e;
                    failures.add(why);
                    out.println("FAILED " + why);
                    e.printStackTrace(out);
                }
            }
        } finally {
            if (o.work() == null) delete(work);
        }
        return new Result(figures, failures);
    }

    private static String header(Options o) {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            load = "unknown";
        }
        return String.format(Locale.ROOT, "# engine benchmark %s: %d cores, %s %s, Java %s, load average %s%n"
                        + "# options: %s", Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), load, o);
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temporary directory: what is left is the OS's to clean
        }
    }

    /** One scenario's servers and helpers. */
    static final class Scenario {
        private final Options o;
        private final Path dir;
        private final Consumer<Figure> emit;
        private final PrintStream out;

        Scenario(Options o, Path dir, Consumer<Figure> emit, PrintStream out) {
            this.o = o;
            this.dir = dir;
            this.emit = emit;
            this.out = out;
        }

        void scaleUp() throws Exception {
            int groups = o.smoke() ? 2 : 10;
            int each = o.smoke() ? 2 : 10;
            double boot = o.smoke() ? 0.2 : 5;
            String yaml = yaml(engine(8), Map.of("hotel", sim(boot, Map.of())));
            try (PackagedServer s = PackagedServer.start(dir, yaml, null)) {
                AutoScalingClient c = s.user("bench");
                launchConfiguration(c, "web", "hotel", "ami-1");
                List<String> names = new ArrayList<>();
                for (int i = 0; i < groups; i++) names.add(String.format(Locale.ROOT, "web-%02d", i));
                long t0 = System.nanoTime();
                parallel(o.threads(), groups, i -> createGroup(c, names.get(i), "web", "hotel:-1", each));
                awaitInService(c, names);
                emit.accept(new Figure("scale-up", seconds(t0), "s",
                        groups + " groups x " + each + " VMs, create -> all InService (sim boot " + num(boot) + " s)",
                        "none; 6 s before issue 9; the boot, " + num(boot) + " s, is the floor"));
            }
        }

        void groups() throws Exception {
            int g = o.groups();
            int each = 10;
            double boot = o.smoke() ? 0.2 : 2;
            Map<String, Map<String, Object>> sites = new LinkedHashMap<>();
            for (int k = 0; k < o.sites(); k++) sites.put("s" + k, sim(boot, Map.of()));
            try (PackagedServer s = PackagedServer.start(dir, yaml(engine(8), sites), "-Xmx1g")) {
                int userCount = (g + GROUPS_PER_USER - 1) / GROUPS_PER_USER;
                AutoScalingClient[] users = new AutoScalingClient[userCount];
                parallel(Math.min(4, o.threads()), userCount, u -> {
                    users[u] = s.user("bench" + u);
                    for (String site : sites.keySet()) launchConfiguration(users[u], "web", site, "ami-1");
                });
                long c0 = System.nanoTime();
                parallel(o.threads(), g, i -> createGroup(users[i / GROUPS_PER_USER], groupName(i), "web", site(i) + ":-1", each));
                long lastCreate = System.nanoTime();
                out.printf(Locale.ROOT, "# created %d groups of %d users in %.1f s (%.0f per second)%n", g, userCount,
                        (lastCreate - c0) / 1e9, g / ((lastCreate - c0) / 1e9));

                // the cloud first (cheap to read), then the API, which must show every group InService
                long expected = (long) g * each;
                await("all " + expected + " VMs running in the clouds", 1000, () -> running(s.dataDir(), sites.keySet()),
                        n -> n >= expected);
                Map<Integer, Set<String>> pending = new LinkedHashMap<>();
                for (int i = 0; i < g; i++) pending.computeIfAbsent(i / GROUPS_PER_USER, u -> new LinkedHashSet<>()).add(groupName(i));
                long deadline = System.nanoTime() + (long) (o.maxWait() * 1e9);
                while (!pending.isEmpty()) {
                    long round = System.nanoTime();
                    for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                        var e = it.next();
                        e.getValue().removeAll(inService(users[e.getKey()], e.getValue()));
                        if (e.getValue().isEmpty()) it.remove();
                    }
                    if (pending.isEmpty()) break;
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(pending.values().stream().mapToInt(Set::size).sum() + " of " + g
                                + " groups not yet InService after " + num(o.maxWait()) + " s");
                    }
                    if (seconds(round) < 0.5) Thread.sleep(500);
                }
                emit.accept(new Figure("groups.in-service", (System.nanoTime() - lastCreate) / 1e9, "s",
                        g + " groups x " + each + " VMs on " + o.sites() + " sim sites, last create -> all InService",
                        "10,000 groups within 120 s"));

                Thread.sleep((long) (o.resync() * 1000)); // let the last passes and the API's work settle
                double cpu0 = s.cpuSeconds();
                long w0 = System.nanoTime();
                Thread.sleep((long) (o.idlePeriods() * o.resync() * 1000));
                double cpu = s.cpuSeconds() - cpu0;
                double periods = seconds(w0) / o.resync();
                emit.accept(new Figure("groups.idle-cpu", cpu / periods, "s",
                        "server CPU per resync period (" + num(o.resync()) + " s), idle with all in service, over "
                                + String.format(Locale.ROOT, "%.1f", periods) + " periods",
                        "a full resync round under 1 s of CPU"));
                emit.accept(new Figure("groups.heap", s.heapUsedAfterGc() / 1048576.0, "MiB",
                        "server heap used after a full GC, all in service (it runs with -Xmx1g)", "under 1 GiB"));

                List<Double> acts = new ArrayList<>();
                for (int k = 0; k < o.acts(); k++) {
                    int i = (int) ((long) g * (2 * k + 1) / (2L * o.acts()));
                    String name = groupName(i);
                    AutoScalingClient c = users[i / GROUPS_PER_USER];
                    Instant t0 = Instant.now();
                    c.setDesiredCapacity(r -> r.autoScalingGroupName(name).desiredCapacity(each + 1));
                    List<SimVm> vms = await(name + "'s 11th VM in the cloud", 200,
                            () -> SimSites.ofGroup(s.dataDir(), site(i), name).stream().filter(SimVm::live).toList(),
                            l -> l.size() > each);
                    Instant launched = vms.stream().map(SimVm::launchTime).max(Comparator.naturalOrder()).orElseThrow();
                    acts.add(seconds(t0, launched));
                }
                emit.accept(new Figure("groups.act", median(acts), "s", "SetDesiredCapacity +1 -> the new VM launched, median of "
                        + acts.size() + " groups, with all " + g + " groups in place", "under 1 s"));
                emit.accept(new Figure("groups.act-max", max(acts), "s", "the same, the slowest of " + acts.size(), "under 1 s"));
            }
        }

        private String site(int group) {
            return "s" + (group % o.sites());
        }

        private static String groupName(int i) {
            return String.format(Locale.ROOT, "g%05d", i);
        }

        private static long running(Path dataDir, Set<String> sites) {
            Instant now = Instant.now();
            long n = 0;
            for (String site : sites) {
                n += SimSites.vms(dataDir, site).stream().filter(v -> v.live() && v.stateAt(now) == phantom.core.driver.CloudState.RUNNING).count();
            }
            return n;
        }

        void timeToN() throws Exception {
            int n = o.vms();
            double boot = o.smoke() ? 0.5 : 2;
            for (int p : o.parallelism()) {
                Map<String, Object> latency = Map.of("api_latency_ms", (int) LATENCY_MS);
                try (PackagedServer s = PackagedServer.start(dir.resolve("p" + p), yaml(engine(p), Map.of("hotel", sim(boot, latency))), null)) {
                    AutoScalingClient c = s.user("bench");
                    launchConfiguration(c, "big", "hotel", "ami-1");
                    List<String> names = new ArrayList<>();
                    List<Integer> sizes = new ArrayList<>();
                    for (int left = n, j = 0; left > 0; left -= 1000, j++) {
                        names.add("big-" + j);
                        sizes.add(Math.min(1000, left));
                    }
                    Instant t0 = Instant.now();
                    long n0 = System.nanoTime();
                    parallel(names.size(), names.size(), j -> createGroup(c, names.get(j), "big", "hotel:-1", sizes.get(j)));
                    awaitInService(c, names);
                    double api = seconds(n0);
                    Set<String> ours = new HashSet<>(names);
                    List<SimVm> vms = SimSites.vms(s.dataDir(), "hotel").stream().filter(v -> v.live() && ours.contains(v.groupName())).toList();
                    if (vms.size() != n) throw new IllegalStateException("the cloud holds " + vms.size() + " live VMs, not " + n);
                    double cloud = seconds(t0, vms.stream().map(SimVm::runningAt).max(Comparator.naturalOrder()).orElseThrow());
                    double bound = boot + LATENCY_MS / 1000 * Math.ceil(n / (double) p);
                    String what = n + " VMs at parallelism " + p + " (boot " + num(boot) + " s, latency " + (int) LATENCY_MS
                            + " ms; bound " + String.format(Locale.ROOT, "%.2f", bound) + " s)";
                    String name = "time-to-n.p" + p;
                    emit.accept(new Figure(name + ".cloud", cloud, "s", what + ": create -> last VM running in the cloud", "-"));
                    emit.accept(new Figure(name + ".cloud-ratio", cloud / bound, "x", "the same over the bound", "<= 1.2x"));
                    emit.accept(new Figure(name + ".in-service", api, "s", what + ": create -> all InService in the API", "-"));
                    emit.accept(new Figure(name + ".in-service-ratio", api / bound, "x", "the same over the bound", "<= 1.2x"));
                }
            }
        }

        /** The first site of each case fails in its own way; the second, {@code spare}, has room. */
        void overflow() throws Exception {
            double boot = o.smoke() ? 0.2 : 1;
            Map<String, Map<String, Object>> sites = new LinkedHashMap<>();
            sites.put("full", sim(boot, Map.of("capacity", 2)));
            sites.put("limited", sim(boot, Map.of("quota", 2)));
            sites.put("broken", sim(boot, Map.of()));
            sites.put("flaky", sim(boot, Map.of("launch_error_rate", 1, "launch_error_class", "transient")));
            sites.put("spare", sim(boot, Map.of()));
            record Case(String fault, String site, String image, String target) {
            }
            List<Case> cases = List.of(
                    new Case("capacity", "full", "ami-1", "under 0.5 s"),
                    new Case("quota", "limited", "ami-1", "under 0.5 s"),
                    new Case("config", "broken", "invalid-ami", "under 0.5 s"),
                    new Case("transient", "flaky", "ami-1", "within 5 s, retries included"));
            try (PackagedServer s = PackagedServer.start(dir, yaml(engine(8), sites), null)) {
                AutoScalingClient c = s.user("bench");
                for (Case k : cases) {
                    String family = k.fault();
                    String group = family + "-g";
                    launchConfiguration(c, family, k.site(), k.image());
                    launchConfiguration(c, family, "spare", "ami-1");
                    createGroup(c, group, family, k.site() + ":-1,spare:-1", 4);
                    awaitInService(c, List.of(group));
                    Instant firstFailure = activities(c, group).stream()
                            .filter(a -> a.statusCodeAsString().equals("Failed") && a.description().startsWith("Launching")
                                    && a.details() != null && a.details().contains("\"" + k.site() + "\"") && a.endTime() != null)
                            .map(Activity::endTime).min(Comparator.naturalOrder())
                            .orElseThrow(() -> new IllegalStateException(group + ": no failed launch on " + k.site()));
                    Instant firstSpare = SimSites.ofGroup(s.dataDir(), "spare", group).stream().map(SimVm::launchTime)
                            .min(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException(group + ": nothing on spare"));
                    emit.accept(new Figure("overflow." + family, seconds(firstFailure, firstSpare), "s",
                            "first " + family + " failure on " + k.site() + " -> first launch on the next site", k.target()));
                }
            }
        }

        /**
         * Many small groups with rare deaths, so that each group sees a death seldom and its passes run
         * at the engine's own pace (a group whose VMs die every second is re-checked constantly anyway).
         */
        void death() throws Exception {
            int groups = o.smoke() ? 5 : 20;
            int each = o.smoke() ? 2 : 5;
            double boot = o.smoke() ? 0.2 : 0.5;
            double rate = o.smoke() ? 720 : 8; // deaths per VM-hour: mean lifetimes of 5 s (smoke) and 7.5 min
            double grace = 2 * o.resync() + 2 * o.watch() + 3;
            Map<String, Object> mortal = new LinkedHashMap<>(Map.of("death_rate_per_hour", rate, "watch_seconds", o.watch()));
            try (PackagedServer s = PackagedServer.start(dir, yaml(engine(8), Map.of("mortal", sim(boot, mortal))), null)) {
                AutoScalingClient c = s.user("bench");
                launchConfiguration(c, "web", "mortal", "ami-1");
                List<String> names = new ArrayList<>();
                for (int i = 0; i < groups; i++) names.add(String.format(Locale.ROOT, "mortal-%02d", i));
                parallel(o.threads(), groups, i -> createGroup(c, names.get(i), "web", "mortal:-1", each));
                awaitInService(c, names); // full once (VMs may die again at once)
                Instant full = Instant.now();
                Thread.sleep((long) (o.deathSeconds() * 1000));
                Instant end = Instant.now();
                Thread.sleep((long) (grace * 1000)); // time for the last deaths' replacements
                List<Double> delays = new ArrayList<>();
                int unreplaced = 0;
                List<SimVm> all = SimSites.vms(s.dataDir(), "mortal");
                for (String g : names) {
                    Replacements r = Replacements.of(all.stream().filter(v -> g.equals(v.groupName())).toList(), each, full, end);
                    delays.addAll(r.delays());
                    unreplaced += r.unreplaced();
                }
                if (delays.isEmpty()) {
                    throw new IllegalStateException(unreplaced == 0
                            ? "no VM died during the " + num(o.deathSeconds()) + " s run: raise --death-seconds"
                            : unreplaced + " VMs died and none was replaced");
                }
                String more = unreplaced == 0 ? "" : "; " + unreplaced + " more not replaced " + num(grace) + " s after the run";
                String target = "at most the site's watch interval, " + num(o.watch()) + " s";
                String what = groups + " groups x " + each + " VMs, " + num(rate) + " deaths per VM-hour, resync " + num(o.resync()) + " s";
                emit.accept(new Figure("death.count", delays.size(), "", "VMs that died in the cloud during "
                        + num(o.deathSeconds()) + " s and were replaced (" + what + ")" + more, "-"));
                emit.accept(new Figure("death.median", median(delays), "s", "VM death in the cloud -> replacement launched, median",
                        target));
                emit.accept(new Figure("death.max", max(delays), "s", "the same, the slowest" + more, target));
            }
        }

        private void awaitInService(AutoScalingClient c, List<String> names) throws Exception {
            Set<String> pending = new LinkedHashSet<>(names);
            await(names.size() + " groups InService", 50, () -> {
                pending.removeAll(inService(c, pending));
                return pending.size();
            }, left -> left == 0);
        }

        private <T> T await(String what, long pollMillis, java.util.function.Supplier<T> read, Predicate<T> done) throws Exception {
            long deadline = System.nanoTime() + (long) (o.maxWait() * 1e9);
            T last = read.get();
            while (!done.test(last)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + num(o.maxWait()) + " s waiting for " + what + "; last seen: " + last);
                }
                Thread.sleep(pollMillis);
                last = read.get();
            }
            return last;
        }

        private Map<String, Object> engine(int parallelism) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("resync_seconds", o.resync());
            e.put("launch_parallelism", parallelism);
            return e;
        }
    }

    /**
     * Which launch replaced which death: deaths in time order, each matched to the first launch of the
     * group after it not yet matched; the first {@code initial} launches filled the group and replace
     * nothing. Only deaths from {@code from} to {@code to} are measured; earlier ones take their
     * replacements out of the way.
     *
     * @param delays seconds from each measured death to its replacement's launch
     * @param unreplaced measured deaths with no launch after them
     */
    record Replacements(List<Double> delays, int unreplaced) {
        static Replacements of(List<SimVm> vms, int initial, Instant from, Instant to) {
            List<Instant> launches = vms.stream().map(SimVm::launchTime).sorted().skip(initial).toList();
            // a VM terminated before its fated death never died
            List<Instant> deaths = vms.stream()
                    .filter(v -> v.diesAt() != null && !v.diesAt().isAfter(to)
                            && (v.terminatedAt() == null || !v.terminatedAt().isBefore(v.diesAt())))
                    .map(SimVm::diesAt).sorted().toList();
            List<Double> delays = new ArrayList<>();
            int unreplaced = 0;
            int next = 0;
            for (Instant d : deaths) {
                while (next < launches.size() && launches.get(next).isBefore(d)) next++;
                boolean measured = !d.isBefore(from);
                if (next < launches.size()) {
                    if (measured) delays.add(seconds(d, launches.get(next)));
                    next++;
                } else if (measured) {
                    unreplaced++;
                }
            }
            return new Replacements(delays, unreplaced);
        }
    }

    static Set<String> inService(AutoScalingClient c, Set<String> names) {
        Set<String> done = new HashSet<>();
        List<String> all = List.copyOf(names);
        for (int i = 0; i < all.size(); i += 100) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + 100));
            String token = null;
            do {
                String t = token;
                DescribeAutoScalingGroupsResponse r = c.describeAutoScalingGroups(q -> q.autoScalingGroupNames(batch).maxRecords(100).nextToken(t));
                for (AutoScalingGroup g : r.autoScalingGroups()) {
                    if (g.instances().size() == g.desiredCapacity() && g.instances().stream().allMatch(
                            x -> x.lifecycleStateAsString().equals("InService") && x.healthStatus().equals("Healthy"))) {
                        done.add(g.autoScalingGroupName());
                    }
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
        }
        return done;
    }

    static List<Activity> activities(AutoScalingClient c, String group) {
        List<Activity> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeScalingActivitiesResponse r = c.describeScalingActivities(q -> q.autoScalingGroupName(group).maxRecords(100).nextToken(t));
            out.addAll(r.activities());
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    static void launchConfiguration(AutoScalingClient c, String family, String site, String image) {
        c.createLaunchConfiguration(r -> r.launchConfigurationName(family + "@" + site).imageId(image).instanceType("m1.small"));
    }

    static void createGroup(AutoScalingClient c, String name, String family, String clouds, int n) {
        c.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName(family).minSize(n).maxSize(n)
                .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", clouds), tag("n_preserve", Integer.toString(n))));
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).propagateAtLaunch(false).build();
    }

    /** A sim site with unlimited capacity (unless {@code options} says otherwise) booting in {@code boot} seconds. */
    static Map<String, Object> sim(double boot, Map<String, Object> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driver", "sim");
        m.put("capacity", -1);
        m.put("boot_seconds", boot);
        m.putAll(options);
        return m;
    }

    /** The config file: these engine keys and sites, in the format of docs/configuration.md. */
    static String yaml(Map<String, Object> engine, Map<String, Map<String, Object>> sites) {
        StringBuilder b = new StringBuilder("engine:\n");
        engine.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        b.append("sites:\n");
        sites.forEach((name, options) -> {
            b.append("  ").append(name).append(":\n");
            options.forEach((k, v) -> b.append("    ").append(k).append(": ").append(v).append('\n'));
        });
        return b.toString();
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /** Runs {@code task(0..n-1)} on {@code threads} threads; the first failure is thrown. */
    static void parallel(int threads, int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, n)));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    task.run(k);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof Exception ex) throw ex;
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    static String num(double d) {
        return new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(d);
    }
}
