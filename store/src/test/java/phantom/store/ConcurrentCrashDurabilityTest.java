package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.Instance;
import phantom.core.model.User;

/**
 * Many concurrent committers in a separate JVM, killed with SIGKILL at random moments, again and
 * again on the same embedded database: after each kill every commit that had returned must be
 * there. (The single-writer {@link CrashDurabilityTest} cannot show a loss that needs concurrent
 * commits.)
 */
class ConcurrentCrashDurabilityTest {
    private static final int KILLS = Integer.getInteger("phantom.crash.kills", 8);
    private static final int THREADS = Integer.getInteger("phantom.crash.threads", 16);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedConcurrentCommitSurvivesRepeatedKillDashNine() throws Exception {
        Path data = dir.resolve("db");
        List<String> lost = new ArrayList<>();
        int acknowledged = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            String run = "r" + kill;
            Map<Integer, Integer> acks = runAndKill(data, run, ThreadLocalRandom.current().nextLong(300, 1500));
            Set<String> present = new HashSet<>();
            try (Database db = Database.open(DatabaseConfig.embedded(data))) {
                db.read(tx -> tx.users().all()).stream().map(User::name).forEach(present::add);
                db.read(tx -> tx.instances().all()).stream().map(Instance::id).forEach(present::add);
            }
            for (var e : acks.entrySet()) {
                for (int n = 1; n <= e.getValue(); n++) {
                    acknowledged++;
                    String id = ConcurrentCrashWriter.id(run, e.getKey(), n);
                    if (!present.contains(id)) lost.add(id);
                }
            }
            System.out.printf("kill %d: %d acknowledged so far, %d lost so far%n", kill, acknowledged, lost.size());
        }
        assertThat(acknowledged).as("commits acknowledged over %d kills", KILLS).isGreaterThan(KILLS * THREADS);
        assertThat(lost).as("acknowledged commits missing after kill -9 (of %d)", acknowledged).isEmpty();
    }

    /** Starts the writers, kills them {@code afterMillis} after they opened, returns each thread's last ACK. */
    private Map<Integer, Integer> runAndKill(Path data, String run, long afterMillis) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path errors = dir.resolve("writer-" + run + ".err");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ConcurrentCrashWriter.class.getName(), data.toString(), Integer.toString(THREADS), run)
                .redirectError(errors.toFile()).start();
        Map<Integer, Integer> acks = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"OPEN".equals(line)) {
                writer.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("the writer did not open the database:\n" + Files.readString(errors));
            }
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(afterMillis);
            Thread killer = Thread.ofPlatform().start(() -> {
                long wait = killAt - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                writer.toHandle().destroyForcibly();
            });
            for (; (line = out.readLine()) != null; ) {
                if (!line.startsWith("ACK ")) continue;
                String[] f = line.split(" ");
                acks.merge(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Math::max);
            }
            killer.join();
        }
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("writer died").isTrue();
        assertThat(writer.exitValue()).as("killed by SIGKILL; stderr: %s", Files.readString(errors)).isEqualTo(137);
        return acks;
    }
}
