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
 * {@code phantom serve} as a separate JVM (the test's own class path, the real {@link Main}), so a
 * test can kill it with SIGKILL and start it again on the same data directory.
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
        this.log = dataDir.resolve("phantom-process.log");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Runs a phantom command line to completion (e.g. user add) and returns its standard output. */
    String run(String... args) throws Exception {
        return runWithInput("", args);
    }

    /** {@link #run}, with {@code input} on the command's standard input (secrets never go in argv). */
    String runWithInput(String input, String... args) throws Exception {
        Process p = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("phantom " + String.join(" ", args) + " failed: " + out);
        return out;
    }

    void start() throws Exception {
        List<String> cmd = command("serve", "--listen", "127.0.0.1:" + port);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
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

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    /** The command line that runs {@code phantom ARGS} on this config and data directory (to run it under another program). */
    List<String> commandLine(String... args) {
        return command(args);
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString(), "--data-dir", dataDir.toString()));
        return cmd;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the process and keeps its log in target/ for the test report. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
        if (Files.exists(log)) {
            Path kept = Path.of("target", "phantom-process-" + port + ".log");
            Files.createDirectories(kept.getParent());
            Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
