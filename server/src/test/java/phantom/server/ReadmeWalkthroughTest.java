package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's first session and client sections as written (taken from README.md, so they
 * cannot drift) in a fresh bash with an empty HOME and nothing of the AWS tools configured, with the
 * real clients: the AWS CLI v2 at /usr/bin/aws, boto3 and boto 2 under /usr/bin/python3, the AWS SDK
 * for JavaScript v3 from clients/js's npm install, and the AWS SDK for Java v2. The server is the one
 * the README's own first block starts ({@code bin/phantom serve &}). The only change to the text is
 * the port: a free one instead of 8445, so the test can run beside another Phantom. A missing client
 * fails the test when CI=true and skips it with a message otherwise.
 */
class ReadmeWalkthroughTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    @Test
    void the_readme_walkthrough_runs_as_written() throws Exception {
        Path node = onPath("node").orElse(null);
        Path nodeModules = ROOT.resolve("clients/js/node_modules");
        List<String> missing = new ArrayList<>();
        if (!succeeds("/usr/bin/aws", "--version") || !output("/usr/bin/aws", "--version").startsWith("aws-cli/2.")) {
            missing.add("the AWS CLI v2 at /usr/bin/aws (apt-get install awscli)");
        }
        if (!succeeds("/usr/bin/python3", "-c", "import boto3, boto")) {
            missing.add("boto3 and boto 2 for /usr/bin/python3 (apt-get install python3-boto3 python3-boto)");
        }
        if (node == null || !Files.isDirectory(nodeModules.resolve("@aws-sdk/client-auto-scaling"))) {
            missing.add("node with the AWS SDK for JavaScript v3 in clients/js/node_modules (clients/install)");
        }
        Optional<Path> curl = onPath("curl");
        if (curl.isEmpty()) missing.add("curl");
        if (!missing.isEmpty()) {
            String message = "README walk-through needs " + String.join("; ", missing);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
            Assumptions.abort(message);
        }

        int port = freePort();
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("phantom"));
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        // the working directory stands for the source tree: bin/phantom, and the JS SDK where node looks for it
        Files.createDirectories(work.resolve("bin"));
        String launcher = PhantomProcess.launcher().stream().map(ReadmeWalkthroughTest::quote).collect(Collectors.joining(" "));
        Path phantom = Files.writeString(work.resolve("bin/phantom"), "#!/bin/sh\n"
                + "if [ \"$1\" = serve ]; then shift; exec " + launcher + " serve --listen 127.0.0.1:" + port + " \"$@\"; fi\n"
                + "exec " + launcher + " \"$@\"\n");
        Files.setPosixFilePermissions(phantom, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(work.resolve("node_modules"), nodeModules);
        link(tools, "aws", Path.of("/usr/bin/aws"));
        link(tools, "python3", Path.of("/usr/bin/python3"));
        link(tools, "node", node);
        link(tools, "curl", curl.get());
        link(tools, "java", Path.of(System.getProperty("java.home"), "bin", "java"));

        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.extract(Files.readString(ROOT.resolve("README.md")));
        assertThat(blocks).extracting(ReadmeBlocks.Block::language).contains("sh", "python", "js", "java");
        String epilogue = "aws --profile alice --region us-east-1 --endpoint-url http://127.0.0.1:8445 autoscaling"
                + " describe-launch-configurations --query 'LaunchConfigurations[].LaunchConfigurationName' --output text > launch-configurations.txt\n";
        String script = (ReadmeBlocks.script(blocks) + epilogue).replace("8445", Integer.toString(port));
        Path scriptFile = Files.writeString(tmp.resolve("readme.sh"), script);

        Path log = Path.of("target", "readme-walkthrough.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "--noprofile", "--norc", scriptFile.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("HOME", home.toString());
        env.put("PATH", tools + ":/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("CLASSPATH", System.getProperty("java.class.path"));
        env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);   // Java reads the home from the password file, not HOME
        Process bash = pb.start();
        boolean finished = bash.waitFor(5, TimeUnit.MINUTES);
        bash.descendants().forEach(ProcessHandle::destroy);
        if (!finished) bash.destroyForcibly();
        String out = Files.readString(log);
        assertThat(finished).as("the walk-through finished within 5 minutes; output:\n%s", out).isTrue();
        assertThat(bash.exitValue()).as("the walk-through's exit status; output (also in %s):\n%s", log, out).isZero();

        assertThat(out).contains("Phantom is serving the AWS Auto Scaling API at http://127.0.0.1:" + port)
                .containsPattern("embedded SQLite " + Pattern.quote(home.resolve(".phantom").toString()));
        assertThat(Files.readString(home.resolve(".aws/credentials"))).startsWith("[alice]\naws_access_key_id = AKPH");
        // the first session's group filled as asked: 8 on hotel, 2 on sierra, all in service
        assertThat(out.lines().filter(l -> l.matches("\\S+\thotel\tInService"))).hasSize(8);
        assertThat(out.lines().filter(l -> l.matches("\\S+\tsierra\tInService"))).hasSize(2);
        assertThat(out).contains("[('boto2', 5)]");   // boto 2 over SigV2 sees what boto 2 over SigV4 set
        // every section made its own launch configurations (none collided with another's)
        assertThat(Arrays.asList(Files.readString(work.resolve("launch-configurations.txt")).strip().split("\\s+")))
                .containsExactlyInAnyOrder("web@hotel", "web@sierra", "cli@hotel", "cli@sierra", "boto3@hotel", "boto3@sierra",
                        "boto2@hotel", "boto2@sierra", "js@hotel", "js@sierra", "java@hotel", "java@sierra");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void link(Path dir, String name, Path target) throws IOException {
        Files.createSymbolicLink(dir.resolve(name), target);
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
