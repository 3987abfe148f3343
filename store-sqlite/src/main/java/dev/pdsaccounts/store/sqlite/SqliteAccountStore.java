package dev.pdsaccounts.store.sqlite;

import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.store.jdbc.Dialect;
import dev.pdsaccounts.store.jdbc.JdbcAccountStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: all account data in one SQLite file, the way the reference PDS keeps
 * {@code account.sqlite}. Opening creates the file if needed and migrates its schema.
 *
 * <p>Connection settings: WAL journal (readers never block the writer and see one committed snapshot),
 * {@code synchronous=NORMAL} (durable across process crashes; an OS crash may lose the last commits but never
 * corrupts the file), {@code busy_timeout} 5 s by default, {@code foreign_keys=ON}.
 *
 * <p>Concurrency: every write transaction starts with {@code BEGIN IMMEDIATE}, which takes SQLite's single
 * write lock before reading anything, so writers are serialised across threads and processes and every
 * read-check-write inside an operation is atomic; a busy database is waited for ({@code busy_timeout}) and
 * then retried with backoff. Within one store, write transactions additionally queue on a fair in-process lock
 * so threads do not spin on the busy handler; reads run in parallel on their own connections. Connections come
 * from a tiny internal holder (a few kept open for reuse); no pool library is needed.
 *
 * <p>File permissions: the file holds password hashes and private signing keys, so on a POSIX file system the
 * directories the store creates are {@code 0700}, the database file it creates is {@code 0600} (and so are the
 * {@code -wal} and {@code -shm} files SQLite makes beside it, which take the database file's mode), and opening an
 * existing database takes every group and other permission away from it and its side files. A directory that
 * already exists is left as it is.
 *
 * <p>What this class adds to {@link JdbcAccountStore} with {@link Dialect#sqlite()}: it opens the file (creating
 * it and its directory, owner-only), sets the pragmas above and owns the connections: {@link #close()} closes the idle
 * ones and refuses further operations (they throw {@link StoreException}); operations already running finish
 * first on their own connections.
 */
public final class SqliteAccountStore extends JdbcAccountStore {

    private final Path file;
    private final SqliteConnections connections;

    private SqliteAccountStore(Path file, SqliteConnections connections) {
        super(JdbcAccountStore.builder(connections, Dialect.sqlite()).serializeWritesInProcess(true)
                .closing(connections));
        this.file = file;
        this.connections = connections;
    }

    /**
     * Opens (creating if needed) the database file with default settings and migrates its schema.
     *
     * @throws StoreException when the file cannot be opened or its schema is newer than this library supports
     * @param file the database file; created with its parent directories, owner-only, if missing
     * @return the store, ready to use; close it to release its connections
     */
    public static SqliteAccountStore open(Path file) {
        return builder(file).open();
    }

    /**
     * A builder for a store on {@code file}.
     *
     * @param file the database file
     * @return a new builder with default settings
     * @throws NullPointerException if {@code file} is null
     */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Settings of a {@link SqliteAccountStore}. */
    public static final class Builder {
        private final Path file;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private int maxIdleConnections = 4;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /**
         * How long a connection waits for another process's write lock before giving up (default 5 s).
         *
         * @param timeout the wait
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative or too long for SQLite's millisecond setting
         */
        public Builder busyTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("busyTimeout out of range");
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * How many idle connections are kept open for reuse (default 4, at least 1).
         *
         * @param max the most idle connections
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is below 1
         */
        public Builder maxIdleConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxIdleConnections must be at least 1");
            }
            this.maxIdleConnections = max;
            return this;
        }

        /**
         * Opens the file (creating it and its parent directories if needed, owner-only) and migrates its schema.
         *
         * @throws StoreException when the file cannot be opened or its schema is newer than this library supports
         * @return the store, ready to use; close it to release its connections
         */
        public SqliteAccountStore open() {
            Path absolute = file.toAbsolutePath();
            try {
                OwnerOnlyFiles.prepare(absolute);
            } catch (IOException e) {
                throw new StoreException("opening the SQLite store failed: cannot create its directory or file "
                        + "owner-only", e);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout((int) busyTimeout.toMillis());
            config.enforceForeignKeys(true);
            SqliteConnections connections = new SqliteConnections("jdbc:sqlite:" + absolute, config,
                    maxIdleConnections);
            try {
                return new SqliteAccountStore(absolute, connections);
            } catch (RuntimeException e) {
                connections.close();
                throw e;
            }
        }
    }

    /** {@return the database file} */
    public Path file() {
        return file;
    }

    /** The connection holder (for tests of this package). */
    DataSource dataSource() {
        return connections;
    }

    @Override
    public String toString() {
        return "SqliteAccountStore[" + file + "]";
    }
}
