package phantom.bench.load;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto's server (a fake AWS) as a child process on a free loopback port: {@code moto_server} from
 * the PATH, else {@code python3 -m moto.server}, as the EC2 driver's tests find it.
 */
public final class MotoProcess implements AutoCloseable {
    public static final String MISSING = "moto_server not found: install moto (pip install 'moto[server]')";

    private final Process process;
    private final Path log;
    private final URI endpoint;

    private MotoProcess(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    /** True when moto can be started here. */
    public static boolean installed() throws InterruptedException {
        return command() != null;
    }

    public static MotoProcess start() throws Exception {
        List<String> command = command();
        if (command == null) {
            throw new IllegalStateException(MISSING);
        }
        int port = phantom.bench.PackagedServer.freePort();
        command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log = Files.createTempFile("bench-moto-" + port + "-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MotoProcess moto = new MotoProcess(p, log, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return moto;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String out = Files.readString(log);
                    moto.close();
                    throw new IllegalStateException("moto did not start on port " + port + ":\n" + out);
                }
                Thread.sleep(50); // polling while the server starts
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    private static List<String> command() throws InterruptedException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, "moto_server");
                if (f.isFile() && f.canExecute()) {
                    return new ArrayList<>(List.of(f.getPath()));
                }
            }
        }
        for (String python : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import moto.server")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return new ArrayList<>(List.of(python, "-m", "moto.server"));
                }
                p.destroyForcibly();
            } catch (IOException notThere) {
                // try the next one
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
