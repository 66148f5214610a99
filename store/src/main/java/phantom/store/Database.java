package phantom.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;

/**
 * The store: connection pools on the embedded SQLite database or on PostgreSQL, whose schema is
 * brought up to date on {@link #open}. All access goes through {@link #transaction} or {@link #read}.
 *
 * <p>A commit that returned is durable through kill -9 and power loss: on PostgreSQL by its WAL,
 * on SQLite by its WAL with {@code synchronous=FULL} (the WAL is fsynced in every commit; see
 * {@link DatabaseConfig#embedded}). On SQLite all writes go through one connection, so writing
 * transactions of this process run one at a time and never conflict; reads run in parallel on
 * their own connections and see the last commit. On PostgreSQL transactions run at READ
 * COMMITTED. Either way lost updates of groups are prevented by their version column
 * ({@link ConcurrentUpdate}).
 */
public final class Database implements AutoCloseable {
    /** Work done in one transaction. It may run more than once (see {@link #transaction}). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx);
    }

    static final int ATTEMPTS = 5;
    /** Serialization failure and deadlock, as the SQL standard (and PostgreSQL) name them. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    private static final int POOL_SIZE = 8;
    /** How long a PostgreSQL session may sit idle inside a transaction before the server ends it. */
    static final java.time.Duration IDLE_IN_TRANSACTION = java.time.Duration.ofSeconds(5);
    private static final int SQLITE_READERS = 4;
    /** Flyway's name for the newest schema version. */
    private static final String LATEST = "latest";
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final DatabaseConfig config;
    private final Dialect dialect;
    /** True on a thread while it runs writing work. */
    private final ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> false);
    private final java.util.concurrent.atomic.LongAdder statements = new java.util.concurrent.atomic.LongAdder();

    private Database(HikariDataSource writer, HikariDataSource reader, DatabaseConfig config) {
        this.writer = writer;
        this.reader = reader;
        this.config = config;
        this.dialect = config.dialect();
    }

    /**
     * Connects, making the embedded database if there is none (importing a Phantom 0.1 H2 database
     * found beside it, see {@link H2Import}), and migrates the schema to the newest version (a
     * no-op when it is current). For {@code phantom serve}.
     *
     * @throws StoreException saying why when the database is unreachable, refuses the credentials
     *     or cannot be migrated
     */
    public static Database open(DatabaseConfig config) {
        if (config.isEmbedded()) EmbeddedFile.prepare(config.embeddedFile());
        boolean importing = config.isEmbedded() && H2Import.isPresent(config.embeddedFile());
        // 0.1's rows go into the schema whose tables have their columns; the later migrations then move them on
        Database db = connect(config, true, importing ? H2Import.SCHEMA_VERSION : LATEST);
        if (importing) {
            try {
                H2Import.importIfPresent(db, config.embeddedFile());
                migrate(db.writer, config, LATEST);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }
        return db;
    }

    /**
     * Like {@link #open}, but never makes a database: for the commands other than {@code serve}.
     *
     * @throws NoDatabase when the embedded file does not exist, or the database has no Phantom
     *     schema; its message says where it looked
     */
    public static Database openExisting(DatabaseConfig config) {
        if (config.isEmbedded()) {
            EmbeddedFile.requireExisting(config.embeddedFile());
            EmbeddedFile.prepare(config.embeddedFile());
        }
        return connect(config, false, LATEST);
    }

    /**
     * Makes and migrates a database only up to schema {@code version} (no import), as an older
     * Phantom left it: for tests that write such a database.
     */
    static Database openAtVersion(DatabaseConfig config, String version) {
        return connect(config, true, version);
    }

    /** Opens the pools and migrates; with {@code create} false, a database without Phantom's schema is {@link NoDatabase}. */
    private static Database connect(DatabaseConfig config, boolean create, String schemaVersion) {
        Dialect dialect = config.dialect();
        HikariDataSource writer = pool(config, dialect == Dialect.SQLITE ? 1 : POOL_SIZE, false);
        HikariDataSource reader = writer;
        try {
            if (dialect == Dialect.SQLITE) reader = pool(config, SQLITE_READERS, true);
            if (!create && !hasSchema(writer, config)) {
                throw new NoDatabase("the database " + config.describe() + " holds no Phantom data (no schema history);"
                        + " 'phantom serve' makes it on first start");
            }
            migrate(writer, config, schemaVersion);
            if (dialect == Dialect.SQLITE) incrementalVacuum(writer, config);
        } catch (StoreException e) {
            writer.close();
            reader.close();
            throw e;
        } catch (RuntimeException e) {
            writer.close();
            reader.close();
            throw new StoreException("cannot migrate the schema of " + config.describe() + ": " + causes(e), e);
        }
        return new Database(writer, reader, config);
    }

    /** Brings the schema up to {@code version} (a no-op when it is there). */
    private static void migrate(HikariDataSource writer, DatabaseConfig config, String version) {
        try {
            Flyway.configure().dataSource(writer).locations(config.dialect().migrations()).target(version).load().migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the schema of " + config.describe() + ": " + causes(e), e);
        }
    }

    private static HikariDataSource pool(DatabaseConfig config, int size, boolean readOnly) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("phantom-store-" + POOLS.incrementAndGet() + (readOnly ? "-read" : ""));
        hc.setJdbcUrl(config.url());
        if (!config.user().isEmpty()) hc.setUsername(config.user());
        if (!config.password().isEmpty()) hc.setPassword(config.password());
        config.driverProperties().forEach(hc::addDataSourceProperty);
        // SQLite: transactions are BEGIN/COMMIT statements (see Dialect.SQLITE), on auto-commit connections
        hc.setAutoCommit(config.dialect() == Dialect.SQLITE);
        if (readOnly) hc.setConnectionInitSql("PRAGMA query_only = 1");
        // A process frozen inside a transaction (a long GC pause, SIGSTOP, a suspended VM) must not
        // hold its row locks for ever: a cluster's shard lease, share-locked by its fence, could never
        // be taken over. PostgreSQL ends such a session; Phantom's transactions never wait on anything
        // but the database between statements (cloud calls happen after the commit).
        // Set as a startup option of the session: a SET as Hikari's init SQL would itself leave the
        // session idle in a transaction (the pool's connections are not in auto-commit mode). A URL
        // with options of its own keeps them (the driver prefers the URL's).
        if (config.dialect() == Dialect.POSTGRESQL) {
            hc.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION.toMillis());
        }
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the database " + config.describe() + ": " + causes(e), e);
        }
    }

    /**
     * Turns on {@code auto_vacuum=INCREMENTAL} in an SQLite file that does not have it yet (a new
     * one: SQLite applies the setting only when VACUUM rebuilds the file, cheap while it is small),
     * so that {@link #compact} can give free pages back.
     */
    private static void incrementalVacuum(HikariDataSource writer, DatabaseConfig config) {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            int mode;
            try (ResultSet rs = s.executeQuery("PRAGMA auto_vacuum")) {
                mode = rs.next() ? rs.getInt(1) : 0;
            }
            if (mode != 2) {
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("VACUUM");
            }
        } catch (SQLException e) {
            throw new StoreException("cannot set up the embedded database " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /** True when Flyway has migrated this database (it has Phantom's schema). */
    private static boolean hasSchema(HikariDataSource pool, DatabaseConfig config) {
        try (Connection c = pool.getConnection();
                ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "%", null)) {
            while (tables.next()) {
                if ("flyway_schema_history".equalsIgnoreCase(tables.getString("TABLE_NAME"))) return true;
            }
            return false;
        } catch (SQLException e) {
            throw new StoreException("cannot read the tables of " + config.describe() + ": " + e.getMessage(), e);
        }
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

    /**
     * Housekeeping of the embedded file: checkpoints the WAL into the database file (truncating it)
     * and returns free pages to the file system ({@code PRAGMA incremental_vacuum}), so the files
     * stay as large as the live rows need. A no-op on PostgreSQL, whose autovacuum does this.
     */
    public void compact() {
        if (dialect != Dialect.SQLITE) return;
        Connection c;
        try {
            c = writer.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no database connection for " + config.describe() + ": " + e.getMessage(), e);
        }
        try (c; Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA incremental_vacuum"); // runs it to its end (execute() frees one page)
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new StoreException("cannot compact " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /** What this database is, for the banner and messages: engine and file or URL (no password). */
    /**
     * How many SQL statements the repositories have run on this database since it was opened (the
     * transactions' own BEGIN and COMMIT not counted): how tests show that a request's cost in
     * queries does not grow with the data.
     */
    public long statements() {
        return statements.sum();
    }

    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        if (reader != writer) reader.close();
        writer.close();
    }

    @Override
    public String toString() {
        return "Database[" + config.describe() + "]";
    }

    private <T> T run(Work<T> work, boolean readOnly) {
        if (!readOnly && writing.get()) {
            // on SQLite it would wait for the one writing connection, which this thread holds
            throw new IllegalStateException("Database.transaction() called inside another transaction() on the same thread;"
                    + " do the work in the outer one");
        }
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
        HikariDataSource pool = readOnly ? reader : writer;
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no database connection for " + config.describe() + ": " + e.getMessage(), e);
        }
        try (connection) {
            String step = "BEGIN";
            try {
                dialect.begin(connection, readOnly);
                Sql sql = new Sql(connection, dialect, readOnly, statements);
                Tx tx = new Tx(sql);
                if (!readOnly) writing.set(true);
                try {
                    T result = work.run(tx);
                    step = readOnly ? "ROLLBACK" : "COMMIT";
                    if (readOnly) dialect.rollback(connection);
                    else dialect.commit(connection);
                    return result;
                } finally {
                    tx.end();
                    if (!readOnly) writing.set(false);
                }
            } catch (SQLException e) {
                rollback(pool, connection, e);
                throw Sql.failure(dialect, step, e);
            } catch (RuntimeException | Error e) {
                rollback(pool, connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot return a connection to the pool: " + e.getMessage(), e);
        }
    }

    /** Rolls back; a connection that cannot is evicted, so no later work inherits its transaction. */
    private void rollback(HikariDataSource pool, Connection connection, Throwable failure) {
        try {
            dialect.rollback(connection);
        } catch (SQLException e) {
            // on SQLite "no transaction is active" after a failed BEGIN or COMMIT is expected
            if (dialect != Dialect.SQLITE || !String.valueOf(e.getMessage()).contains("no transaction is active")) {
                failure.addSuppressed(e);
                pool.evictConnection(connection);
            }
        }
    }

    boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getSQLState() != null && RETRYABLE.contains(s.getSQLState()) || dialect.retryable(s))) {
                return true;
            }
        }
        return false;
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
