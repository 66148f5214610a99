package phantom.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code phantom serve} as users run it: the packaged distribution's {@code bin/phantom}, unpacked
 * by {@code mvn package} in {@code server/target/phantom-VERSION/}, as a separate process with its
 * own JVM and the distribution's class path (never the test's). A test can kill it with SIGKILL
 * and start it again on the same data directory.
 */
final class PhantomProcess implements AutoCloseable {
    private final Path config;
    private final Path dataDir;
    private final int port;
    private final Path log;
    private Process process;

    PhantomProcess(Path config, Path dataDir) throws IOException {
        this.config = config;
        this.dataDir = dataDir;
        this.port = freePort();
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-phantom-" + port + ".log");
    }

    /**
     * The unpacked distribution the build made (the surefire configuration of server/pom.xml
     * names it); the server module's tests run in Maven's integration-test phase, after package.
     */
    static Path distribution() {
        String dir = System.getProperty("phantom.distribution");
        if (dir == null || !Files.isExecutable(Path.of(dir, "bin", "phantom"))) {
            throw new IllegalStateException("no packaged Phantom at " + dir
                    + ": run the server tests with `mvn verify` (they run after `package`), e.g. bin/test -pl server -am");
        }
        return Path.of(dir);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The loopback port serve listens on (the node's address is 127.0.0.1:port). */
    int port() {
        return port;
    }

    /** Whether serve was started and has not ended (a paused process is alive). */
    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** What serve printed (standard output and error) so far. */
    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The serve process's id (the launcher execs java, so this is the JVM's). */
    long pid() {
        return process.pid();
    }

    /** Runs a phantom command line to completion (e.g. user add) and returns its standard output. */
    String run(String... args) throws Exception {
        return runWithInput("", args);
    }

    /** Runs a phantom command line with this standard input (e.g. credentials set ... --stdin). */
    String runWithInput(String input, String... args) throws Exception {
        Process p = builder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("phantom " + String.join(" ", args) + " failed: " + out);
        return out;
    }

    /** Starts {@code serve} (with these extra options, e.g. --tls-cert) and waits until it listens. */
    void start(String... serveOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + port));
        args.addAll(List.of(serveOptions));
        List<String> cmd = command(args.toArray(String[]::new));
        process = builder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) throw new IllegalStateException("phantom exited:\n" + Files.readString(log));
                if (System.nanoTime() > deadline) throw new IllegalStateException("phantom did not listen:\n" + Files.readString(log));
                Thread.sleep(50);
            }
        }
    }

    /** What a command that ran to its end printed (standard output and error together) and returned. */
    record Outcome(int exitCode, String output) {
    }

    /** Runs a phantom command line to its end (at most 60 s) and returns its exit code and all its output. */
    Outcome exec(String... args) throws Exception {
        Process p = builder(command(args)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("phantom " + String.join(" ", args) + " did not end");
        }
        return new Outcome(p.exitValue(), new String(out));
    }

    /** SIGTERM (what Ctrl-C, systemd and docker send, as far as Phantom is concerned); does not wait. */
    void signal() {
        process.destroy();
    }

    /** Waits at most {@code max} for the process to end; its exit code, or null if it still runs. */
    Integer awaitExit(Duration max) throws InterruptedException {
        return process.waitFor(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS) ? process.exitValue() : null;
    }

    /** SIGTERM, as an operator stops it, and waits until it has exited. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("phantom did not stop within 60 s of SIGTERM");
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the JVM stops where it is (as in a long GC pause or a frozen VM) until {@link #resume()}. */
    void pause() throws Exception {
        sendSignal("-STOP");
    }

    /** SIGCONT: a paused JVM carries on from where it stopped, its own clocks having jumped. */
    void resume() throws Exception {
        sendSignal("-CONT");
    }

    private void sendSignal(String signal) throws Exception {
        Process k = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
        String out = new String(k.getInputStream().readAllBytes());
        if (k.waitFor() != 0) throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: " + out);
    }

    /** The launcher finds its Java through JAVA_HOME: the JDK running the tests. */
    private static ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return b;
    }

    /**
     * The command that runs {@code phantom} as users do (the distribution's launcher, with the
     * tests' JDK as JAVA_HOME), before its arguments.
     */
    static List<String> launcher() {
        return List.of("env", "JAVA_HOME=" + System.getProperty("java.home"), distribution().resolve("bin/phantom").toString());
    }

    /** The command line that runs {@code phantom ARGS} on this config and data directory (to run it under another program). */
    List<String> commandLine(String... args) {
        return command(args);
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(distribution().resolve("bin/phantom").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString(), "--data-dir", dataDir.toString()));
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the process (SIGTERM, as an operator would) and keeps its log in target/ for the test report. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            resume(); // a paused process would never act on SIGTERM
            stop();
        }
        if (Files.exists(log)) {
            Path kept = Path.of("target", "phantom-process-" + port + ".log");
            Files.createDirectories(kept.getParent());
            Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
