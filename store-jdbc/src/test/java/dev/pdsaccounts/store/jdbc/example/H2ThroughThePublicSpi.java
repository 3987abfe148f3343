package dev.pdsaccounts.store.jdbc.example;

import dev.pdsaccounts.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A dialect written the way a host adds a database: in its own package, against the public {@link Dialect} SPI
 * only, taking every default it can (JDBC-managed READ COMMITTED transactions, {@code FOR UPDATE}, savepoint
 * insert-or-ignore) and pointing {@link #schemaLocation()} at an existing script folder. Here for H2, so the
 * JDBC store's behaviour tests can prove the SPI is enough.
 */
public final class H2ThroughThePublicSpi extends Dialect {

    @Override
    public String name() {
        return "h2-through-the-public-spi";
    }

    @Override
    public String schemaLocation() {
        return "db/pdsaccounts/h2";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return hasState(e, "23505");
    }

    @Override
    public boolean requiresInProcessWriteSerialization() {
        return true; // H2's row locks do not give the port's guarantee (see H2Dialect)
    }

    @Override
    public boolean isTransient(SQLException e) {
        return hasState(e, "40001", "HYT00", "90131", "90112");
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> keyColumns) {
        return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keyColumns)
                + ") VALUES (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    }

    @Override
    protected void lockSchema(Connection c) {
        // H2 commits DDL on its own: the scripts are idempotent and the version row's key settles races.
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }
}
