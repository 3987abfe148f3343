package dev.pdsaccounts.store.jdbc;

/** The migrator on H2 in memory, plus the checks of the shipped scripts. */
class H2SchemaMigratorTest extends AbstractSchemaMigratorTest {
    @Override
    Databases.PooledDatabase fresh() {
        return Databases.h2();
    }
}
