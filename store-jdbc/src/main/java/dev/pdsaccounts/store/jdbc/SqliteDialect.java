package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * SQLite through sqlite-jdbc, written against the public {@link Dialect} SPI only: a duplicate key is result
 * code 19 ({@code SQLITE_CONSTRAINT}, SQLState null) with a UNIQUE or PRIMARY KEY message; {@code SQLITE_BUSY}
 * (5, and extended codes such as 517 {@code SQLITE_BUSY_SNAPSHOT}) and {@code SQLITE_LOCKED} (6) are retried.
 * Every write transaction (and every unit of work) starts with {@code BEGIN IMMEDIATE}, which takes the
 * database's single write lock up front, so writers (threads or processes) are serialised and no row locks are
 * needed ({@link #forUpdate()} is empty); reads use a deferred {@code BEGIN} and see one WAL snapshot. Transactions are driven with SQL statements on a connection in
 * auto-commit mode, never with the driver's own transaction handling.
 */
public final class SqliteDialect extends Dialect {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    /** The dialect (stateless; {@link Dialect#sqlite()} returns one too). */
    public SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return any(e, s -> (s.getErrorCode() & 0xff) == SQLITE_CONSTRAINT && s.getMessage() != null
                && (s.getMessage().contains("UNIQUE") || s.getMessage().contains("PRIMARY KEY")
                    || s.getMessage().contains("PRIMARYKEY")));
    }

    @Override
    public boolean isTransient(SQLException e) {
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
    public String forUpdate() {
        return "";
    }

    @Override
    protected Object begin(Connection c, boolean write) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.rollback(); // a transaction the host left open is not ours: switching to auto-commit would commit it
            c.setAutoCommit(true);
        }
        execute(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
        return autoCommit;
    }

    @Override
    protected void commit(Connection c) throws SQLException {
        execute(c, "COMMIT");
    }

    @Override
    protected void rollback(Connection c) throws SQLException {
        execute(c, "ROLLBACK");
    }

    @Override
    protected void end(Connection c, Object saved) throws SQLException {
        if (!((Boolean) saved)) {
            c.setAutoCommit(false);
        }
    }

    @Override
    public String insertIgnoring(String table, List<String> columns, List<String> conflictColumns) {
        return insertOnConflictDoNothing(table, columns, conflictColumns);
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns) {
        return insertOnConflictUpdate(table, columns, keyColumns, "excluded");
    }

    @Override
    protected void lockSchema(Connection c) {
        // The migration transaction is a BEGIN IMMEDIATE write transaction: it already excludes other writers.
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }
}
