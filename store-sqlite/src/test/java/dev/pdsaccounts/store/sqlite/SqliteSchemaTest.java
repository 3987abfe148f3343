package dev.pdsaccounts.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.store.jdbc.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, reopening and refusing SQLite files; the connection settings in effect. */
class SqliteSchemaTest {

    @TempDir
    Path dir;

    @Test
    void openCreatesTheFileWithItsSettingsAndReopensIdempotently() throws SQLException {
        Path file = dir.resolve("nested/dir/account.sqlite");
        try (SqliteAccountStore store = SqliteAccountStore.open(file)) {
            assertTrue(file.toFile().isFile());
            Account a = Account.newAccount("did:plc:a", "a.test", Optional.empty(), Optional.empty(),
                    Instant.ofEpochMilli(1), Optional.empty());
            assertTrue(store.insertAccount(a) instanceof AccountWriteResult.Written);
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertEquals("wal", pragma(s, "journal_mode"));
                assertEquals("1", pragma(s, "synchronous"));
                assertEquals("1", pragma(s, "foreign_keys"));
                assertEquals("5000", pragma(s, "busy_timeout"));
            }
        }
        try (SqliteAccountStore again = SqliteAccountStore.open(file)) {
            assertEquals(1, again.countAccounts());
        }
        assertEquals(SchemaMigrator.latestVersion(),
                SqliteTestDatabase.queryLong(file, "SELECT MAX(version) FROM " + SchemaMigrator.VERSION_TABLE));
    }

    @Test
    void newerSchemaIsRefusedWithAClearMessage() throws SQLException {
        Path file = dir.resolve("future.sqlite");
        SqliteAccountStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + SchemaMigrator.VERSION_TABLE + " (version, description, installed_at) "
                    + "VALUES (7, 'from the future', 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteAccountStore.open(file));
        assertEquals("database schema version 7 is newer than this library supports ("
                + SchemaMigrator.latestVersion() + ")", e.getMessage());
    }

    /** V5 adds {@code account.email_auth_factor} (0/1): a file's accounts stored before it have the factor off. */
    @Test
    void accountsStoredBeforeV5HaveTheEmailAuthFactorOff() throws SQLException {
        Path file = dir.resolve("v4.sqlite");
        SqliteAccountStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE account DROP COLUMN email_auth_factor");
            s.execute("DELETE FROM " + SchemaMigrator.VERSION_TABLE + " WHERE version = 5");
            s.execute("INSERT INTO account (did, handle, email, created_at) "
                    + "VALUES ('did:plc:before5', 'before5.test', 'before5@example.com', 0)");
        }
        try (SqliteAccountStore store = SqliteAccountStore.open(file)) {
            Account before = store.findAccountByDid("did:plc:before5").orElseThrow();
            assertEquals(false, before.emailAuthFactor());
            store.updateAccount(before.withEmailConfirmedAt(Instant.EPOCH).withEmailAuthFactor(true));
            assertEquals(true, store.findAccountByDid("did:plc:before5").orElseThrow().emailAuthFactor());
        }
        assertEquals(5L, SqliteTestDatabase.queryLong(file, "SELECT MAX(version) FROM " + SchemaMigrator.VERSION_TABLE));
    }

    @Test
    void closedStoreRefusesOperations() {
        SqliteAccountStore store = SqliteAccountStore.open(dir.resolve("closed.sqlite"));
        store.close();
        assertThrows(StoreException.class, store::countAccounts);
    }

    @Test
    void notADatabaseIsAStoreException() throws java.io.IOException {
        Path file = dir.resolve("garbage.sqlite");
        java.nio.file.Files.writeString(file, "this is not a SQLite database, just text ".repeat(100));
        assertThrows(StoreException.class, () -> SqliteAccountStore.open(file));
    }

    private static String pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
