package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL, written against the public {@link Dialect} SPI only: duplicate keys are SQLState {@code 23505};
 * serialization failures ({@code 40001}) and deadlocks ({@code 40P01}) are retried; rows are locked with
 * {@code SELECT ... FOR UPDATE}; {@code INSERT ... ON CONFLICT}; migrations are serialised with a
 * transaction-scoped advisory lock keyed by the current schema, so several processes may start at once.
 *
 * <p>Transactions cost no round trip of their own beyond the commit. Writes run in a JDBC-managed transaction
 * at the connection's isolation level: PostgreSQL's default READ COMMITTED, which the store's row locks and
 * compare-and-set updates are written for, or a stricter level, where the extra serialization failures are
 * retried (PostgreSQL's READ UNCOMMITTED is READ COMMITTED). The level is not read nor set per transaction:
 * with pgjdbc each of those is a round trip to the server. Reads outside a unit of work run in auto-commit: at
 * READ COMMITTED every statement takes its own snapshot anyway, so a read-only transaction would add a commit
 * and nothing else.
 */
public final class PostgresDialect extends Dialect {

    /** The dialect (stateless; {@link Dialect#postgres()} returns one too). */
    public PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return hasState(e, "23505");
    }

    @Override
    public boolean isTransient(SQLException e) {
        return hasState(e, "40001", "40P01");
    }

    @Override
    protected Object begin(Connection c, boolean write) throws SQLException {
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
    protected void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    @Override
    protected void rollback(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    @Override
    protected void end(Connection c, Object saved) throws SQLException {
        boolean autoCommit = (Boolean) saved;
        if (c.getAutoCommit() != autoCommit) {
            c.setAutoCommit(autoCommit);
        }
    }

    @Override
    public String insertIgnoring(String table, List<String> columns, List<String> conflictColumns) {
        return insertOnConflictDoNothing(table, columns, conflictColumns);
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns) {
        return insertOnConflictUpdate(table, columns, keyColumns, "EXCLUDED");
    }

    @Override
    protected void lockSchema(Connection c) throws SQLException {
        execute(c, "SELECT pg_advisory_xact_lock(hashtext('pdsaccounts-schema:' || current_schema()))");
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }
}
