package phantom.driver.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.LaunchSpec;

/**
 * Run in a separate JVM by {@link SimKillTest}: opens sim site "hotel" in {@code args[0]} and starts
 * {@code args[1]} threads, each launching VMs with its own tokens (named after the run, {@code
 * args[2]}), and now and then again with one of its earlier tokens, printing {@code VM <token>
 * <cloudId>}, flushed, once the launch has returned; until the JVM is killed. Compaction is made
 * frequent, so kills land in it too.
 */
public final class SimLaunchLoop {
    private SimLaunchLoop() {
    }

    public static void main(String[] args) throws Exception {
        SimSite.compactionMinimum = 64;
        CloudDriver driver = new SimDriverFactory().create("hotel", Map.of("capacity", -1, "boot_seconds", 0),
                Path.of(args[0]), Clock.systemUTC());
        int threads = Integer.parseInt(args[1]);
        String run = args[2];
        driver.list(CloudCredentials.NONE);
        System.out.println("OPEN");
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().name("launcher-" + t).start(() -> {
                List<String> mine = new ArrayList<>();
                for (int n = 1; ; n++) {
                    boolean again = !mine.isEmpty() && ThreadLocalRandom.current().nextInt(5) == 0;
                    String token = again ? mine.get(ThreadLocalRandom.current().nextInt(mine.size()))
                            : run + "-" + thread + "-" + n;
                    try {
                        String id = driver.launch(new LaunchSpec(token, "group-" + thread, "alice", "web", "ami-sim",
                                "m1.small", null, List.of(), null, Map.of()), CloudCredentials.NONE).cloudId();
                        if (!again) {
                            mine.add(token);
                        }
                        synchronized (System.out) {
                            System.out.println("VM " + token + " " + id);
                            System.out.flush();
                        }
                    } catch (CloudFault f) {
                        System.err.println("launch failed: " + f);
                        System.exit(3);
                    }
                }
            });
        }
    }
}
