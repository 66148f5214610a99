package phantom.store;

import java.nio.file.Path;
import java.time.Instant;
import phantom.core.model.User;

/**
 * Run in a separate JVM by {@link CrashDurabilityTest}: opens the embedded database in the
 * directory {@code args[0]}, then inserts user-1, user-2, ... each in its own transaction, and
 * prints {@code ACK n} once the commit of user-n has returned, until it is killed.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) {
        Database db = TestDatabases.embedded(Path.of(args[0]));
        System.out.println("OPEN");
        System.out.flush();
        for (int n = 1; n < 10_000_000; n++) {
            int k = n;
            db.transaction(tx -> {
                tx.users().insert(new User("user-" + k, "AK" + k, "secret-" + "x".repeat(200) + k, Instant.EPOCH.plusMillis(k)));
                return null;
            });
            System.out.println("ACK " + n);
            System.out.flush();
        }
    }
}
