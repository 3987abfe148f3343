package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.TransactionWork;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The store port over plain JDBC: a host-supplied {@link DataSource} (pooled or not; this class never pools)
 * and a {@link Dialect} (PostgreSQL, H2, SQLite, or the host's own). Schema: the versioned scripts applied by
 * {@link SchemaMigrator}, by default when the store is built. The store persists and locks; it decides nothing.
 *
 * <h2>Transactions</h2>
 * {@link #inTransaction} runs the work on one connection in one transaction opened by the dialect (READ
 * COMMITTED with auto-commit off on PostgreSQL and H2; {@code BEGIN IMMEDIATE} on SQLite, so writers are
 * serial); inside it every {@code find...} locks the row it returns ({@code SELECT ... FOR UPDATE}). The work's
 * writes are committed when it returns and rolled back when it throws; its exception then propagates unchanged.
 * Each repository method called on the store itself is its own transaction; reads run in auto-commit on
 * PostgreSQL. The host's connection state (auto-commit, isolation) is restored before a connection goes back,
 * and a transaction the host left open on it is rolled back, never continued.
 *
 * <p>Transient failures (PostgreSQL {@code 40001}/{@code 40P01}, H2 deadlocks and lock timeouts, SQLite
 * {@code SQLITE_BUSY}/{@code SQLITE_LOCKED}, whatever {@link Dialect#isTransient} says) and lost uniqueness
 * races roll the transaction back and run the whole work again, with jittered exponential backoff, up to
 * {@link Builder#maxAttempts(int)} attempts (10 by default), then throw a {@link StoreException}. Once a statement
 * of a transaction failed, no further statement runs in it and nothing of it is committed: the failure is
 * reported as a {@link StoreException} even if the work caught it (unless the work threw its own exception).
 * Optionally ({@link Builder#serializeWritesInProcess}) write transactions of this instance also queue on an
 * in-process lock; that only avoids busy-waiting on a single-writer database and is never what makes anything
 * atomic.
 *
 * <h2>Storage conventions</h2>
 * Instants are stored as epoch milliseconds, so they come back truncated to the millisecond. Text is stored and
 * compared exactly. No {@link SQLException} escapes: unique keys become the port's result values where it says
 * so, everything else a {@link StoreException} whose message names the operation and never a parameter value.
 * Text holding NUL (which PostgreSQL cannot store) is never found, matches nothing to update or delete, and is
 * refused with a {@link StoreException} when written.
 */
public class JdbcAccountStore extends JdbcRepositories implements AccountStore, AutoCloseable {

    private static final long MAX_BACKOFF_MILLIS = 200;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int maxAttempts;
    private final ReentrantLock writeGate;
    private final AutoCloseable owned;

    /**
     * A store with the builder's settings; migrates the schema first when the builder says so. For subclasses
     * that own their data source (see {@link Builder#closing(AutoCloseable)}); others use {@link Builder#build()}.
     *
     * @throws StoreException when migration fails or the database schema is newer than this library
     * @param settings the builder holding the data source, dialect and settings
     */
    protected JdbcAccountStore(Builder settings) {
        this.dataSource = settings.dataSource;
        this.dialect = settings.dialect;
        this.maxAttempts = settings.maxAttempts;
        this.writeGate = settings.serializeWrites ? new ReentrantLock(true) : null;
        this.owned = settings.owned;
        if (settings.migrate) {
            new SchemaMigrator(dataSource, dialect).migrate();
        }
    }

    /**
     * A store over {@code dataSource} with default settings; migrates the schema first (see
     * {@link SchemaMigrator#migrate()}).
     *
     * @throws StoreException when the database cannot be reached or its schema is newer than this library
     * @param dataSource the database; the store borrows a connection per transaction and never closes the source
     * @param dialect    the database's dialect, e.g. {@link Dialect#postgres()} or {@link Dialect#detect(DataSource)}
     * @return the store, ready to use
     */
    public static JdbcAccountStore create(DataSource dataSource, Dialect dialect) {
        return builder(dataSource, dialect).build();
    }

    /**
     * A builder for a store over {@code dataSource}, speaking {@code dialect}.
     *
     * @param dataSource the database; the store borrows a connection per transaction
     * @param dialect    the database's dialect
     * @return a new builder with default settings
     */
    public static Builder builder(DataSource dataSource, Dialect dialect) {
        return new Builder(dataSource, dialect);
    }

    /** {@return the dialect this store speaks} */
    public final Dialect dialect() {
        return dialect;
    }

    /** Closes what the builder was told the store owns ({@link Builder#closing}); nothing otherwise. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new StoreException("closing the store failed", e);
            }
        }
    }

    /** Settings of a {@link JdbcAccountStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final Dialect dialect;
        private boolean migrate = true;
        private int maxAttempts = 10;
        private boolean serializeWrites;
        private AutoCloseable owned;

        private Builder(DataSource dataSource, Dialect dialect) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            this.serializeWrites = dialect.requiresInProcessWriteSerialization();
        }

        /**
         * Whether the store runs {@link SchemaMigrator#migrate()} when built (default true). Turn it off when the
         * host applies the scripts under {@link Dialect#schemaLocation()} with its own migration tool.
         *
         * @param migrate false to leave the schema to the host
         * @return this builder
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * How many times a transaction is tried when it meets transient conflicts (default 10, at least 1).
         *
         * @param maxAttempts the most attempts
         * @return this builder
         * @throws IllegalArgumentException if {@code maxAttempts} is below 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Whether this instance's write transactions queue on an in-process lock before opening (default: what
         * {@link Dialect#requiresInProcessWriteSerialization()} says, false but for H2). Worth it on a
         * single-writer database such as SQLite, where it replaces busy-waiting; required on H2 (see
         * {@link H2Dialect}).
         *
         * @param serialize true to queue write transactions on an in-process lock
         * @return this builder
         */
        public Builder serializeWritesInProcess(boolean serialize) {
            this.serializeWrites = serialize;
            return this;
        }

        /**
         * A resource the store owns, closed by {@link JdbcAccountStore#close()}: typically the data source.
         *
         * @param resource the resource
         * @return this builder
         */
        public Builder closing(AutoCloseable resource) {
            this.owned = Objects.requireNonNull(resource, "resource");
            return this;
        }

        /**
         * The store, after migrating the schema if asked to.
         *
         * @throws StoreException when migration fails or the database schema is newer than this library
         * @return the store, ready to use
         */
        public JdbcAccountStore build() {
            return new JdbcAccountStore(this);
        }
    }

    // ==== transactions ====

    @Override
    public final <T> T inTransaction(TransactionWork<T> work) {
        Objects.requireNonNull(work, "work");
        return transact("inTransaction", true, true, tx -> {
            Access access = new Access(tx);
            T result;
            try {
                result = work.run(access);
            } catch (RuntimeException | Error e) {
                access.rethrowConflict(); // the work failed because of a transient conflict: run it again
                throw e;
            } finally {
                access.over = true;
            }
            access.rethrowFailure(); // the work went on after a failed statement: nothing is committed
            return result;
        });
    }

    /** Each repository call on the store itself: its own transaction, locking nothing. */
    @Override
    final <T> T run(String operation, boolean write, Step<T> step) {
        return transact(operation, write, false, step);
    }

    /**
     * The access {@link #inTransaction} hands to the work: runs every call on the open transaction, remembers
     * the first failure, and refuses calls after it (PostgreSQL would refuse them anyway) and after the work.
     */
    private final class Access extends JdbcRepositories {
        private final Tx tx;
        private LostRace lostRace;
        private SQLException failure;
        private boolean over;

        Access(Tx tx) {
            this.tx = tx;
        }

        @Override
        <T> T run(String operation, boolean write, Step<T> step) {
            if (over) {
                throw new IllegalStateException("the transaction is over: use its access only inside the work");
            }
            if (failure != null || lostRace != null) {
                throw new StoreException(operation + " refused: an earlier statement of the transaction failed");
            }
            try {
                return step.run(tx);
            } catch (SQLException e) {
                failure = e;
                throw new StoreException(operation + " failed; the transaction is rolled back");
            } catch (LostRace e) {
                lostRace = e;
                throw e;
            }
        }

        void rethrowConflict() throws SQLException {
            if (lostRace != null) {
                throw lostRace;
            }
            if (failure != null && dialect.isTransient(failure)) {
                throw failure;
            }
        }

        void rethrowFailure() throws SQLException {
            rethrowConflict();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Runs {@code step} as one transaction, again on transient conflicts; commits when it returns. */
    private <T> T transact(String operation, boolean write, boolean locking, Step<T> step) {
        Throwable lastConflict = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return attempt(write, locking, step);
            } catch (SQLException e) {
                if (!dialect.isTransient(e)) {
                    if (dialect.isDuplicateKey(e)) {
                        // Never chain a duplicate-key error: its message may quote the key's value.
                        throw new StoreException(operation + " failed: duplicate key");
                    }
                    throw new StoreException(operation + " failed", e);
                }
                lastConflict = e;
            } catch (LostRace e) {
                lastConflict = e;
            }
            if (attempt < maxAttempts) {
                backoff(operation, attempt);
            }
        }
        throw new StoreException(operation + " failed: still conflicting after " + maxAttempts + " attempts",
                lastConflict instanceof LostRace ? null : lastConflict);
    }

    private <T> T attempt(boolean write, boolean locking, Step<T> step) throws SQLException {
        ReentrantLock gate = write ? writeGate : null;
        if (gate != null) {
            gate.lock();
        }
        try {
            return Tx.inTransaction(dataSource, dialect, write, c -> {
                T result = step.run(new Tx(c, dialect, locking));
                dialect.commit(c);
                return result;
            });
        } finally {
            if (gate != null) {
                gate.unlock();
            }
        }
    }

    private static void backoff(String operation, int attempt) {
        long cap = Math.min(MAX_BACKOFF_MILLIS, 2L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(operation + " interrupted while retrying", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcAccountStore[" + dialect.name() + "]";
    }
}
