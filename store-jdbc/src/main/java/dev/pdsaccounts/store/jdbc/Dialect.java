package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.error.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * What differs between the databases {@link JdbcAccountStore} runs on: how a driver reports a duplicate key
 * and a transient conflict (serialization failure, deadlock, busy database), how a transaction is opened and a
 * row locked, the insert-or-ignore and upsert syntax, how schema migrations are serialised, and where the
 * schema resources live ({@code db/pdsaccounts/<name>/}).
 *
 * <p>Sealed: the store's SQL is written for exactly these three databases. Obtain one with
 * {@link #postgres()}, {@link #h2()}, {@link #sqlite()} or {@link #detect(DataSource)}.
 */
public abstract sealed class Dialect permits PostgresDialect, H2Dialect, SqliteDialect {

    /** Only the permitted subclasses construct dialects. */
    Dialect() {
    }

    /** The PostgreSQL dialect (server 12 or newer). */
    public static Dialect postgres() {
        return PostgresDialect.INSTANCE;
    }

    /** The H2 dialect (H2 2.x, any compatibility mode). */
    public static Dialect h2() {
        return H2Dialect.INSTANCE;
    }

    /** The SQLite dialect (sqlite-jdbc 3.x; SQLite 3.37 or newer). */
    public static Dialect sqlite() {
        return SqliteDialect.INSTANCE;
    }

    /**
     * The dialect of the database behind {@code dataSource}, from its JDBC product name.
     *
     * @throws StoreException when the database cannot be reached or is none of the supported ones
     */
    public static Dialect detect(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StoreException("detecting the database dialect failed", e);
        }
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return postgres();
        }
        if (p.equals("h2")) {
            return h2();
        }
        if (p.contains("sqlite")) {
            return sqlite();
        }
        throw new StoreException("unsupported database product: " + product);
    }

    /** The dialect's short name ({@code postgresql}, {@code h2}, {@code sqlite}), also its resource folder. */
    public abstract String name();

    /** The classpath folder of this dialect's versioned schema scripts, e.g. {@code db/pdsaccounts/postgresql}. */
    public final String schemaLocation() {
        return "db/pdsaccounts/" + name();
    }

    @Override
    public String toString() {
        return "Dialect[" + name() + "]";
    }

    // ---- the strategy the store and the migrator use (package-private) ----

    /** Whether {@code e} (or an exception chained to it) is a unique or primary-key violation. */
    abstract boolean isDuplicateKey(SQLException e);

    /** Whether {@code e} is a transient conflict after which the whole transaction may simply be retried. */
    abstract boolean isTransient(SQLException e);

    /** The clause appended to a single-table {@code SELECT} to lock the rows it returns (may be empty). */
    abstract String forUpdate();

    /**
     * Opens a transaction on {@code c}; {@code write} says whether it will write. Returns what
     * {@link #end(Connection, Object)} needs to restore the connection's previous state.
     */
    abstract Object begin(Connection c, boolean write) throws SQLException;

    /** Commits the transaction opened by {@link #begin}. */
    abstract void commit(Connection c) throws SQLException;

    /** Rolls back the transaction opened by {@link #begin}. */
    abstract void rollback(Connection c) throws SQLException;

    /** Restores the connection state saved by {@link #begin} (after commit or rollback). */
    abstract void end(Connection c, Object saved) throws SQLException;

    /**
     * The SQL of an insert that silently does nothing when a row with the same {@code conflictColumns} exists,
     * or {@code null} when the dialect has no such syntax (the store then inserts inside a savepoint).
     */
    abstract String insertIgnoring(String table, List<String> columns, List<String> conflictColumns);

    /** The SQL of an insert that replaces the non-key columns of the row with the same {@code keyColumns}. */
    abstract String upsert(String table, List<String> columns, List<String> keyColumns);

    /**
     * Serialises concurrent holders of {@code key} until the current transaction ends, for the rare operation
     * that has no row to lock; a no-op where writers are serialised anyway.
     */
    abstract void lockKey(Connection c, String key) throws SQLException;

    /**
     * Serialises schema migration: called first inside the migration transaction. A no-op where the
     * transaction itself already excludes other writers.
     */
    abstract void lockSchema(Connection c) throws SQLException;

    /** Whether DDL statements take part in the transaction (false: each commits on its own, as in H2). */
    abstract boolean transactionalDdl();

    // ---- helpers shared by the dialects ----

    /** Every SQLException in {@code e}'s cause and next-exception chains, {@code e} first. */
    static List<SQLException> chain(SQLException e) {
        List<SQLException> out = new ArrayList<>();
        List<Throwable> queue = new ArrayList<>();
        queue.add(e);
        while (!queue.isEmpty() && out.size() < 32) {
            Throwable t = queue.remove(0);
            if (t instanceof SQLException s && !out.contains(s)) {
                out.add(s);
                if (s.getNextException() != null) {
                    queue.add(s.getNextException());
                }
            }
            if (t.getCause() != null && t.getCause() != t) {
                queue.add(t.getCause());
            }
        }
        return out;
    }

    /** Whether any exception in {@code e}'s chain matches. */
    static boolean any(SQLException e, Predicate<SQLException> test) {
        return chain(e).stream().anyMatch(test);
    }

    /** Whether any exception in {@code e}'s chain has one of the SQLStates. */
    static boolean hasState(SQLException e, String... states) {
        return any(e, s -> s.getSQLState() != null && List.of(states).contains(s.getSQLState()));
    }

    /** {@code INSERT INTO table (a, b) VALUES (?, ?)}. */
    static String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    }

    /** Executes a statement without parameters. */
    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The connection state a JDBC-managed transaction changes and restores. */
    record SavedState(boolean autoCommit, int isolation) {
    }

    /** Opens a JDBC-managed READ COMMITTED transaction (PostgreSQL, H2). */
    static SavedState beginJdbc(Connection c) throws SQLException {
        SavedState saved = new SavedState(c.getAutoCommit(), c.getTransactionIsolation());
        if (saved.autoCommit()) {
            c.setAutoCommit(false);
        } else {
            c.rollback();
        }
        if (saved.isolation() != Connection.TRANSACTION_READ_COMMITTED) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        return saved;
    }

    /** Restores what {@link #beginJdbc} changed. */
    static void endJdbc(Connection c, Object saved) throws SQLException {
        SavedState s = (SavedState) saved;
        if (s.isolation() != Connection.TRANSACTION_READ_COMMITTED && s.isolation() != Connection.TRANSACTION_NONE) {
            c.setTransactionIsolation(s.isolation());
        }
        if (s.autoCommit()) {
            c.setAutoCommit(true);
        }
    }
}
