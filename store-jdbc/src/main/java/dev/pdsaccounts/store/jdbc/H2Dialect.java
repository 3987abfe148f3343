package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2 2.x (any compatibility mode; tests use {@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE}): duplicate keys are
 * SQLState {@code 23505}; deadlocks ({@code 40001}), lock timeouts ({@code HYT00}) and concurrent-update errors
 * ({@code 90131}) are retried; rows are locked with {@code SELECT ... FOR UPDATE}; upserts use H2's
 * {@code MERGE ... KEY}; insert-or-ignore runs the insert inside a savepoint. H2 commits DDL on its own, so
 * the schema scripts are idempotent ({@code IF NOT EXISTS}) and a concurrent migration is settled by the
 * primary key of the version row.
 */
public final class H2Dialect extends Dialect {
    /** The single instance (the dialect is stateless). */
    static final H2Dialect INSTANCE = new H2Dialect();

    private H2Dialect() {
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return hasState(e, "23505") || any(e, s -> s.getErrorCode() == 23505);
    }

    @Override
    boolean isTransient(SQLException e) {
        return hasState(e, "40001", "HYT00", "90131", "90112")
                || any(e, s -> s.getErrorCode() == 40001 || s.getErrorCode() == 50200
                        || s.getErrorCode() == 90131 || s.getErrorCode() == 90112);
    }

    @Override
    String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    Object begin(Connection c, boolean write) throws SQLException {
        return beginJdbc(c);
    }

    @Override
    void commit(Connection c) throws SQLException {
        c.commit();
    }

    @Override
    void rollback(Connection c) throws SQLException {
        c.rollback();
    }

    @Override
    void end(Connection c, Object saved) throws SQLException {
        endJdbc(c, saved);
    }

    @Override
    String insertIgnoring(String table, List<String> columns, List<String> conflictColumns) {
        return null;
    }

    @Override
    String upsert(String table, List<String> columns, List<String> keyColumns) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keyColumns)
                + ") VALUES (" + String.join(", ", columns.stream().map(col -> "?").toList()) + ")";
    }

    @Override
    void lockKey(Connection c, String key) {
        // H2 has no advisory locks; the operations that call this lock a row first whenever one exists.
    }

    @Override
    void lockSchema(Connection c) {
        // DDL commits on its own in H2: the scripts are idempotent and the version row's key settles races.
    }

    @Override
    boolean transactionalDdl() {
        return false;
    }
}
