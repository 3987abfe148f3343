package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.store.AccountStore;

/** A fresh, empty database with a store over it, for one test; {@link #close()} drops it. */
public interface TestDatabase extends AutoCloseable {

    /** The store under test. */
    AccountStore store();

    /** The data source the store runs on. */
    javax.sql.DataSource dataSource();

    /** The store's dialect. */
    Dialect dialect();

    /** Runs a {@code SELECT COUNT(*)}-style query directly against the database and returns the number. */
    long queryLong(String sql);

    /** Every row of every store table as text. */
    String dumpAllTables();

    /** Drops the database and releases its connections. */
    @Override
    void close();
}
