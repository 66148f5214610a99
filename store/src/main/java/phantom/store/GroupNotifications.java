package phantom.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens, on a connection of its own, for the groups API calls on any node have changed
 * ({@link ClusterRows#notifyGroupChanged}), and hands each group id to {@code onGroup}. When the
 * connection breaks it connects again (1 s, doubling to 10 s) and then calls {@code onReconnect}:
 * notifications sent meanwhile are lost, so the caller re-checks every group. PostgreSQL only.
 */
public final class GroupNotifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupNotifications.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private final DatabaseConfig config;
    private final LongConsumer onGroup;
    private final Runnable onReconnect;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private GroupNotifications(DatabaseConfig config, LongConsumer onGroup, Runnable onReconnect) {
        this.config = config;
        this.onGroup = onGroup;
        this.onReconnect = onReconnect;
        this.thread = new Thread(this::run, "phantom-group-notifications");
        this.thread.setDaemon(true);
    }

    /**
     * Connects and listens before it returns (so that no change committed after this call is
     * missed), then goes on in the background.
     *
     * @throws StoreException when the first connection fails
     */
    public static GroupNotifications listen(DatabaseConfig config, LongConsumer onGroup, Runnable onReconnect) {
        if (config.dialect() != Dialect.POSTGRESQL) throw new StoreException("notifications need PostgreSQL");
        GroupNotifications n = new GroupNotifications(config, onGroup, onReconnect);
        try {
            n.connection = n.connect();
        } catch (SQLException e) {
            throw new StoreException("cannot listen for group changes on " + config.describe() + ": " + e.getMessage(), e);
        }
        n.thread.start();
        return n;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        config.driverProperties().forEach(p::setProperty);
        if (!config.user().isEmpty()) p.setProperty("user", config.user());
        if (!config.password().isEmpty()) p.setProperty("password", config.password());
        Connection c = DriverManager.getConnection(config.url(), p);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + ClusterRows.GROUP_CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            Connection c = connection;
            try {
                if (c == null) {
                    c = connect();
                    connection = c;
                    log.info("listening for group changes again on {}; re-checking every group (changes may have been missed)",
                            config.describe());
                    retry = FIRST_RETRY;
                    onReconnect.run();
                }
                PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (got == null) continue;
                for (PGNotification n : got) {
                    try {
                        onGroup.accept(Long.parseLong(n.getParameter()));
                    } catch (NumberFormatException e) {
                        log.warn("ignoring a notification on {} that is not a group id: '{}'", ClusterRows.GROUP_CHANNEL,
                                n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                log.warn("listening for group changes on {} failed ({}); connecting again in {} s", config.describe(),
                        e.getMessage(), retry.toSeconds());
                closeQuietly(c);
                connection = null;
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException ie) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // it is broken already
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        closeQuietly(connection);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
