package phantom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import phantom.core.driver.FaultClass;
import phantom.core.model.SiteHealth;

/** What Phantom learned about launching each group's VMs on each site (backoff, holds). */
public final class SiteHealths {
    private static final String COLUMNS = "group_id, site, consecutive_failures, last_fault, last_error, backoff_until,"
            + " held_for, updated_time";

    private final Sql sql;

    SiteHealths(Sql sql) {
        this.sql = sql;
    }

    public Optional<SiteHealth> get(long groupId, String site) {
        return sql.first("SELECT " + COLUMNS + " FROM site_health WHERE group_id = ? AND site = ?", SiteHealths::health, groupId, site);
    }

    /** The group's site health by site name, in site-name order. */
    public Map<String, SiteHealth> forGroup(long groupId) {
        List<SiteHealth> rows = sql.list("SELECT " + COLUMNS + " FROM site_health WHERE group_id = ?", SiteHealths::health, groupId);
        rows.sort((a, b) -> a.site().compareTo(b.site()));
        Map<String, SiteHealth> out = new LinkedHashMap<>();
        for (SiteHealth h : rows) out.put(h.site(), h);
        return out;
    }

    /** Every group's site health, in one query (the engine's resync). */
    public List<SiteHealth> all() {
        return sql.list("SELECT " + COLUMNS + " FROM site_health", SiteHealths::health);
    }

    /**
     * Stores {@code h} as the state of (group, site), replacing any earlier one.
     *
     * @throws StoreException when the group does not exist
     */
    public void put(SiteHealth h) {
        // UPDATE, else INSERT; the second UPDATE covers a concurrent first INSERT (portable upsert).
        for (int attempt = 0; attempt < 2; attempt++) {
            if (update(h) > 0) return;
            if (sql.update("INSERT INTO site_health (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    h.groupId(), h.site(), h.consecutiveFailures(), h.lastFault(), h.lastError(), h.backoffUntil(),
                    h.heldFor(), h.updatedTime()) > 0) {
                return;
            }
        }
        throw new StoreException("could not store site health of group " + h.groupId() + " on " + h.site());
    }

    public void deleteForGroup(long groupId) {
        sql.update("DELETE FROM site_health WHERE group_id = ?", groupId);
    }

    private int update(SiteHealth h) {
        return sql.update("UPDATE site_health SET consecutive_failures = ?, last_fault = ?, last_error = ?, backoff_until = ?,"
                        + " held_for = ?, updated_time = ? WHERE group_id = ? AND site = ?",
                h.consecutiveFailures(), h.lastFault(), h.lastError(), h.backoffUntil(), h.heldFor(), h.updatedTime(),
                h.groupId(), h.site());
    }

    private static SiteHealth health(ResultSet rs) throws SQLException {
        return new SiteHealth(
                rs.getLong("group_id"),
                rs.getString("site"),
                rs.getInt("consecutive_failures"),
                Sql.enumValue(rs, "last_fault", FaultClass.class),
                rs.getString("last_error"),
                Sql.instant(rs, "backoff_until"),
                rs.getString("held_for"),
                Sql.instant(rs, "updated_time"));
    }
}
