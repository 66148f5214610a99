package phantom.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * A packaged Phantom server as an operator runs it: the distribution's {@code bin/phantom serve}
 * (the directory named by the system property {@code phantom.distribution}, which bench/run and the
 * bench module's tests set) as its own process, on a free loopback port, with its own config file and
 * data directory. Every server started is stopped by {@link #close()}, and killed by a shutdown hook if
 * the benchmark itself is interrupted.
 */
public final class PackagedServer implements AutoCloseable {
    /** An API user's access key id and secret, as {@code phantom user add} prints them. */
    public record Keys(String accessKey, String secretKey) {
    }

    private static final Set<PackagedServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(s -> s.process.destroyForcibly()),
                "benchmark-servers"));
    }

    private final Path config;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final Process process;

    private PackagedServer(Path config, Path dataDir, Path log, int port, Process process) {
        this.config = config;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.process = process;
    }

    /**
     * Writes {@code configYaml} to {@code dir/phantom.yaml} and serves with data in {@code dir/data};
     * returns once the server listens.
     *
     * @param javaOpts JVM options for the server ({@code PHANTOM_JAVA_OPTS} of its launcher), e.g. {@code -Xmx1g}
     */
    public static PackagedServer start(Path dir, String configYaml, String javaOpts) throws Exception {
        return start(dir, configYaml, javaOpts, freePort());
    }

    /**
     * {@link #start(Path, String, String)} on a given port: a server started again in the same
     * directory on the same port is the same node restarted (its log is appended to).
     */
    public static PackagedServer start(Path dir, String configYaml, String javaOpts, int port) throws Exception {
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("phantom.yaml"), configYaml);
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("phantom.log");
        List<String> cmd = command(config, dataDir, "serve", "--listen", "127.0.0.1:" + port);
        ProcessBuilder b = builder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (javaOpts != null) b.environment().put("PHANTOM_JAVA_OPTS", javaOpts);
        Process p = b.start();
        p.getOutputStream().close();
        PackagedServer s = new PackagedServer(config, dataDir, log, port, p);
        RUNNING.add(s);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return s;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    s.close();
                    throw new IllegalStateException("phantom serve " + (p.isAlive() ? "did not listen" : "exited") + ":\n" + s.output());
                }
                Thread.sleep(50);
            }
        }
    }

    public static Path distribution() {
        String dir = System.getProperty("phantom.distribution");
        if (dir == null || !Files.isExecutable(Path.of(dir, "bin", "phantom"))) {
            throw new IllegalStateException("no packaged Phantom at " + dir
                    + ": run the benchmark with bench/run (it builds the distribution), or set -Dphantom.distribution");
        }
        return Path.of(dir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The server JVM's process id (the launcher execs java). */
    public long pid() {
        return process.pid();
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Makes an API user with {@code phantom user add NAME}, as an operator would while the server runs; its keys. */
    public Keys addUser(String name) throws Exception {
        Process p = builder(command(config, dataDir, "user", "add", name)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("phantom user add " + name + " failed: " + out);
        }
        return new Keys(value(out, "aws_access_key_id"), value(out, "aws_secret_access_key"));
    }

    /** {@link #addUser} and an AWS SDK client signed with the new user's keys. */
    public AutoScalingClient user(String name) throws Exception {
        Keys k = addUser(name);
        return client(k.accessKey(), k.secretKey());
    }

    /**
     * Runs {@code bin/phantom ARGS --config C --data-dir D} of this server with {@code input} on its
     * standard input, as an operator would while the server runs; what it printed.
     */
    public String run(String input, String... args) throws Exception {
        Process p = builder(command(config, dataDir, args)).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("phantom " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** An AWS SDK client for this server, signed with {@code keys}. */
    public AutoScalingClient client(Keys keys) {
        return client(keys.accessKey(), keys.secretKey());
    }

    /**
     * Sends the server's JVM a signal by name ({@code KILL}, {@code STOP}, {@code CONT}, {@code TERM}),
     * as {@code kill -s NAME PID} does, without waiting for its effect.
     */
    public void signal(String name) throws Exception {
        Process p = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -s " + name + " " + pid() + " failed: " + out);
        }
    }

    /** True until the server's process has ended. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Waits at most {@code timeout} for the process to end (after a signal); true if it did. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (ended) RUNNING.remove(this);
        return ended;
    }

    private AutoScalingClient client(String accessKey, String secret) {
        return AutoScalingClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(120)).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(180)))
                .build();
    }

    private static String value(String credentialsFile, String name) {
        return credentialsFile.lines().filter(l -> l.startsWith(name + " = ")).map(l -> l.substring(name.length() + 3).strip())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " in: " + credentialsFile));
    }

    /** CPU time (user + system) the server's JVM has used so far, in seconds, from /proc/PID/stat. */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": f[0] is field 3 (state), so utime (field 14) is f[11] and stime (15) f[12]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clockTicks();
    }

    private static long ticks;

    private static synchronized long clockTicks() throws IOException {
        if (ticks == 0) {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            try {
                ticks = p.waitFor() == 0 ? Long.parseLong(out) : 100;
            } catch (NumberFormatException | InterruptedException e) {
                ticks = 100;
            }
        }
        return ticks;
    }

    private static final Pattern HEAP_LINE = Pattern.compile("^\\s*([A-Za-z].*?)\\s+total\\b[^\n]*?\\bused (\\d+)K", Pattern.MULTILINE);

    /**
     * The server's used Java heap just after a full collection ({@code jcmd PID GC.run}, then
     * {@code GC.heap_info}), in bytes: what it holds, not what it has not collected yet.
     */
    public long heapUsedAfterGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long usedK = 0;
        boolean found = false;
        Matcher m = HEAP_LINE.matcher(info);
        while (m.find()) {
            String space = m.group(1).toLowerCase(java.util.Locale.ROOT);
            if (space.contains("metaspace") || space.contains("class space")) continue;
            usedK += Long.parseLong(m.group(2));
            found = true;
        }
        if (!found) throw new IllegalStateException("no heap figure in jcmd GC.heap_info:\n" + info);
        return usedK * 1024;
    }

    private String jcmd(String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("jcmd " + command + " failed: " + out);
        return out;
    }

    /** SIGTERM, as an operator stops it; SIGKILL if it has not stopped within a minute. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(this);
        }
    }

    private static ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        b.environment().remove("PHANTOM_JAVA_OPTS");
        return b;
    }

    private static List<String> command(Path config, Path dataDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(distribution().resolve("bin/phantom").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString(), "--data-dir", dataDir.toString()));
        return cmd;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
