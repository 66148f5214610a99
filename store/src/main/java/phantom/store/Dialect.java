package phantom.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * What differs between the two databases the store runs on, kept in one place: how a transaction
 * begins and ends, which failures are worth a retry, which mean "duplicate key", and where the
 * migrations are (Flyway's {@code {vendor}} directory).
 */
enum Dialect {
    /**
     * The embedded database. Transactions are explicit statements on a connection in auto-commit
     * mode: {@code BEGIN IMMEDIATE} takes the write lock up front (waiting up to busy_timeout for
     * another process), so a writing transaction never fails half-way on a lock upgrade.
     */
    SQLITE("sqlite") {
        @Override
        void begin(Connection c, boolean readOnly) throws SQLException {
            exec(c, readOnly ? "BEGIN" : "BEGIN IMMEDIATE");
        }

        @Override
        void commit(Connection c) throws SQLException {
            exec(c, "COMMIT");
        }

        @Override
        void rollback(Connection c) throws SQLException {
            exec(c, "ROLLBACK");
        }

        @Override
        boolean retryable(SQLException e) {
            // SQLITE_BUSY (5) and its extended codes (SQLITE_BUSY_SNAPSHOT 517, ...): another process
            // held the lock past busy_timeout
            return (e.getErrorCode() & 0xff) == 5;
        }

        @Override
        boolean duplicateKey(SQLException e) {
            // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE
            return e.getErrorCode() == 1555 || e.getErrorCode() == 2067;
        }
    },
    POSTGRESQL("postgresql") {
        private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

        @Override
        void begin(Connection c, boolean readOnly) {
            // the pool's connections are not in auto-commit mode: a transaction begins with its first statement
        }

        @Override
        void commit(Connection c) throws SQLException {
            c.commit();
        }

        @Override
        void rollback(Connection c) throws SQLException {
            c.rollback();
        }

        @Override
        boolean retryable(SQLException e) {
            return e.getSQLState() != null && RETRYABLE.contains(e.getSQLState());
        }

        @Override
        boolean duplicateKey(SQLException e) {
            return "23505".equals(e.getSQLState());
        }
    };

    private final String vendor;

    Dialect(String vendor) {
        this.vendor = vendor;
    }

    static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:") ? SQLITE : POSTGRESQL;
    }

    /** Flyway's migration location for this database. */
    String migrations() {
        return "classpath:phantom/store/migration/" + vendor;
    }

    abstract void begin(Connection c, boolean readOnly) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    abstract void rollback(Connection c) throws SQLException;

    /** True for a serialization failure, deadlock or lock timeout: the whole transaction may be retried. */
    abstract boolean retryable(SQLException e);

    abstract boolean duplicateKey(SQLException e);

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
