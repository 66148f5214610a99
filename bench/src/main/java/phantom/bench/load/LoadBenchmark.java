package phantom.bench.load;

import phantom.bench.PackagedServer;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load benchmark (docs/performance.md, "Load: DescribeAutoScalingGroups beside moto"): starts
 * moto's server and the packaged Phantom side by side on loopback, creates the same groups in each
 * (Phantom's on a sim site named like moto's availability zone, waited for until every VM is
 * InService), then drives {@code DescribeAutoScalingGroups MaxRecords=100}, SigV4-signed, over
 * kept-alive connections against Phantom, moto, and a Jetty that answers Phantom's exact bytes
 * and does nothing else; then the describe of one named group for a user with one group and for
 * a user with many (every group with the same number of VMs). Prints requests per second for each and the ratios.
 *
 * <p>Run it with {@code bench/run load [--groups N] [--vms N] [--seconds S] [--connections N]
 * [--crowd N] [--rounds N] [--warmup S] [--fill-timeout S] [--smoke]}. Not a test: nothing here asserts a speed.
 */
public final class LoadBenchmark {
    static final String ZONE = "us-east-1a";
    static final String VERSION = "2011-01-01";
    private static final Pattern NEXT_TOKEN = Pattern.compile("<NextToken>([^<]+)</NextToken>");

    /** The options, with their defaults. */
    record Options(int groups, int vms, int seconds, int warmupSeconds, int connections, int crowd,
            int fillTimeoutSeconds, int rounds) {
        static final Options DEFAULT = new Options(100, 10, 15, 3, 8, 200, 1800, 3);
        static final Options SMOKE = new Options(3, 2, 2, 1, 2, 5, 300, 1);

        static Options parse(String... args) {
            Options o = List.of(args).contains("--smoke") ? SMOKE : DEFAULT;
            Map<String, Integer> v = new LinkedHashMap<>();
            v.put("--groups", o.groups);
            v.put("--vms", o.vms);
            v.put("--seconds", o.seconds);
            v.put("--warmup", o.warmupSeconds);
            v.put("--connections", o.connections);
            v.put("--crowd", o.crowd);
            v.put("--fill-timeout", o.fillTimeoutSeconds);
            v.put("--rounds", o.rounds);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--smoke")) {
                    continue;
                }
                if (a.equals("--help") || a.equals("-h")) {
                    throw new IllegalArgumentException(usage());
                }
                if (!v.containsKey(a)) {
                    throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value\n" + usage());
                }
                int n;
                try {
                    n = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + a + " takes a whole number, not " + args[i]);
                }
                int least = a.equals("--warmup") ? 0 : 1;
                if (n < least) {
                    throw new IllegalArgumentException("option " + a + " must be at least " + least);
                }
                v.put(a, n);
            }
            return new Options(v.get("--groups"), v.get("--vms"), v.get("--seconds"), v.get("--warmup"),
                    v.get("--connections"), v.get("--crowd"), v.get("--fill-timeout"), v.get("--rounds"));
        }

        static String usage() {
            return """
                    usage: bench/run load [options]
                      --groups N        groups per server, each with --vms VMs (default 100)
                      --vms N           VMs per group (default 10)
                      --seconds S       measuring time per target, in all (default 15)
                      --rounds N        rounds the measuring time is split into; each round measures
                                        every target in turn, so a load that comes and goes on the
                                        machine falls on all of them alike (default 3)
                      --warmup S        warm-up per target before measuring (default 3)
                      --connections N   kept-alive connections, one thread each (default 8)
                      --crowd N         groups of the user in the named-group measure (default 200)
                      --fill-timeout S  longest wait for Phantom's VMs to be InService (default 1800)
                      --smoke           tiny sizes and 2 s runs (CI's smoke test)""";
        }
    }

    /** Requests per second of each measure. */
    record Result(double phantom, double moto, double constantJetty, double namedAlone, double namedInCrowd,
            int phantomBytes, int motoBytes) {
        double phantomOverMoto() {
            return phantom / moto;
        }

        double phantomOverConstant() {
            return phantom / constantJetty;
        }

        /** The named-group describe in a crowd over alone: 1 when its cost does not depend on the user's other groups. */
        double crowdOverAlone() {
            return namedInCrowd / namedAlone;
        }
    }

    private LoadBenchmark() {
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
        run(options);
    }

    static Result run(Options o) throws Exception {
        say("load benchmark: %d groups x %d VMs, DescribeAutoScalingGroups MaxRecords=100, %d connections, %d s per target in %d rounds after %d s warm-up; named group: 1 vs %d groups",
                o.groups, o.vms, o.connections, o.seconds, o.rounds, o.warmupSeconds, o.crowd);
        say("machine: %d processors, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("bench-phantom");
        try (MotoProcess moto = MotoProcess.start(); PackagedServer phantom = PackagedServer.start(work, config(o), null)) {
            PackagedServer.Keys bench = phantom.addUser("bench");
            PackagedServer.Keys alone = phantom.addUser("alone");
            PackagedServer.Keys crowd = phantom.addUser("crowd");
            PackagedServer.Keys motoKeys = new PackagedServer.Keys("AKIDBENCHMOTO", "not-a-secret");

            long t0 = System.nanoTime();
            createGroups(moto.endpoint(), motoKeys, "bench", o.groups, o.vms, o.vms);
            say("moto: %d groups created with their instances in %.1f s", o.groups, seconds(t0));

            t0 = System.nanoTime();
            createGroups(phantom.endpoint(), bench, "bench", o.groups, o.vms, o.vms);
            createGroups(phantom.endpoint(), alone, "alone", 1, o.vms, o.vms);
            createGroups(phantom.endpoint(), crowd, "crowd", o.crowd, o.vms, o.vms);
            say("phantom: %d groups created in %.1f s; waiting for %d VMs to be InService", o.groups + 1 + o.crowd,
                    seconds(t0), (o.groups + 1 + o.crowd) * o.vms);
            awaitInService(phantom.endpoint(), bench, o.groups * o.vms, o.fillTimeoutSeconds);
            awaitInService(phantom.endpoint(), alone, o.vms, o.fillTimeoutSeconds);
            awaitInService(phantom.endpoint(), crowd, o.crowd * o.vms, o.fillTimeoutSeconds);
            say("phantom: all in service %.1f s after the first create", seconds(t0));

            String describe = form("Action", "DescribeAutoScalingGroups", "MaxRecords", "100", "Version", VERSION);
            byte[] toPhantom = SignedQuery.post(phantom.endpoint(), bench.accessKey(), bench.secretKey(), describe);
            byte[] toMoto = SignedQuery.post(moto.endpoint(), motoKeys.accessKey(), motoKeys.secretKey(), describe);
            int instancesOnPage = Math.min(o.groups, 100) * o.vms;
            LeanClient.Answer phantomAnswer = checked("phantom", phantom.endpoint(), toPhantom, instancesOnPage);
            LeanClient.Answer motoAnswer = checked("moto", moto.endpoint(), toMoto, instancesOnPage);
            say("answers: phantom %,d bytes, moto %,d bytes, %d instances each", phantomAnswer.body().length,
                    motoAnswer.body().length, instancesOnPage);

            byte[] aloneRequest = SignedQuery.post(phantom.endpoint(), alone.accessKey(), alone.secretKey(),
                    form("Action", "DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "alone-0000", "Version", VERSION));
            byte[] crowdRequest = SignedQuery.post(phantom.endpoint(), crowd.accessKey(), crowd.secretKey(),
                    form("Action", "DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "crowd-0000", "Version", VERSION));
            checked("phantom, named group alone", phantom.endpoint(), aloneRequest, o.vms);
            checked("phantom, named group in a crowd", phantom.endpoint(), crowdRequest, o.vms);

            Map<String, Double> rates;
            try (ConstantJetty constant = new ConstantJetty(phantomAnswer.body(), "text/xml")) {
                byte[] toConstant = SignedQuery.post(constant.endpoint(), bench.accessKey(), bench.secretKey(), describe);
                checked("constant jetty", constant.endpoint(), toConstant, instancesOnPage);
                rates = measure(List.of(
                        new Target("phantom", phantom.endpoint(), toPhantom),
                        new Target("moto", moto.endpoint(), toMoto),
                        new Target("constant jetty", constant.endpoint(), toConstant),
                        new Target("named group, user with 1 group", phantom.endpoint(), aloneRequest),
                        new Target("named group, user with " + o.crowd + " groups", phantom.endpoint(), crowdRequest)), o);
            }
            List<Double> r5 = List.copyOf(rates.values());
            double phantomRate = r5.get(0);
            double motoRate = r5.get(1);
            double constantRate = r5.get(2);
            double aloneRate = r5.get(3);
            double crowdRate = r5.get(4);

            Result r = new Result(phantomRate, motoRate, constantRate, aloneRate, crowdRate,
                    phantomAnswer.body().length, motoAnswer.body().length);
            say("");
            say("%-40s %10.1f req/s", "phantom", r.phantom());
            say("%-40s %10.1f req/s", "moto", r.moto());
            say("%-40s %10.1f req/s", "constant jetty (phantom's bytes)", r.constantJetty());
            say("%-40s %10.2f", "phantom / moto", r.phantomOverMoto());
            say("%-40s %10.4f", "phantom / constant jetty", r.phantomOverConstant());
            say("%-40s %10.1f req/s", "named group, user with 1 group", r.namedAlone());
            say("%-40s %10.1f req/s", "named group, user with " + o.crowd + " groups", r.namedInCrowd());
            say("%-40s %10.2f", "named group: " + o.crowd + " groups / 1 group", r.crowdOverAlone());
            return r;
        } finally {
            try (var files = java.nio.file.Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One sim site named like moto's zone: no cap, VMs that boot in 50 ms. */
    static String config(Options o) {
        return """
                engine:
                  launch_parallelism: 32
                sites:
                  %s:
                    driver: sim
                    capacity: -1
                    boot_seconds: 0.05
                """.formatted(ZONE);
    }

    /**
     * A launch configuration {@code <prefix>-lc} and {@code count} groups {@code <prefix>-0000...} of
     * {@code desired} VMs (max {@code max}) in {@link #ZONE}: the same requests for moto and Phantom.
     */
    static void createGroups(URI endpoint, PackagedServer.Keys keys, String prefix, int count, int desired, int max)
            throws Exception {
        String lc = prefix + "-lc";
        call(endpoint, keys, form("Action", "CreateLaunchConfiguration", "LaunchConfigurationName", lc,
                "ImageId", "ami-12c6146b", "InstanceType", "m1.small", "Version", VERSION));
        for (int i = 0; i < count; i++) {
            call(endpoint, keys, form("Action", "CreateAutoScalingGroup",
                    "AutoScalingGroupName", String.format(Locale.ROOT, "%s-%04d", prefix, i),
                    "LaunchConfigurationName", lc, "MinSize", "0", "MaxSize", Integer.toString(max),
                    "DesiredCapacity", Integer.toString(desired), "AvailabilityZones.member.1", ZONE, "Version", VERSION));
        }
    }

    /** Waits until the user's groups have {@code expected} instances InService, all pages counted. */
    static void awaitInService(URI endpoint, PackagedServer.Keys keys, int expected, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            int inService = 0;
            String token = null;
            do {
                String request = token == null
                        ? form("Action", "DescribeAutoScalingGroups", "MaxRecords", "100", "Version", VERSION)
                        : form("Action", "DescribeAutoScalingGroups", "MaxRecords", "100", "NextToken", token, "Version", VERSION);
                String xml = call(endpoint, keys, request);
                inService += count(xml, "<LifecycleState>InService</LifecycleState>");
                Matcher m = NEXT_TOKEN.matcher(xml);
                token = m.find() ? m.group(1) : null;
            } while (token != null);
            if (inService >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + inService + " of " + expected + " VMs InService after "
                        + timeoutSeconds + " s (--fill-timeout)");
            }
            if (System.nanoTime() > nextReport) {
                say("  %d of %d InService", inService, expected);
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(500); // polling the API while the engine fills the groups
        }
    }

    /** Sends one signed request and returns the body; anything but 200 stops the run. */
    static String call(URI endpoint, PackagedServer.Keys keys, String form) throws Exception {
        LeanClient.Answer a = LeanClient.once(endpoint, SignedQuery.post(endpoint, keys.accessKey(), keys.secretKey(), form));
        if (a.status() != 200) {
            throw new IllegalStateException(endpoint + " answered " + a.status() + " to " + form + ": " + a.text());
        }
        return a.text();
    }

    /** One answer to the measured request, checked: status 200 and exactly the instances expected. */
    private static LeanClient.Answer checked(String what, URI endpoint, byte[] request, int instances) throws Exception {
        LeanClient.Answer a = LeanClient.once(endpoint, request);
        int listed = count(a.text(), "<InstanceId>");
        if (a.status() != 200 || listed != instances) {
            throw new IllegalStateException(what + " answered " + a.status() + " with " + listed + " instances, not "
                    + instances + ":\n" + a.text().substring(0, Math.min(2000, a.text().length())));
        }
        return a;
    }

    /** One thing to measure: a server and the request bytes to send it. */
    record Target(String name, URI endpoint, byte[] request) {
    }

    /**
     * Warms every target up, then measures them in turn, {@code rounds} times, each for its share of
     * {@code seconds}; a target's rate is all its answers over all its time. In target order.
     */
    private static Map<String, Double> measure(List<Target> targets, Options o) throws Exception {
        if (o.warmupSeconds > 0) {
            for (Target t : targets) {
                LeanClient.hammer(t.endpoint(), t.request(), o.connections, Duration.ofSeconds(o.warmupSeconds));
            }
        }
        Duration slice = Duration.ofMillis(Math.max(1000L, o.seconds * 1000L / o.rounds));
        Map<String, long[]> totals = new LinkedHashMap<>(); // answers, nanoseconds
        for (int round = 1; round <= o.rounds; round++) {
            for (Target t : targets) {
                LeanClient.Run run = LeanClient.hammer(t.endpoint(), t.request(), o.connections, slice);
                if (run.failed() > 0) {
                    throw new IllegalStateException(t.name() + ": " + run.failed() + " answers were not 200");
                }
                say("  round %d  %-38s %,8d answers in %5.1f s: %9.1f req/s", round, t.name(), run.answered(),
                        run.elapsed().toNanos() / 1e9, run.perSecond());
                long[] sum = totals.computeIfAbsent(t.name(), k -> new long[2]);
                sum[0] += run.answered();
                sum[1] += run.elapsed().toNanos();
            }
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        totals.forEach((name, sum) -> rates.put(name, sum[0] / (sum[1] / 1e9)));
        return rates;
    }

    static String form(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(encode(k) + "=" + encode(v)));
        return String.join("&", parts);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
