package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.error.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One open transaction as the store's operations see it: parameterised statements over the connection, plus
 * the dialect-specific insert-or-ignore and upsert. Parameters are bound by type: {@link String},
 * {@link Integer}, {@link Long}, {@link Boolean}, {@link Instant} (as epoch milliseconds) and the typed
 * {@link Null} markers.
 */
final class Tx {

    /** A typed SQL NULL parameter. */
    enum Null {
        /** A NULL text value. */
        TEXT(Types.VARCHAR),
        /** A NULL BIGINT value (a missing timestamp). */
        BIGINT(Types.BIGINT);

        private final int sqlType;

        Null(int sqlType) {
            this.sqlType = sqlType;
        }
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        /** The value of the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /** The work of one transaction on its connection; it ends the transaction with commit or rollback. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;
    private final boolean locking;

    /** A transaction on {@code connection}; {@code locking}: whether {@link #lock()} locks rows. */
    Tx(Connection connection, Dialect dialect, boolean locking) {
        this.connection = connection;
        this.dialect = dialect;
        this.locking = locking;
    }

    /**
     * Runs {@code work} in one transaction (opened with {@link Dialect#begin}) on a connection of
     * {@code dataSource}. The work commits or rolls back itself; when it throws instead (a commit failure
     * included), the transaction is rolled back, quietly: the original failure is what propagates. Either way the
     * connection state saved by {@code begin} is restored (quietly: a pool resets what could not be restored, or
     * drops the connection) and the connection is closed. The store's transactions and the schema migrator's
     * steps run through here.
     */
    static <T> T inTransaction(DataSource dataSource, Dialect dialect, boolean write, Work<T> work)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Object saved = dialect.begin(c, write);
            boolean finished = false;
            try {
                T result = work.run(c);
                finished = true;
                return result;
            } finally {
                if (!finished) {
                    try {
                        dialect.rollback(c);
                    } catch (SQLException | RuntimeException ignored) {
                        // The original failure is what matters; the connection is closed next.
                    }
                }
                try {
                    dialect.end(c, saved);
                } catch (SQLException | RuntimeException ignored) {
                    // The transaction is over; a pool resets what could not be restored, or drops the connection.
                }
            }
        }
    }

    /** The clause to append to a single-table {@code SELECT} that must lock its rows in this transaction. */
    String lock() {
        return locking ? dialect.forUpdate() : "";
    }

    /** Whether {@code e} is a duplicate key in this transaction's dialect. */
    boolean isDuplicateKey(SQLException e) {
        return dialect.isDuplicateKey(e);
    }

    /** Executes an INSERT, UPDATE or DELETE; returns the affected row count. */
    int update(String sql, Object... args) throws SQLException {
        if (hasNul(args)) {
            // No stored row can hold a NUL character (PostgreSQL text cannot), so an UPDATE or DELETE keyed by
            // one matches nothing. Every text value an UPDATE sets is validated or derived by the domain; inserting
            // NUL text is a caller bug the domain's validation must prevent.
            String verb = sql.stripLeading();
            if (verb.regionMatches(true, 0, "DELETE", 0, 6) || verb.regionMatches(true, 0, "UPDATE", 0, 6)) {
                return 0;
            }
            throw nulRejected();
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Inserts the row unless one with the same {@code conflictColumns} exists; returns whether it inserted. */
    boolean insertIgnoring(String table, List<String> columns, List<String> conflictColumns, Object... args)
            throws SQLException {
        if (hasNul(args)) {
            throw nulRejected();
        }
        String sql = dialect.insertIgnoring(table, columns, conflictColumns);
        if (sql != null) {
            return update(sql, args) > 0;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            update(insertSql(table, columns), args);
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (dialect.isDuplicateKey(e)) {
                connection.rollback(savepoint);
                return false;
            }
            throw e;
        }
    }

    /** Inserts the row or replaces the non-key columns of the one with the same {@code keyColumns}. */
    void upsert(String table, List<String> columns, List<String> keyColumns, Object... args) throws SQLException {
        update(dialect.upsert(table, columns, keyColumns), args);
    }

    /** The first row's value, if any. */
    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        if (hasNul(args)) {
            return Optional.empty(); // no stored text holds NUL, so nothing can match (and PostgreSQL rejects it)
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /** Every row's value, in result order. */
    <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        if (hasNul(args)) {
            return List.of();
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    /** The single number a {@code SELECT COUNT(*)} returns. */
    long count(String sql, Object... args) throws SQLException {
        return one(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** {@code INSERT INTO table (a, b) VALUES (?, ?)}. */
    static String insertSql(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns.size())
                + ")";
    }

    /** {@code ?, ?, ?} for {@code n} parameters. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Text or a typed NULL. */
    static Object text(Optional<String> value) {
        return value.isPresent() ? value.get() : Null.TEXT;
    }

    /** Epoch milliseconds or a typed NULL. */
    static Object millis(Optional<Instant> value) {
        return value.isPresent() ? (Object) value.get().toEpochMilli() : Null.BIGINT;
    }

    /** A nullable text column. */
    static Optional<String> optText(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** A nullable epoch-milliseconds column as an instant. */
    static Optional<Instant> optInstant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    /** A non-null epoch-milliseconds column as an instant. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    /** The failure of a write whose values hold NUL (no stored key can, so lookups by one find nothing). */
    static StoreException nulRejected() {
        return new StoreException("text values must not contain NUL characters");
    }

    /** Whether a text argument contains NUL, a character no dialect stores portably. */
    static boolean hasNul(Object... args) {
        for (Object a : args) {
            if (a instanceof String s && s.indexOf('\0') >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int p = i + 1;
            if (a instanceof String s) {
                ps.setString(p, s);
            } else if (a instanceof Long l) {
                ps.setLong(p, l);
            } else if (a instanceof Integer n) {
                ps.setInt(p, n);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(p, b);
            } else if (a instanceof Instant t) {
                ps.setLong(p, t.toEpochMilli());
            } else if (a instanceof Null n) {
                ps.setNull(p, n.sqlType);
            } else {
                throw new IllegalArgumentException("unsupported SQL parameter type at position " + p + ": "
                        + (a == null ? "null" : a.getClass().getName()));
            }
        }
    }
}
