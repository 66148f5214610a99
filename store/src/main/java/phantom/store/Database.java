package phantom.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;

/**
 * The store: a connection pool on an H2 or PostgreSQL database whose schema is brought up to
 * date on {@link #open}. All access goes through {@link #transaction} or {@link #read}.
 *
 * <p>Transactions run at the database's default isolation, READ COMMITTED; lost updates of groups
 * are prevented by their version column ({@link ConcurrentUpdate}). A commit that returned is
 * durable: on PostgreSQL by its WAL, on the embedded H2 database against the death of the
 * process (see {@link DatabaseConfig#embedded}).
 */
public final class Database implements AutoCloseable {
    /** Work done in one transaction. It may run more than once (see {@link #transaction}). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx);
    }

    static final int ATTEMPTS = 5;
    /** Serialization failure and deadlock (SQL standard / PostgreSQL), and H2's "concurrent update". */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "90131");
    private static final String MIGRATIONS = "classpath:phantom/store/migration";
    private static final int POOL_SIZE = 8;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HikariDataSource pool;
    private final DatabaseConfig config;

    private Database(HikariDataSource pool, DatabaseConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Connects and migrates the schema to the newest version (a no-op when it is current).
     *
     * @throws StoreException saying why when the database is unreachable, refuses the credentials,
     *     is in use by another process (embedded) or cannot be migrated
     */
    public static Database open(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("phantom-store-" + POOLS.incrementAndGet());
        hc.setJdbcUrl(config.url());
        if (!config.user().isEmpty()) hc.setUsername(config.user());
        if (!config.password().isEmpty()) hc.setPassword(config.password());
        hc.setAutoCommit(false);
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException(cannotOpen(config, e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the schema of " + config + ": " + causes(e), e);
        }
        return new Database(pool, config);
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws
     * (and rethrows). When the database reports a serialization failure or deadlock the whole
     * work is retried, a few times, so it must have no effects outside the transaction.
     */
    public <T> T transaction(Work<T> work) {
        return run(work, false);
    }

    /**
     * Like {@link #transaction} for work that only reads; a write in it throws
     * {@link IllegalStateException}.
     */
    public <T> T read(Work<T> work) {
        return run(work, true);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + config + "]";
    }

    private <T> T run(Work<T> work, boolean readOnly) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work, readOnly);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) throw e;
                // back off a little, with jitter, so that colliding transactions do not collide again
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 10_000_000L) * attempt);
            }
        }
    }

    private <T> T once(Work<T> work, boolean readOnly) {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no database connection for " + config + ": " + e.getMessage(), e);
        }
        try (connection) {
            Sql sql = new Sql(connection, readOnly);
            Tx tx = new Tx(sql);
            try {
                T result = work.run(tx);
                if (readOnly) connection.rollback();
                else connection.commit();
                return result;
            } catch (SQLException e) {
                rollback(connection, e);
                throw Sql.failure(readOnly ? "ROLLBACK" : "COMMIT", e);
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                tx.end();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot return a connection to the pool: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && RETRYABLE.contains(s.getSQLState())) return true;
        }
        return false;
    }

    private static String cannotOpen(DatabaseConfig config, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == 90020 && config.isEmbedded()) {
                return "the embedded database " + config.url().split(";")[0]
                        + " is in use by another process (is another Phantom running on this data directory?): "
                        + s.getMessage();
            }
        }
        return "cannot connect to the database " + config + ": " + causes(e);
    }

    /** The messages of {@code e} and its causes, outermost first, without repeats. */
    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) >= 0) continue;
            if (!b.isEmpty()) b.append("; caused by ");
            b.append(m);
        }
        return b.toString();
    }
}
