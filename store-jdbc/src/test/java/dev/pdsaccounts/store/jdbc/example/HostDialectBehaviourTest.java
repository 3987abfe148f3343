package dev.pdsaccounts.store.jdbc.example;

import dev.pdsaccounts.store.jdbc.Databases;
import dev.pdsaccounts.store.jdbc.JdbcStoreBehaviourTest;
import dev.pdsaccounts.store.jdbc.TestDatabase;

/** The JDBC store's behaviour on H2 through a dialect written outside the store's package (the public SPI). */
class HostDialectBehaviourTest extends JdbcStoreBehaviourTest {
    @Override
    protected TestDatabase openDatabase() {
        return Databases.h2(new H2ThroughThePublicSpi());
    }
}
