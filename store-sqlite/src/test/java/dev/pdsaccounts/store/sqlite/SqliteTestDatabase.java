package dev.pdsaccounts.store.sqlite;

import dev.pdsaccounts.store.jdbc.Databases;
import dev.pdsaccounts.store.jdbc.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh SQLite file in its own temporary directory, deleted on close. */
final class SqliteTestDatabase implements TestDatabase {
    private final Path dir;
    private final SqliteAccountStore store;

    SqliteTestDatabase() {
        this(null);
    }

    /** A database in a fresh directory under {@code parent} (the system temporary directory when null). */
    SqliteTestDatabase(Path parent) {
        try {
            dir = parent == null ? Files.createTempDirectory("pdsaccounts-sqlite-")
                    : Files.createTempDirectory(parent, "store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = SqliteAccountStore.open(dir.resolve("account.sqlite"));
    }

    @Override
    public SqliteAccountStore store() {
        return store;
    }

    @Override
    public javax.sql.DataSource dataSource() {
        return store.dataSource();
    }

    @Override
    public dev.pdsaccounts.store.jdbc.Dialect dialect() {
        return dev.pdsaccounts.store.jdbc.Dialect.sqlite();
    }

    @Override
    public long queryLong(String sql) {
        return queryLong(store.file(), sql);
    }

    /** Runs a one-number query on its own plain connection to {@code file}. */
    static long queryLong(Path file, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    @Override
    public String dumpAllTables() {
        return Databases.dump(store.dataSource());
    }

    @Override
    public void close() {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: it is a temporary directory.
        }
    }
}
