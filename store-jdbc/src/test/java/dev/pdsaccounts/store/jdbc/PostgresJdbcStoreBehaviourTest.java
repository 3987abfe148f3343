package dev.pdsaccounts.store.jdbc;

/** The JDBC store's SQL behaviour on PostgreSQL, one fresh schema per test (skipped when not configured). */
class PostgresJdbcStoreBehaviourTest extends JdbcStoreBehaviourTest {
    @Override
    protected TestDatabase openDatabase() {
        return Databases.postgres();
    }

    @Override
    protected int raceThreads() {
        return 12;
    }
}
