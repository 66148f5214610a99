package phantom.store;

import java.nio.file.Path;
import java.time.Instant;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.User;

/**
 * Run in a separate JVM by {@link ConcurrentCrashDurabilityTest}: opens the embedded database in
 * {@code args[0]} and starts {@code args[1]} threads, each committing its own rows (an instance
 * row, then a user row, alternately, each in its own transaction) and printing {@code ACK t n}
 * once the commit of its n-th row has returned, until the JVM is killed. Rows are named after
 * {@code args[2]} (the run), so one database can take several runs.
 */
public final class ConcurrentCrashWriter {
    private ConcurrentCrashWriter() {}

    public static void main(String[] args) {
        Database db = Database.open(DatabaseConfig.embedded(Path.of(args[0])));
        int threads = Integer.parseInt(args[1]);
        String run = args[2];
        System.out.println("OPEN");
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().name("writer-" + t).start(() -> {
                for (int n = 1; ; n++) {
                    String id = id(run, thread, n);
                    Instant now = Instant.EPOCH.plusMillis(n);
                    db.transaction(tx -> {
                        if (id.hashCode() % 2 == 0) {
                            tx.instances().insert(new Instance(id, thread, "sim", null, InstanceState.REQUESTED, true, null,
                                    "lc", "m1.small", "ami-1", now, now));
                        } else {
                            tx.users().insert(new User(id, "AK-" + id, "secret", now));
                        }
                        return null;
                    });
                    synchronized (System.out) {
                        System.out.println("ACK " + thread + " " + n);
                        System.out.flush();
                    }
                }
            });
        }
    }

    /** The id of thread {@code thread}'s n-th row in run {@code run}. */
    static String id(String run, int thread, int n) {
        return run + "-" + thread + "-" + n;
    }
}
