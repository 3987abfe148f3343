package dev.pdsaccounts.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.StoreException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The migrator on H2 (always) and PostgreSQL (when configured), plus checks of the shipped scripts. */
abstract class AbstractSchemaMigratorTest {

    /** A fresh, empty database. */
    abstract Databases.PooledDatabase fresh();

    @Test
    void migrateIsIdempotentAndRecordsTheVersion() {
        try (Databases.PooledDatabase db = fresh()) {
            SchemaMigrator migrator = new SchemaMigrator(db.dataSource(), db.dialect());
            assertEquals(0, migrator.currentVersion());
            assertEquals(SchemaMigrator.latestVersion(), migrator.migrate());
            assertEquals(SchemaMigrator.latestVersion(), migrator.migrate());
            assertEquals(SchemaMigrator.latestVersion(), migrator.currentVersion());
            assertEquals(SchemaMigrator.latestVersion(), db.queryLong("SELECT COUNT(*) FROM " + SchemaMigrator.VERSION_TABLE));
            assertEquals(0, db.queryLong("SELECT COUNT(*) FROM account"));
        }
    }

    @Test
    void concurrentMigrationsApplyEachVersionOnce() throws Exception {
        try (Databases.PooledDatabase db = fresh()) {
            int threads = 6;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Callable<Integer> task = () -> {
                        go.await();
                        return new SchemaMigrator(db.dataSource(), db.dialect()).migrate();
                    };
                    results.add(pool.submit(task));
                }
                go.countDown();
                for (Future<Integer> f : results) {
                    assertEquals(SchemaMigrator.latestVersion(), f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(SchemaMigrator.latestVersion(),
                    db.queryLong("SELECT COUNT(*) FROM " + SchemaMigrator.VERSION_TABLE));
        }
    }

    @Test
    void newerSchemaIsRefusedWithoutTouchingIt() throws SQLException {
        try (Databases.PooledDatabase db = fresh()) {
            new SchemaMigrator(db.dataSource(), db.dialect()).migrate();
            int newer = SchemaMigrator.latestVersion() + 41;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + SchemaMigrator.VERSION_TABLE + " (version, description, installed_at) "
                        + "VALUES (" + newer + ", 'from the future', 0)");
            }
            StoreException e = assertThrows(StoreException.class,
                    () -> new SchemaMigrator(db.dataSource(), db.dialect()).migrate());
            assertEquals("database schema version " + newer + " is newer than this library supports ("
                    + SchemaMigrator.latestVersion() + ")", e.getMessage());
            assertThrows(StoreException.class, () -> JdbcAccountStore.create(db.dataSource(), db.dialect()));
            assertEquals(SchemaMigrator.latestVersion() + 1L,
                    db.queryLong("SELECT COUNT(*) FROM " + SchemaMigrator.VERSION_TABLE));
        }
    }

    /** V5 adds {@code account.email_auth_factor}: the accounts stored before it have the factor off. */
    @Test
    void accountsStoredBeforeV5HaveTheEmailAuthFactorOff() throws SQLException {
        try (Databases.PooledDatabase db = fresh()) {
            new SchemaMigrator(db.dataSource(), db.dialect()).migrate();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                // Back to schema version 4, with one account stored then.
                s.execute("ALTER TABLE account DROP COLUMN email_auth_factor");
                s.execute("DELETE FROM " + SchemaMigrator.VERSION_TABLE + " WHERE version = 5");
                s.execute("INSERT INTO account (did, handle, email, created_at) "
                        + "VALUES ('did:plc:before5', 'before5.test', 'before5@example.com', 0)");
            }
            assertEquals(4, new SchemaMigrator(db.dataSource(), db.dialect()).currentVersion());
            JdbcAccountStore store = JdbcAccountStore.create(db.dataSource(), db.dialect());
            assertEquals(5, new SchemaMigrator(db.dataSource(), db.dialect()).currentVersion());
            dev.pdsaccounts.account.Account before = store.findAccountByDid("did:plc:before5").orElseThrow();
            assertEquals(false, before.emailAuthFactor());
            store.updateAccount(before.withEmailConfirmedAt(java.time.Instant.EPOCH).withEmailAuthFactor(true));
            assertEquals(true, store.findAccountByDid("did:plc:before5").orElseThrow().emailAuthFactor());
        }
    }

    @Test
    void storeCanSkipMigrationForHostManagedSchemas() {
        try (Databases.PooledDatabase db = fresh()) {
            JdbcAccountStore store = JdbcAccountStore.builder(db.dataSource(), db.dialect()).migrate(false).build();
            assertThrows(StoreException.class, store::countAccounts);
            new SchemaMigrator(db.dataSource(), db.dialect()).migrate();
            assertEquals(0, store.countAccounts());
        }
    }

    @Test
    void dialectIsDetectedFromTheDataSource() {
        try (Databases.PooledDatabase db = fresh()) {
            assertEquals(db.dialect(), Dialect.detect(db.dataSource()));
        }
    }

    @Test
    void everyDialectShipsExactlyTheKnownScripts() throws URISyntaxException, java.io.IOException {
        for (Dialect d : List.of(Dialect.postgres(), Dialect.h2(), Dialect.sqlite())) {
            URL url = SchemaMigrator.class.getClassLoader().getResource(d.schemaLocation());
            assertTrue(url != null && url.getProtocol().equals("file"), d.schemaLocation());
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                assertEquals(SchemaMigrator.SCRIPTS, files.map(p -> p.getFileName().toString()).sorted().toList(),
                        d.name());
            }
        }
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                SchemaMigrator.statements("-- comment; with semicolon\nCREATE TABLE a (x INT);\n\n"
                        + "  -- another\nCREATE INDEX i ON a (x);\n"));
    }
}
