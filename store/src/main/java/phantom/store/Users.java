package phantom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import phantom.core.model.User;

/** API users and their access keys. */
public final class Users {
    private static final String COLUMNS = "name, access_key_id, secret_access_key, created_time";

    private final Sql sql;

    Users(Sql sql) {
        this.sql = sql;
    }

    /** @throws AlreadyExists when the name or the access key id is taken */
    public void insert(User u) {
        int rows = sql.update("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                u.name(), u.accessKeyId(), u.secretAccessKey(), u.createdTime());
        if (rows == 0) {
            throw new AlreadyExists(byName(u.name()).isPresent()
                    ? "a user named '" + u.name() + "' already exists"
                    : "access key id '" + u.accessKeyId() + "' is already in use");
        }
    }

    public Optional<User> byAccessKey(String accessKeyId) {
        return sql.first("SELECT " + COLUMNS + " FROM users WHERE access_key_id = ?", Users::user, accessKeyId);
    }

    public Optional<User> byName(String name) {
        return sql.first("SELECT " + COLUMNS + " FROM users WHERE name = ?", Users::user, name);
    }

    /** All users, sorted by name (Java string order, the same on every database). */
    public List<User> all() {
        List<User> all = sql.list("SELECT " + COLUMNS + " FROM users", Users::user);
        all.sort(Comparator.comparing(User::name));
        return all;
    }

    /**
     * Replaces a user's stored secret if it is still {@code expected} (for sealing secrets stored
     * before they were encrypted); false when the user is gone or the secret changed meanwhile.
     */
    public boolean replaceSecret(String name, String expected, String replacement) {
        return sql.update("UPDATE users SET secret_access_key = ? WHERE name = ? AND secret_access_key = ?",
                replacement, name, expected) > 0;
    }

    public boolean delete(String name) {
        return sql.update("DELETE FROM users WHERE name = ?", name) > 0;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("name"), rs.getString("access_key_id"), rs.getString("secret_access_key"),
                Sql.instant(rs, "created_time"));
    }
}
