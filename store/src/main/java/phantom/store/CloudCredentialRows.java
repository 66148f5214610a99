package phantom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Users' cloud credentials per site, as sealed text: the server encrypts them before they are
 * stored and decrypts them when a driver needs them. The credential names are kept in the clear
 * (comma-separated) so they can be listed without the key.
 */
public final class CloudCredentialRows {
    /** One stored entry. */
    public record Row(String owner, String site, String sealed, List<String> names, Instant updatedTime) {
        @Override
        public String toString() {
            return "Row[" + owner + ", " + site + ", " + names + "]"; // never the sealed value
        }
    }

    private static final String COLUMNS = "owner, site, sealed, names, updated_time";
    private final Sql sql;

    CloudCredentialRows(Sql sql) {
        this.sql = sql;
    }

    /** Stores (or replaces) the user's sealed credentials for a site. */
    public void put(Row row) {
        String names = String.join(",", row.names());
        int updated = sql.update("UPDATE cloud_credentials SET sealed = ?, names = ?, updated_time = ? WHERE owner = ? AND site = ?",
                row.sealed(), names, row.updatedTime(), row.owner(), row.site());
        if (updated == 0) {
            sql.update("INSERT INTO cloud_credentials (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                    row.owner(), row.site(), row.sealed(), names, row.updatedTime());
        }
    }

    public Optional<Row> get(String owner, String site) {
        return sql.first("SELECT " + COLUMNS + " FROM cloud_credentials WHERE owner = ? AND site = ?", CloudCredentialRows::row,
                owner, site);
    }

    /** Every entry, by owner then site. */
    public List<Row> all() {
        List<Row> rows = sql.list("SELECT " + COLUMNS + " FROM cloud_credentials", CloudCredentialRows::row);
        rows.sort(Comparator.comparing(Row::owner).thenComparing(Row::site));
        return rows;
    }

    public boolean delete(String owner, String site) {
        return sql.update("DELETE FROM cloud_credentials WHERE owner = ? AND site = ?", owner, site) > 0;
    }

    private static Row row(ResultSet rs) throws SQLException {
        String names = rs.getString("names");
        return new Row(rs.getString("owner"), rs.getString("site"), rs.getString("sealed"),
                names.isEmpty() ? List.of() : List.of(names.split(",")), Sql.instant(rs, "updated_time"));
    }
}
