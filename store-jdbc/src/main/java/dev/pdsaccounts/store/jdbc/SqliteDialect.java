package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * SQLite through sqlite-jdbc: a duplicate key is result code 19 ({@code SQLITE_CONSTRAINT}, SQLState null) with
 * a UNIQUE or PRIMARY KEY message; {@code SQLITE_BUSY} (5, and extended codes such as 517
 * {@code SQLITE_BUSY_SNAPSHOT}) and {@code SQLITE_LOCKED} (6) are retried. Every write transaction starts with
 * {@code BEGIN IMMEDIATE}, which takes the database's single write lock up front, so writers (threads or
 * processes) are serialised and no row locks are needed ({@link #forUpdate()} is empty); reads use a deferred
 * {@code BEGIN} and see one WAL snapshot. Transactions are driven with SQL statements on a connection in
 * auto-commit mode, never with the driver's own transaction handling.
 */
public final class SqliteDialect extends Dialect {
    /** The single instance (the dialect is stateless). */
    static final SqliteDialect INSTANCE = new SqliteDialect();

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    private SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return any(e, s -> (s.getErrorCode() & 0xff) == SQLITE_CONSTRAINT && s.getMessage() != null
                && (s.getMessage().contains("UNIQUE") || s.getMessage().contains("PRIMARY KEY")
                    || s.getMessage().contains("PRIMARYKEY")));
    }

    @Override
    boolean isTransient(SQLException e) {
        return any(e, s -> {
            int primary = s.getErrorCode() & 0xff;
            if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                return true;
            }
            String m = s.getMessage() == null ? "" : s.getMessage().toUpperCase(Locale.ROOT);
            return m.startsWith("[SQLITE_BUSY") || m.startsWith("[SQLITE_LOCKED");
        });
    }

    @Override
    String forUpdate() {
        return "";
    }

    @Override
    Object begin(Connection c, boolean write) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.rollback(); // a transaction the host left open is not ours: switching to auto-commit would commit it
            c.setAutoCommit(true);
        }
        execute(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
        return autoCommit;
    }

    @Override
    void commit(Connection c) throws SQLException {
        execute(c, "COMMIT");
    }

    @Override
    void rollback(Connection c) throws SQLException {
        execute(c, "ROLLBACK");
    }

    @Override
    void end(Connection c, Object saved) throws SQLException {
        if (!((Boolean) saved)) {
            c.setAutoCommit(false);
        }
    }

    @Override
    String insertIgnoring(String table, List<String> columns, List<String> conflictColumns) {
        return insertOnConflictDoNothing(table, columns, conflictColumns);
    }

    @Override
    String upsert(String table, List<String> columns, List<String> keyColumns) {
        return insertOnConflictUpdate(table, columns, keyColumns, "excluded");
    }

    @Override
    void lockKey(Connection c, String key) {
        // Write transactions hold the database's write lock from BEGIN IMMEDIATE on.
    }

    @Override
    void lockSchema(Connection c) {
        // The migration transaction is a BEGIN IMMEDIATE write transaction: it already excludes other writers.
    }

    @Override
    boolean transactionalDdl() {
        return true;
    }
}
