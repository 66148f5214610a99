package phantom.store;

import java.nio.file.Path;

/**
 * Where the store lives: a JDBC URL (PostgreSQL or H2) and its credentials.
 *
 * @param password may be empty; never printed by {@link #toString()}
 */
public record DatabaseConfig(String url, String user, String password) {
    /** The file name (without H2's {@code .mv.db} suffix) of the embedded database. */
    static final String EMBEDDED_NAME = "phantom";

    public DatabaseConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database url is empty; give a JDBC url such as jdbc:postgresql://host:5432/phantom");
        }
        if (user == null) user = "";
        if (password == null) password = "";
    }

    /**
     * The embedded H2 database in {@code dataDir} (file {@code phantom.mv.db}), speaking the
     * PostgreSQL dialect the migrations and queries are written in.
     *
     * <p>Durability: H2 normally writes committed transactions to its file up to {@code WRITE_DELAY}
     * (500 ms) later, so a kill -9 could lose commits that were already acknowledged.
     * {@code WRITE_DELAY=0} makes H2 2.5 write the store file inside every commit (its
     * TransactionStore calls MVStore.commit() when the auto-commit delay is 0), so a commit that
     * returned survives the death of the process. H2 does not fsync on commit: a power loss or OS
     * crash may still lose the last commits; use PostgreSQL where that matters.
     *
     * <p>{@code AUTO_SERVER=TRUE}: the first process to open the file serves it to later ones over
     * a TCP port bound to 127.0.0.1 only, so {@code phantom user add} works while {@code phantom
     * serve} runs; when the serving process dies, the next one to open the file takes over.
     * (H2 refuses {@code DB_CLOSE_ON_EXIT=FALSE} with {@code AUTO_SERVER}; the server therefore
     * handles SIGTERM itself and closes the database before the JVM's exit hooks run.)
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new IllegalArgumentException("data directory '" + dir + "' contains ';', which H2 cannot take in a database path; choose another directory");
        }
        String url = "jdbc:h2:file:" + dir.resolve(EMBEDDED_NAME)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;AUTO_SERVER=TRUE";
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
        return new DatabaseConfig(url, "phantom", "");
    }

    /** True for an embedded (H2) database. */
    boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + url + ", user " + user + "]";
    }
}
