package dev.pdsaccounts.store.sqlite;

import dev.pdsaccounts.store.jdbc.JdbcStoreBehaviourTest;
import dev.pdsaccounts.store.jdbc.TestDatabase;

/**
 * The JDBC store's SQL behaviour on a SQLite file, with 16 threads and 200 rounds per race (a single-use invite
 * must create exactly one account per round).
 */
class SqliteStoreBehaviourTest extends JdbcStoreBehaviourTest {
    @Override
    protected TestDatabase openDatabase() {
        return new SqliteTestDatabase();
    }

    @Override
    protected int raceThreads() {
        return 16;
    }

    @Override
    protected int raceRounds() {
        return 200;
    }
}
