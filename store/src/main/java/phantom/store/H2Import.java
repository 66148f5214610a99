package phantom.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phantom 0.1 kept its data in an embedded H2 database, {@code phantom.mv.db} in the data
 * directory. The first {@code phantom serve} of a newer Phantom on that directory copies every row
 * into the new SQLite file, in one transaction, and renames the H2 file to
 * {@code phantom.mv.db.imported} (0600): nothing is lost (the groups' VMs keep their rows, so the
 * orphan sweep leaves them alone), and the import happens once.
 */
final class H2Import {
    /** The tables of Phantom 0.1 (schema V1 to V3), parents before children. */
    static final List<String> TABLES = List.of("installation", "users", "launch_configurations", "scaling_groups",
            "group_tags", "instances", "scaling_activities", "site_health", "cloud_credentials");
    static final String IMPORTED_SUFFIX = ".imported";
    /**
     * The schema the rows are copied into: the newest whose tables have 0.1's columns. The
     * migrations after it (V6 onwards) then move the imported rows on, as they move any database.
     */
    static final String SCHEMA_VERSION = "5";
    private static final Logger log = LoggerFactory.getLogger(H2Import.class);

    private H2Import() {}

    /** The JDBC URL Phantom 0.1 used for the H2 file {@code mvDb} (without its AUTO_SERVER). */
    static String h2Url(Path mvDb) {
        String name = mvDb.getFileName().toString();
        String base = mvDb.resolveSibling(name.substring(0, name.length() - ".mv.db".length())).toString();
        return "jdbc:h2:file:" + base + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE";
    }

    /** True when a Phantom 0.1 database lies beside {@code sqliteFile}. */
    static boolean isPresent(Path sqliteFile) {
        return Files.isRegularFile(sqliteFile.resolveSibling(EmbeddedFile.H2_FILE));
    }

    /**
     * Imports {@code phantom.mv.db} beside {@code sqliteFile} into {@code db} when it is there; {@code db}
     * is at {@link #SCHEMA_VERSION}.
     */
    static void importIfPresent(Database db, Path sqliteFile) {
        Path h2 = sqliteFile.resolveSibling(EmbeddedFile.H2_FILE);
        if (!isPresent(sqliteFile)) return;
        Map<String, Integer> copied;
        try (Connection from = DriverManager.getConnection(h2Url(h2), "phantom", "")) {
            from.setReadOnly(true);
            copied = db.transaction(tx -> {
                if (!isEmpty(tx.sql())) {
                    throw new StoreException("both " + sqliteFile + " and a Phantom 0.1 database " + h2 + " are there, and "
                            + sqliteFile.getFileName() + " already holds data; move " + h2 + " out of the data directory"
                            + " (or remove " + sqliteFile + " to import it again)");
                }
                if (schemaVersion(tx.sql()) > Integer.parseInt(SCHEMA_VERSION)) {
                    throw new StoreException("a Phantom 0.1 database " + h2 + " is there beside " + sqliteFile + ", which a"
                            + " newer Phantom made, empty: remove " + sqliteFile + " and start again to import " + h2);
                }
                Map<String, Integer> rows = copy(from, tx.sql());
                continueGroupIds(tx.sql());
                return rows;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot import the Phantom 0.1 database " + h2 + " (is a Phantom 0.1 still running on it?): "
                    + e.getMessage(), e);
        }
        Path kept = h2.resolveSibling(h2.getFileName() + IMPORTED_SUFFIX);
        try {
            Files.move(h2, kept);
            if (kept.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new StoreException("imported " + h2 + " into " + sqliteFile + " but cannot rename it to " + kept
                    + "; rename or remove it yourself before the next start: " + e, e);
        }
        log.info("imported the Phantom 0.1 database {} into {} ({} rows: {}); the old file is now {} (0600). It holds the users'"
                + " API secrets in plaintext: delete it once you have checked the import.",
                h2, sqliteFile, copied.values().stream().mapToInt(Integer::intValue).sum(), copied, kept);
    }

    /**
     * Makes new group ids follow every id the imported rows use. SQLite's AUTOINCREMENT counter
     * only saw the groups that still exist, while instance rows, activities and site health of a
     * deleted group outlive it under its id: a new group must never get that id.
     */
    private static void continueGroupIds(Sql sql) {
        int top = 0;
        for (String q : List.of("SELECT COALESCE(MAX(id), 0) FROM scaling_groups", "SELECT COALESCE(MAX(group_id), 0) FROM instances",
                "SELECT COALESCE(MAX(group_id), 0) FROM scaling_activities", "SELECT COALESCE(MAX(group_id), 0) FROM site_health")) {
            top = Math.max(top, sql.count(q));
        }
        if (sql.update("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'scaling_groups'", top) == 0) {
            sql.update("INSERT INTO sqlite_sequence (name, seq) VALUES ('scaling_groups', ?)", top);
        }
    }

    /** The schema version Flyway brought the database to. */
    private static int schemaVersion(Sql sql) {
        return sql.list("SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL",
                rs -> rs.getString(1)).stream().mapToInt(Integer::parseInt).max().orElse(0);
    }

    private static boolean isEmpty(Sql sql) {
        for (String table : TABLES) {
            if (sql.count("SELECT COUNT(*) FROM " + table) > 0) return false;
        }
        return true;
    }

    /** Copies every row of every table H2 has, column by column by name; returns rows per table. */
    private static Map<String, Integer> copy(Connection from, Sql to) {
        Map<String, Integer> copied = new LinkedHashMap<>();
        try {
            Set<String> present = tables(from);
            for (String table : TABLES) {
                if (!present.contains(table)) continue; // an older 0.1 schema
                try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
                    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                            + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
                    int rows = 0;
                    while (rs.next()) {
                        Object[] values = new Object[columns.size()];
                        for (int i = 0; i < values.length; i++) values[i] = value(rs.getObject(i + 1));
                        to.update(insert, values);
                        rows++;
                    }
                    copied.put(table, rows);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the Phantom 0.1 database: " + e.getMessage(), e);
        }
        return copied;
    }

    private static Object value(Object h2) {
        return switch (h2) {
            case OffsetDateTime t -> t.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            case Short n -> n.intValue();
            default -> h2;
        };
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }
}
