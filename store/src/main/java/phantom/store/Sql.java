package phantom.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few JDBC moves the repositories need, on the one connection of a transaction: bind
 * parameters, map rows, turn {@link SQLException} into {@link StoreException}.
 *
 * <p>Binding: {@link Instant} is truncated to milliseconds (the precision the API shows;
 * nanoseconds in a record are dropped on write) and written as a UTC {@code TIMESTAMP WITH TIME
 * ZONE} on PostgreSQL, as an INTEGER of milliseconds since the epoch on SQLite; enums
 * as their names, null as SQL NULL. Strings must be valid Unicode without NUL (see
 * {@link #storable}); any other string is stored and read back unchanged.
 */
final class Sql {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;
    private final boolean readOnly;
    private final java.util.concurrent.atomic.LongAdder statements;
    private boolean open = true;

    Sql(Connection connection, Dialect dialect, boolean readOnly, java.util.concurrent.atomic.LongAdder statements) {
        this.connection = connection;
        this.dialect = dialect;
        this.readOnly = readOnly;
        this.statements = statements;
    }

    /**
     * {@code column} compared and sorted by code point (the bytes of its UTF-8) on both databases:
     * SQLite's BINARY collation is that already, PostgreSQL's database collation may not be.
     */
    String codePointOrder(String column) {
        return dialect == Dialect.POSTGRESQL ? column + " COLLATE \"C\"" : column;
    }

    /** {@code ?, ?, ...}: one mark for each of {@code n} parameters. */
    static String marks(int n) {
        return n == 0 ? "" : "?, ".repeat(n - 1) + "?";
    }

    void end() {
        open = false;
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) {
        checkOpen();
        statements.increment();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.map(rs));
                return out;
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs an UPDATE ... RETURNING (or another writing statement that returns rows) and maps the rows. */
    <T> List<T> updateReturning(String sql, Row<T> row, Object... params) {
        checkWritable();
        return list(sql, row, params);
    }

    /** True on PostgreSQL, false on the embedded SQLite. */
    boolean postgres() {
        if (dialect != Dialect.POSTGRESQL) return false;
        try {
            // the PostgreSQL dialect also reads Phantom 0.1's H2 files (H2Import)
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw failure("getDatabaseProductName", e);
        }
    }

    /**
     * Waits until no other transaction holds the lock named {@code name}, then holds it until this
     * transaction ends: for first-use rows that two nodes starting at once could both make. On
     * SQLite a writing transaction holds the database's one write lock already.
     */
    void exclusively(String name) {
        checkWritable();
        if (!postgres()) return;
        list("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> null, "phantom." + name);
    }

    <T> Optional<T> first(String sql, Row<T> row, Object... params) {
        List<T> all = list(sql, row, params);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    int count(String sql, Object... params) {
        return first(sql, rs -> rs.getInt(1), params).orElse(0);
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows it touched. */
    int update(String sql, Object... params) {
        checkWritable();
        statements.increment();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs an INSERT that generates {@code keyColumn}; empty when no row was inserted. */
    Optional<Long> insertReturningKey(String sql, String keyColumn, Object... params) {
        checkWritable();
        statements.increment();
        if (dialect == Dialect.POSTGRESQL) return generatedKey(sql, keyColumn, params);
        String returning = sql + " RETURNING " + keyColumn;
        try (PreparedStatement ps = connection.prepareStatement(returning)) {
            bind(ps, params);
            try (ResultSet keys = ps.executeQuery()) {
                return keys.next() ? Optional.of(keys.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(returning, e);
        }
    }

    private Optional<Long> generatedKey(String sql, String keyColumn, Object... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql, new String[] {keyColumn})) {
            bind(ps, params);
            if (ps.executeUpdate() == 0) return Optional.empty();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) throw new StoreException("the database returned no " + keyColumn + " for: " + sql);
                return Optional.of(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs one statement once per parameter row. */
    void batch(String sql, List<Object[]> rows) {
        checkWritable();
        if (rows.isEmpty()) return;
        statements.increment();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
                if (n == 0) throw new StoreException("a batched statement changed no row: " + sql);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Reads a timestamp column as written by {@link #bind}, on either database. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) return null;
        if (v instanceof Number millis) return Instant.ofEpochMilli(millis.longValue());
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    static <E extends Enum<E>> E enumValue(ResultSet rs, String column, Class<E> type) throws SQLException {
        String name = rs.getString(column);
        if (name == null) return null;
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new StoreException("column " + column + " holds '" + name + "', which is not a " + type.getSimpleName()
                    + " (was the database written by a newer Phantom?)", e);
        }
    }

    /** The value as it is stored: millisecond precision. */
    static Instant stored(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    private void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object v = params[i];
            int at = i + 1;
            switch (v) {
                case null -> ps.setNull(at, Types.NULL);
                case Instant t when dialect == Dialect.SQLITE -> ps.setLong(at, stored(t).toEpochMilli());
                case Instant t -> ps.setObject(at, OffsetDateTime.ofInstant(stored(t), ZoneOffset.UTC));
                case Enum<?> e -> ps.setString(at, e.name());
                case String s -> ps.setString(at, storable(s));
                case Integer n -> ps.setInt(at, n);
                case Long n -> ps.setLong(at, n);
                case Boolean b -> ps.setBoolean(at, b);
                default -> throw new IllegalArgumentException("cannot bind a " + v.getClass().getName());
            }
        }
    }

    /**
     * Rejects what PostgreSQL cannot store and SQLite would (NUL, unpaired UTF-16 surrogates), so both
     * databases accept exactly the same strings and return them unchanged.
     */
    private static String storable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) throw new IllegalArgumentException("text contains a NUL character (U+0000), which the store cannot hold");
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text contains an unpaired UTF-16 surrogate at index " + i + ", which is not valid Unicode");
            }
        }
        return s;
    }

    private void checkOpen() {
        if (!open) throw new IllegalStateException("this transaction has ended; use the Tx only inside its Work");
    }

    private void checkWritable() {
        checkOpen();
        if (readOnly) throw new IllegalStateException("write attempted in Database.read(); use Database.transaction()");
    }

    StoreException failure(String sql, SQLException e) {
        return failure(dialect, sql, e);
    }

    static StoreException failure(Dialect dialect, String sql, SQLException e) {
        String what = e.getMessage() + " [SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + "] in: " + sql;
        if (dialect.duplicateKey(e)) return new AlreadyExists("duplicate key: " + what, e);
        return new StoreException("database error: " + what, e);
    }
}
