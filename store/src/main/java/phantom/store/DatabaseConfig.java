package phantom.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives: a JDBC URL (the embedded SQLite file, or PostgreSQL) and its credentials.
 *
 * @param password may be empty; never printed by {@link #toString()} or {@link #describe()}
 */
public record DatabaseConfig(String url, String user, String password) {
    /** The file name of the embedded database in the data directory. */
    public static final String EMBEDDED_FILE = "phantom.db";
    /** How long a writer waits for another process's write lock before the transaction is retried. */
    static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final String SQLITE = "jdbc:sqlite:";

    public DatabaseConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database url is empty; give a JDBC url such as jdbc:postgresql://host:5432/phantom");
        }
        if (user == null) user = "";
        if (password == null) password = "";
    }

    /**
     * The embedded SQLite database in {@code dataDir}, file {@code phantom.db} (made 0600, with its
     * {@code -wal} and {@code -shm} companions).
     *
     * <p>Durability: WAL mode with {@code synchronous=FULL}, so every commit is fsynced to the WAL
     * before it returns, and survives kill -9, an OS crash and a power loss. Other processes
     * ({@code phantom user add} while {@code phantom serve} runs) open the same file; SQLite's own
     * file locks serialize their writes, each waiting up to {@value #BUSY_TIMEOUT_MILLIS} ms for
     * the lock. Foreign keys are enforced.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_FILE);
        if (file.toString().contains("?")) {
            throw new IllegalArgumentException("data directory '" + file.getParent()
                    + "' contains '?', which SQLite's JDBC driver reads as the start of its options; choose another directory");
        }
        return new DatabaseConfig(SQLITE + file, "", "");
    }

    /** True for the embedded (SQLite) database. */
    public boolean isEmbedded() {
        return url.startsWith(SQLITE);
    }

    /** The file of the embedded database; only for {@link #isEmbedded()}. */
    Path embeddedFile() {
        if (!isEmbedded()) throw new IllegalStateException("not an embedded database: " + url);
        return Path.of(url.substring(SQLITE.length()));
    }

    Dialect dialect() {
        return Dialect.of(url);
    }

    /** Connection properties for the driver: SQLite's pragmas, applied to every connection. */
    Map<String, String> driverProperties() {
        if (!isEmbedded()) return Map.of();
        // secure_delete: deleted and overwritten content is zeroed, so a secret sealed in place (or a
        // deleted row) leaves no plain copy in the file's free space
        return Map.of("journal_mode", "WAL", "synchronous", "FULL", "foreign_keys", "true",
                "busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS), "secure_delete", "true");
    }

    /** What the database is, for the banner and messages: "SQLite file X" or the URL; never the password. */
    public String describe() {
        if (isEmbedded()) return "embedded SQLite " + embeddedFile();
        // a password may also be written into the URL itself: never show it
        String shown = url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
        return (url.startsWith("jdbc:postgresql:") ? "PostgreSQL " : "") + shown + (user.isEmpty() ? "" : " (user " + user + ")");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + url + ", user " + user + "]";
    }
}
