package phantom.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Phantom ({@code bin/phantom} of the distribution named by the system property
 * {@code phantom.distribution}, which bench/run and the smoke test set) serving on a free loopback
 * port, with a config file and data directory of its own in a temporary directory, in its own JVM.
 */
final class PackagedPhantom implements AutoCloseable {
    /** Access and secret key of an API user. */
    record Keys(String accessKey, String secretKey) {
    }

    private final Path dir;
    private final Path config;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private Process process;

    private PackagedPhantom(Path dir, int port) {
        this.dir = dir;
        this.config = dir.resolve("phantom.yaml");
        this.dataDir = dir.resolve("data");
        this.log = dir.resolve("phantom.log");
        this.port = port;
    }

    static Path distribution() {
        String d = System.getProperty("phantom.distribution");
        if (d == null || !Files.isExecutable(Path.of(d, "bin", "phantom"))) {
            throw new IllegalStateException("no packaged Phantom at " + d
                    + ": run through bench/run, which builds it (mvn package) and names it with -Dphantom.distribution");
        }
        return Path.of(d);
    }

    /** Starts {@code phantom serve} on this config text (YAML, docs/configuration.md) and waits until it listens. */
    static PackagedPhantom start(String configYaml) throws Exception {
        PackagedPhantom p = new PackagedPhantom(Files.createTempDirectory("bench-phantom"), freePort());
        Files.writeString(p.config, configYaml);
        Files.createDirectories(p.dataDir);
        List<String> cmd = p.command("serve", "--listen", "127.0.0.1:" + p.port);
        p.process = builder(cmd).redirectErrorStream(true).redirectOutput(p.log.toFile()).start();
        p.process.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.process.isAlive() || System.nanoTime() > deadline) {
                    String out = Files.readString(p.log);
                    p.close();
                    throw new IllegalStateException("phantom did not start:\n" + out);
                }
                Thread.sleep(50); // polling while the server starts
            }
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code phantom user add NAME}, as an operator runs it beside the server; the new user's keys. */
    Keys addUser(String name) throws Exception {
        Process p = builder(command("user", "add", name)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("phantom user add " + name + " failed: " + out);
        }
        return new Keys(value(out, "aws_access_key_id"), value(out, "aws_secret_access_key"));
    }

    private static String value(String credentialsFile, String name) {
        return credentialsFile.lines().filter(l -> l.startsWith(name + " = ")).map(l -> l.substring(name.length() + 3).strip())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " in: " + credentialsFile));
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(distribution().resolve("bin/phantom").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString(), "--data-dir", dataDir.toString()));
        return cmd;
    }

    /** The launcher finds its Java through JAVA_HOME: the JDK running the benchmark. */
    private static ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return b;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM, waits for the exit (SIGKILL after 60 s), and deletes the temporary directory. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
