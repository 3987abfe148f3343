package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: duplicate keys are SQLState {@code 23505}; serialization failures ({@code 40001}) and deadlocks
 * ({@code 40P01}) are retried; rows are locked with {@code SELECT ... FOR UPDATE}; {@code INSERT ... ON
 * CONFLICT}; migrations are serialised with a transaction-scoped advisory lock keyed by the current schema, so
 * several processes may start at once.
 *
 * <p>Transactions cost no round trip of their own beyond the commit. Writes run in a JDBC-managed transaction
 * at the connection's isolation level: PostgreSQL's default READ COMMITTED, which the store's row locks and
 * compare-and-set updates are written for, or a stricter level, where the extra serialization failures are
 * retried (PostgreSQL's READ UNCOMMITTED is READ COMMITTED). The level is not read nor set per transaction:
 * with pgjdbc each of those is a round trip to the server. Reads run in auto-commit: at READ COMMITTED every
 * statement takes its own snapshot anyway, so a read-only transaction would add a commit and nothing else.
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
    Object begin(Connection c, boolean write) throws SQLException {
        boolean autoCommit = c.getAutoCommit(); // tracked by the driver, no round trip
        if (!autoCommit) {
            c.rollback(); // a transaction the host left open is not ours to continue
        }
        if (write) {
            if (autoCommit) {
                c.setAutoCommit(false);
            }
        } else if (!autoCommit) {
            c.setAutoCommit(true);
        }
        return autoCommit;
    }

    @Override
    void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    @Override
    void rollback(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    @Override
    void end(Connection c, Object saved) throws SQLException {
        boolean autoCommit = (Boolean) saved;
        if (c.getAutoCommit() != autoCommit) {
            c.setAutoCommit(autoCommit);
        }
    }

    @Override
    String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    String insertIgnoring(String table, List<String> columns, List<String> conflictColumns) {
        return insertOnConflictDoNothing(table, columns, conflictColumns);
    }

    @Override
    String upsert(String table, List<String> columns, List<String> keyColumns) {
        return insertOnConflictUpdate(table, columns, keyColumns, "EXCLUDED");
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
