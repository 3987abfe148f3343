package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: duplicate keys are SQLState {@code 23505}; serialization failures ({@code 40001}) and deadlocks
 * ({@code 40P01}) are retried; rows are locked with {@code SELECT ... FOR UPDATE} inside READ COMMITTED
 * transactions; {@code INSERT ... ON CONFLICT}; migrations are serialised with a transaction-scoped advisory
 * lock keyed by the current schema, so several processes may start at once.
 */
public final class PostgresDialect extends Dialect {
    /** The single instance (the dialect is stateless). */
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return hasState(e, "23505");
    }

    @Override
    boolean isTransient(SQLException e) {
        return hasState(e, "40001", "40P01");
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
        return insert(table, columns) + " ON CONFLICT (" + String.join(", ", conflictColumns) + ") DO NOTHING";
    }

    @Override
    String upsert(String table, List<String> columns, List<String> keyColumns) {
        return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
                + String.join(", ", columns.stream().filter(col -> !keyColumns.contains(col))
                        .map(col -> col + " = EXCLUDED." + col).toList());
    }

    @Override
    void lockKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, "pdsaccounts:" + key);
            ps.executeQuery().close();
        }
    }

    @Override
    void lockSchema(Connection c) throws SQLException {
        execute(c, "SELECT pg_advisory_xact_lock(hashtext('pdsaccounts-schema:' || current_schema()))");
    }

    @Override
    boolean transactionalDdl() {
        return true;
    }
}
