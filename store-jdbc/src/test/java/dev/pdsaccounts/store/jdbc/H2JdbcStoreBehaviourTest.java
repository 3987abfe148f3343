package dev.pdsaccounts.store.jdbc;

/** The JDBC store's SQL behaviour on H2 in memory (PostgreSQL mode). */
class H2JdbcStoreBehaviourTest extends JdbcStoreBehaviourTest {
    @Override
    protected TestDatabase openDatabase() {
        return Databases.h2();
    }
}
