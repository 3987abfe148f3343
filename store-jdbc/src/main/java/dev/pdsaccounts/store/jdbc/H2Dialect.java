package dev.pdsaccounts.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2 2.x (any compatibility mode; tests use {@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE}), written against
 * the public {@link Dialect} SPI only: duplicate keys are SQLState {@code 23505}; deadlocks ({@code 40001}), lock
 * timeouts ({@code HYT00}) and concurrent-update errors ({@code 90131}, {@code 90112}) are retried; rows are
 * locked with {@code SELECT ... FOR UPDATE} inside the default JDBC-managed READ COMMITTED transactions; upserts
 * use H2's {@code MERGE ... KEY}; insert-or-ignore is the default savepoint. H2 commits DDL on its own, so the
 * schema scripts are idempotent ({@code IF NOT EXISTS}) and a concurrent migration is settled by the primary key
 * of the version row.
 */
public final class H2Dialect extends Dialect {

    /** The dialect (stateless; {@link Dialect#h2()} returns one too). */
    public H2Dialect() {
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return hasState(e, "23505") || hasErrorCode(e, 23505);
    }

    @Override
    public boolean isTransient(SQLException e) {
        return hasState(e, "40001", "HYT00", "90131", "90112") || hasErrorCode(e, 40001, 50200, 90131, 90112);
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keyColumns)
                + ") VALUES (" + String.join(", ", columns.stream().map(col -> "?").toList()) + ")";
    }

    /**
     * True: measured on H2 2.3 under READ COMMITTED, a transaction that read before another committed may, after
     * waiting for and taking a row lock the other one held, go on reading the older state (16 sign-ups racing
     * one single-use invite code created two accounts in about 1 of 100 rounds; SERIALIZABLE is worse, being
     * snapshot isolation). So a store over H2 queues its write transactions in-process; an in-memory H2 is only
     * reachable from this process anyway. Do not share one H2 database between several store instances.
     */
    @Override
    public boolean requiresInProcessWriteSerialization() {
        return true;
    }

    @Override
    protected void lockSchema(Connection c) {
        // DDL commits on its own in H2: the scripts are idempotent and the version row's key settles races.
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }
}
