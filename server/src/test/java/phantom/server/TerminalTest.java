package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.store.Database;
import phantom.store.DatabaseConfig;

/**
 * Phantom at a real terminal (a pseudo-terminal made by util-linux {@code script}): the secret
 * prompt does not echo, and the first start shows the admin keys there rather than in a file.
 */
class TerminalTest {
    static final String MISSING = "util-linux 'script' is not installed; it provides the pseudo-terminal this test needs "
            + "(apt-get install util-linux)";

    @TempDir
    Path dir;
    Path config;
    Path data;

    @BeforeEach
    void needsScript() throws Exception {
        boolean found = List.of("/usr/bin/script", "/bin/script").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
        if (!found) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(MISSING);
            Assumptions.abort(MISSING);
        }
        config = Files.writeString(dir.resolve("phantom.yaml"), "sites:\n  hotel:\n    driver: sim\n  aws:\n    driver: ec2\n    region: us-east-1\n");
        data = Files.createDirectories(dir.resolve("data"));
    }

    /** Runs {@code command} on a pseudo-terminal; its output (what the terminal shows) collects in {@code shown}. */
    static Process onTerminal(List<String> command, ByteArrayOutputStream shown) throws Exception {
        String line = command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Process p = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (shown) {
                            shown.write(b);
                        }
                    }
                });
            } catch (Exception ignored) {
                // the process ended
            }
        });
        return p;
    }

    static String text(ByteArrayOutputStream shown) {
        synchronized (shown) {
            return shown.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_secret_asked_at_the_terminal_is_not_echoed_and_is_stored() throws Exception {
        Database.open(DatabaseConfig.embedded(data)).close(); // as serve makes it; the other commands only open one
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.run("user", "add", "alice");
            ByteArrayOutputStream shown = new ByteArrayOutputStream();
            Process p = onTerminal(phantom.commandLine("credentials", "set", "alice", "aws", "access_key_id=AKIAEXAMPLE",
                    "secret_access_key"), shown);
            Eventually.await("the prompt", () -> text(shown), t -> t.contains("secret_access_key (not shown): "));
            p.getOutputStream().write("TERMINAL-S3CRET-VALUE\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(text(shown)).contains("stored access_key_id, secret_access_key for alice on aws")
                    .doesNotContain("TERMINAL-S3CRET");
        }
        try (Database db = Database.open(DatabaseConfig.embedded(data))) {
            CloudCredentialStore store = new CloudCredentialStore(db, CredentialVault.open(data.resolve("credentials.key")),
                    Clock.systemUTC());
            assertThat(store.credentials("alice", "aws").get("secret_access_key")).isEqualTo("TERMINAL-S3CRET-VALUE");
        }
    }

    @Test
    void the_first_start_at_a_terminal_shows_the_admin_keys_there_and_writes_no_file() throws Exception {
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            ByteArrayOutputStream shown = new ByteArrayOutputStream();
            Process p = onTerminal(phantom.commandLine("serve", "--listen", "127.0.0.1:" + phantom.endpoint().getPort()), shown);
            try {
                Eventually.await("the banner", () -> text(shown), t -> t.contains("Phantom is serving"));
                String admin = text(shown);
                assertThat(admin).contains("created user 'admin'").containsPattern("aws_secret_access_key = \\S{40}");
                assertThat(data.resolve(DataDir.ADMIN_KEYS)).doesNotExist();
                var client = CrashRecoveryTest.client(phantom, admin.replace("\r", ""));
                assertThat(client.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
            } finally {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
