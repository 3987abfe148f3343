package dev.pdsaccounts.store.jdbc;

/** The migrator on PostgreSQL, one fresh schema per test (skipped when not configured). */
class PostgresSchemaMigratorTest extends AbstractSchemaMigratorTest {
    @Override
    Databases.PooledDatabase fresh() {
        return Databases.postgres();
    }
}
