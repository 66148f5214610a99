package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * The archive users download, phantom-VERSION.tar.gz, unpacked in an empty directory and run with a
 * PATH that holds only a Java runtime and the few shell tools the launcher uses: no Maven, no
 * source tree, no JAVA_HOME.
 */
class DistributionTest {
    /** What the launcher (bin/phantom, bin/find-java, bin/java-opts) calls. */
    static final List<String> TOOLS = List.of("bash", "env", "dirname", "readlink", "sed", "head", "cut", "sort", "ls", "cat");

    @TempDir
    Path dir;

    @Test
    void the_unpacked_archive_runs_without_maven_or_sources_and_keeps_its_files_private() throws Exception {
        Path home = unpack();
        Path data = dir.resolve("data"); // made by Phantom itself
        // the class path is exactly the main jar's manifest: every jar of lib/, and nothing else
        try (java.util.jar.JarFile main = new java.util.jar.JarFile(home.resolve("lib/phantom.jar").toFile());
                Stream<Path> lib = Files.list(home.resolve("lib"))) {
            var manifest = main.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo(Main.class.getName());
            assertThat(Set.of(manifest.getValue("Class-Path").split(" "))).isEqualTo(lib.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("phantom.jar")).collect(java.util.stream.Collectors.toSet()));
        }

        Result help = phantom(home, "--help");
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("serve", "user", "credentials");
        Result version = phantom(home, "--version");
        assertThat(version.output().strip()).isEqualTo("phantom " + System.getProperty("phantom.version"));

        // the example config it ships: a site of each driver (an ec2 site once crashed serve at start)
        String example = home.resolve("docs/phantom.example.yaml").toString();
        int port = PhantomProcess.freePort();
        Path log = dir.resolve("serve.log");
        Process serve = start(home, log, "serve", "--config", example, "--data-dir", data.toString(), "--listen", "127.0.0.1:" + port);
        // (its output goes to a file, so a full pipe never stalls it)
        try {
            // serve makes the database; user add only opens one
            Eventually.await("serve to listen", () -> {
                try (java.net.Socket ignored = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    return true;
                } catch (java.io.IOException notYet) {
                    if (!serve.isAlive()) throw new AssertionError("serve exited: " + readLog(log));
                    return false;
                }
            }, up -> up);
            Result add = phantom(home, "user", "add", "alice", "--config", example, "--data-dir", data.toString());
            assertThat(add.exit()).as(add.output()).isZero();
            AutoScalingClient alice = RunningPhantom.client(java.net.URI.create("http://127.0.0.1:" + port), add.output());
            var groups = Eventually.await("serve to answer", () -> {
                try {
                    return alice.describeAutoScalingGroups().autoScalingGroups();
                } catch (software.amazon.awssdk.core.exception.SdkClientException notListeningYet) {
                    if (!serve.isAlive()) throw new AssertionError("serve exited: " + readLog(log));
                    return null;
                }
            }, g -> g != null);
            assertThat(groups).isEmpty();
            assertThat(serve.isAlive()).as("serve still running").isTrue();
        } finally {
            serve.destroy();
            serve.waitFor(60, TimeUnit.SECONDS);
        }

        // umask 077 in the launcher: nothing Phantom made is open to other local users
        try (Stream<Path> made = Files.walk(data)) {
            for (Path p : made.toList()) {
                assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).doesNotContain(
                        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
            }
        }
    }

    @Test
    void a_stale_jar_left_in_lib_is_not_on_the_class_path() throws Exception {
        Path home = unpack();
        // a jar with another phantom.server.Main, as an older install or a copy by hand might leave
        Path src = Files.createDirectories(dir.resolve("stale-src/phantom/server")).resolve("Main.java");
        Files.writeString(src, "package phantom.server; public class Main { public static void main(String[] a) {"
                + " System.out.println(\"STALE MAIN\"); System.exit(3); } }");
        Path classes = Files.createDirectories(dir.resolve("stale-classes"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
        for (String name : List.of("aaa-stale.jar", "phantom-server-0.0.1.jar")) {
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("lib").resolve(name)))) {
                jar.putNextEntry(new JarEntry("phantom/server/Main.class"));
                jar.write(Files.readAllBytes(classes.resolve("phantom/server/Main.class")));
            }
        }
        Result help = phantom(home, "--help");
        assertThat(help.output()).doesNotContain("STALE MAIN").contains("serve");
        assertThat(help.exit()).isZero();
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Path unpack() throws Exception {
        Path archive = Path.of(System.getProperty("phantom.archive"));
        assertThat(archive).as("the build's archive (mvn package)").exists();
        Path into = Files.createDirectories(dir.resolve("install"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> top = Files.list(into)) {
            List<Path> entries = top.toList();
            assertThat(entries).as("one top directory, phantom-VERSION").hasSize(1);
            assertThat(entries.get(0).getFileName().toString()).isEqualTo("phantom-" + System.getProperty("phantom.version"));
            return entries.get(0);
        }
    }

    record Result(int exit, String output) {
    }

    private Result phantom(Path home, String... args) throws Exception {
        Process p = start(home, null, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** bin/phantom with a PATH of only java and the launcher's tools, run from an empty directory. */
    private Process start(Path home, Path log, String... args) throws IOException {
        Path bin = dir.resolve("path");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
            for (String tool : TOOLS) Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/phantom").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        b.environment().clear();
        b.environment().put("PATH", bin.toString());
        b.environment().put("HOME", dir.resolve("home").toString());
        if (log != null) b.redirectOutput(log.toFile());
        Process p = b.start();
        p.getOutputStream().close();
        return p;
    }

    private static Path which(String tool) {
        for (String d : System.getenv("PATH").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException(tool + " is not on PATH");
    }
}
