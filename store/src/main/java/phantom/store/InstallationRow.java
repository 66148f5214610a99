package phantom.store;

import java.time.Instant;
import phantom.core.model.Installation;

/** The installation's id ({@link Installation}), made on first use and the same ever after. */
public final class InstallationRow {
    private final Sql sql;

    InstallationRow(Sql sql) {
        this.sql = sql;
    }

    /** The id, creating it when the database has none yet (call inside {@link Database#transaction}). */
    public String id(Instant now) {
        var existing = sql.first("SELECT id FROM installation ORDER BY created_time, id", rs -> rs.getString("id"));
        if (existing.isPresent()) return existing.get();
        sql.exclusively("installation"); // two nodes starting at once on a new database make one id
        existing = sql.first("SELECT id FROM installation ORDER BY created_time, id", rs -> rs.getString("id"));
        if (existing.isPresent()) return existing.get();
        sql.update("INSERT INTO installation (id, created_time) VALUES (?, ?) ON CONFLICT DO NOTHING", Installation.newId(), now);
        return sql.first("SELECT id FROM installation ORDER BY created_time, id", rs -> rs.getString("id")).orElseThrow();
    }
}
