package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;

/**
 * "A write the API acknowledged is never lost, including kill -9": a separate JVM commits rows
 * to the embedded database and acknowledges each; it is killed with SIGKILL mid-stream, and
 * every acknowledged row must be there after reopening.
 */
class CrashDurabilityTest {
    private static final int KILL_AFTER_ACKS = 300;

    @TempDir
    Path dir;

    private Process writer;
    private BufferedReader acks;

    @AfterEach
    void killWriter() throws InterruptedException {
        if (writer != null && writer.isAlive()) {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedCommitSurvivesKillDashNine() throws Exception {
        startWriter();
        int acked = 0;
        while (acked < KILL_AFTER_ACKS) acked = nextAck();

        // SIGKILL: no shutdown hooks, no database close. (Through the ProcessHandle, because
        // Process.destroyForcibly() also closes our end of the pipe, losing ACKs already printed.)
        writer.toHandle().destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("writer died").isTrue();
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        for (String line; (line = acks.readLine()) != null; ) {
            if (line.startsWith("ACK ")) acked = Integer.parseInt(line.substring(4)); // printed before it died
        }

        int last = acked;
        try (Database db = TestDatabases.embedded(data())) {
            Set<String> names = db.read(tx -> tx.users().all()).stream().map(User::name).collect(Collectors.toSet());
            List<String> lost = IntStream.rangeClosed(1, last).mapToObj(n -> "user-" + n).filter(n -> !names.contains(n)).toList();
            assertThat(lost).as("acknowledged users missing after kill -9 (last ack %d, %d rows)", last, names.size()).isEmpty();
            assertThat(db.read((Tx tx) -> tx.users().byName("user-" + last))).map(User::accessKeyId).contains("AK" + last);
        }
    }

    @Test
    void aSecondProcessReadsAndWritesWhileTheFirstWrites() throws Exception {
        // as 'phantom user add' does while 'phantom serve' runs
        startWriter();
        int seen = nextAck();

        try (Database db = Database.openExisting(DatabaseConfig.embedded(data()))) {
            Set<String> names = db.read(tx -> tx.users().all()).stream().map(User::name).collect(Collectors.toSet());
            assertThat(names).contains("user-" + seen);
            for (int i = 0; i < 20; i++) {
                String name = "other-" + i;
                db.transaction(tx -> {
                    tx.users().insert(new User(name, "AK-" + name, "s", Instant.EPOCH));
                    return null;
                });
            }
            int later = nextAck();
            int after = nextAck(); // the first process kept committing
            assertThat(after).isGreaterThan(later);
            assertThat(db.read((Tx tx) -> tx.users().byName("other-19"))).isPresent();
            assertThat(db.read((Tx tx) -> tx.users().byName("user-" + later))).isPresent();
        }
    }

    private void startWriter() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path errors = dir.resolve("writer.err");
        writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), data().toString())
                .redirectError(errors.toFile())
                .start();
        acks = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    }

    private Path data() {
        return dir.resolve("db");
    }

    /** Reads stdout up to the next ACK line; fails with the writer's stderr if it ends first. */
    private int nextAck() throws IOException {
        for (String line; (line = acks.readLine()) != null; ) {
            if (line.startsWith("ACK ")) return Integer.parseInt(line.substring(4));
        }
        throw new AssertionError("the writer stopped before acknowledging a commit:\n" + Files.readString(dir.resolve("writer.err")));
    }
}
