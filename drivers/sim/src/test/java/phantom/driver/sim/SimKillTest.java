package phantom.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.ManualClock;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.LaunchSpec;

/**
 * A JVM launching on a sim site from many threads ({@link SimLaunchLoop}) is killed with SIGKILL at
 * random moments, again and again on the same data directory: after each kill every VM a launch had
 * returned is in the site's files, with its token, and no token has two VMs.
 */
class SimKillTest {
    private static final int KILLS = Integer.getInteger("phantom.sim.kills", 5);
    private static final int THREADS = 16;

    @TempDir
    Path dir;

    @Test
    void every_returned_vm_survives_repeated_kill_dash_nine() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> returned = new HashMap<>(); // token -> the one id every launch with it returned
        for (int kill = 1; kill <= KILLS; kill++) {
            int before = returned.size();
            runAndKill(data, "r" + kill, ThreadLocalRandom.current().nextLong(300, 1500), returned);
            assertThat(returned.size()).as("launches returned before kill %d", kill).isGreaterThan(before);

            List<SimVm> all = SimCloud.open(data, "hotel").all();
            Map<String, String> idOfToken = new HashMap<>();
            for (SimVm vm : all) {
                assertThat(idOfToken.put(vm.token(), vm.cloudId())).as("a second VM for token %s", vm.token()).isNull();
            }
            assertThat(all.stream().map(SimVm::cloudId).distinct().count()).isEqualTo(all.size());
            int k = kill;
            returned.forEach((token, id) -> assertThat(idOfToken).as("after kill %d", k).containsEntry(token, id));
            System.out.printf("kill %d: %d VMs returned so far, %d in the site%n", kill, returned.size(), all.size());
        }
        // a driver in this JVM opens the files the killed ones left and answers every token as they did
        CloudDriver driver = new SimDriverFactory().create("hotel", Map.of("capacity", -1), data, new ManualClock());
        for (var e : returned.entrySet()) {
            assertThat(driver.launch(new LaunchSpec(e.getKey(), "g", "alice", "web", "ami-sim", "m1.small", null,
                    List.of(), null, Map.of()), CloudCredentials.NONE).cloudId()).isEqualTo(e.getValue());
        }
    }

    private void runAndKill(Path data, String run, long afterMillis, Map<String, String> returned) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path errors = dir.resolve("loop-" + run + ".err");
        Process loop = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SimLaunchLoop.class.getName(), data.toString(), Integer.toString(THREADS), run)
                .redirectError(errors.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"OPEN".equals(line)) {
                loop.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("the launch loop did not open the site:\n" + Files.readString(errors));
            }
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(afterMillis);
            Thread killer = Thread.ofPlatform().start(() -> {
                long wait = killAt - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                loop.toHandle().destroyForcibly();
            });
            for (; (line = out.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f.length != 3 || !f[0].equals("VM")) {
                    continue;
                }
                String earlier = returned.putIfAbsent(f[1], f[2]);
                assertThat(earlier).as("the id returned again for token %s", f[1]).isIn(null, f[2]);
            }
            killer.join();
        }
        assertThat(loop.waitFor(30, TimeUnit.SECONDS)).as("launch loop died").isTrue();
        assertThat(loop.exitValue()).as("killed by SIGKILL; stderr: %s", Files.readString(errors)).isEqualTo(137);
    }
}
