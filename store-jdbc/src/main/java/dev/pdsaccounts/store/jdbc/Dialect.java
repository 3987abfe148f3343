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
 * The service-provider interface for a database under {@link JdbcAccountStore}: everything the store's plain
 * SQL needs to know about one database. One subclass plus one folder of schema scripts per database; the three
 * shipped dialects ({@link PostgresDialect}, {@link H2Dialect}, {@link SqliteDialect}) use nothing but this
 * public SPI, so a host can add another database without touching this module.
 *
 * <h2>Adding a database (MariaDB, say)</h2>
 * <ol>
 *   <li>Subclass {@code Dialect}: {@link #name()} (e.g. {@code "mariadb"}); {@link #isDuplicateKey} (MariaDB:
 *       error code 1062) and {@link #isTransient} (deadlock 1213, lock wait timeout 1205); {@link #upsert}
 *       ({@code INSERT ... ON DUPLICATE KEY UPDATE col = VALUES(col)}); {@link #lockSchema} (e.g.
 *       {@code GET_LOCK}) and {@link #transactionalDdl()} (false: MariaDB commits DDL on its own). Override
 *       {@link #insertIgnoring} when the database has an insert-or-ignore that reports nothing inserted (the
 *       default runs the insert inside a savepoint), {@link #forUpdate()} when its row lock is not
 *       {@code FOR UPDATE}, and the four transaction methods ({@link #begin}, {@link #commit},
 *       {@link #rollback}, {@link #end}) when a JDBC-managed READ COMMITTED transaction is not right for it.</li>
 *   <li>Ship the schema scripts in {@link #schemaLocation()} ({@code db/pdsaccounts/<name>/}, found through the
 *       dialect class's own {@link Class#getResourceAsStream}), one per version and with the same file names
 *       as the shipped folders ({@link SchemaMigrator#scripts()}): the same tables, columns, primary keys and
 *       unique keys, translated. Timestamps are epoch milliseconds in 64-bit integers; text is compared
 *       exactly (binary collation), since handles and emails arrive normalised.</li>
 *   <li>Pass an instance to {@link JdbcAccountStore#builder(DataSource, Dialect)} and run the testkit's store
 *       contract, use-case and race suites against it.</li>
 * </ol>
 *
 * <h2>What the store relies on</h2>
 * The store opens every transaction with {@link #begin} and ends it with {@link #commit} or {@link #rollback}
 * then {@link #end}. Inside a write transaction, a {@code SELECT ... }{@link #forUpdate()} must lock the rows it
 * returns until the transaction ends, and a unique key must hold against concurrent uncommitted inserts (the
 * second inserter waits, then fails or is ignored). Deadlocks and serialization failures must be reported by
 * {@link #isTransient}: the store then runs the whole transaction again. A duplicate key must be reported by
 * {@link #isDuplicateKey}; such errors never reach the host (their messages may quote key values).
 */
public abstract class Dialect {

    /** For subclasses. A dialect holds no state and is shared by every store on its database. */
    protected Dialect() {
    }

    /** {@return the PostgreSQL dialect (server 12 or newer)} */
    public static Dialect postgres() {
        return Shipped.POSTGRES;
    }

    /** {@return the H2 dialect (H2 2.x, any compatibility mode)} */
    public static Dialect h2() {
        return Shipped.H2;
    }

    /** {@return the SQLite dialect (sqlite-jdbc 3.x; SQLite 3.37 or newer)} */
    public static Dialect sqlite() {
        return Shipped.SQLITE;
    }

    /**
     * The shipped dialect of the database behind {@code dataSource}, from its JDBC product name.
     *
     * @throws StoreException when the database cannot be reached or none of the shipped dialects fits it (pass
     *                        your own dialect instead)
     *
     * @param dataSource the database; one connection is opened and closed to read its product name
     * @return the matching shipped dialect, never null
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

    /** {@return the dialect's short name, e.g. {@code postgresql}; also the name of its schema folder} */
    public abstract String name();

    /** {@return the classpath folder of this dialect's schema scripts: {@code db/pdsaccounts/<name>}} */
    public String schemaLocation() {
        return "db/pdsaccounts/" + name();
    }

    @Override
    public String toString() {
        return "Dialect[" + name() + "]";
    }

    // ---- errors ----

    /**
     * Whether {@code e} (or an exception chained to it) is a unique or primary-key violation.
     *
     * @param e the exception the driver threw
     * @return true for a duplicate key
     */
    public abstract boolean isDuplicateKey(SQLException e);

    /**
     * Whether {@code e} is a transient conflict (deadlock, serialization failure, lock timeout, busy database)
     * after which the whole transaction may simply run again.
     *
     * @param e the exception the driver threw
     * @return true when retrying the transaction may succeed
     */
    public abstract boolean isTransient(SQLException e);

    // ---- SQL ----

    /**
     * {@return the clause appended to a single-table {@code SELECT} to lock the rows it returns} By default
     * {@code " FOR UPDATE"}; an empty string where the transaction itself locks.
     */
    public String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * The SQL of an insert of {@code columns} (one {@code ?} each, in order) that inserts nothing and reports
     * zero rows when a row with the same {@code conflictColumns} exists (any unique key when the list is
     * empty), waiting for a concurrent inserter of that key to finish first. {@code null} (the default) when
     * the database has no such statement: the store then runs a plain insert inside a savepoint.
     *
     * @param table           the table name
     * @param columns         the inserted columns, in parameter order
     * @param conflictColumns the unique key whose clash makes the insert a no-op; empty for any unique key
     * @return the SQL, or {@code null} when the database has no such statement
     */
    public String insertIgnoring(String table, List<String> columns, List<String> conflictColumns) {
        return null;
    }

    /**
     * The SQL of an insert of {@code columns} (one {@code ?} each, in order) that, when a row with the same
     * {@code keyColumns} exists, replaces that row's other columns instead.
     *
     * @param table      the table name
     * @param columns    the inserted columns, in parameter order
     * @param keyColumns the unique key that identifies the row to replace
     * @return the SQL
     */
    public abstract String upsert(String table, List<String> columns, List<String> keyColumns);

    // ---- transactions ----

    /**
     * Whether a store must queue its own write transactions on an in-process lock because this database's row
     * locks do not give the guarantee the port needs (a row read after taking its lock reflects every transaction
     * committed before). False by default; a database reachable only from this process (an in-memory one) can
     * say true and get correctness by serialisation.
     *
     * @return true when writes must be serialised in this process
     */
    public boolean requiresInProcessWriteSerialization() {
        return false;
    }


    /**
     * Opens a transaction on {@code c}; {@code write} says whether it may write (and lock). Returns what
     * {@link #end} needs to restore the connection's previous state. A transaction the host left open on the
     * connection must be rolled back, never continued nor committed.
     *
     * <p>By default a JDBC-managed READ COMMITTED transaction: auto-commit off (an open transaction rolled
     * back), isolation READ COMMITTED.
     *
     * @param c     the connection, borrowed from the data source for this transaction
     * @param write whether the transaction may write and lock
     * @return the connection state to restore in {@link #end}
     * @throws SQLException when the driver refuses a setting
     */
    protected Object begin(Connection c, boolean write) throws SQLException {
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

    /**
     * Commits the transaction {@link #begin} opened; by default {@link Connection#commit()}.
     *
     * @param c the transaction's connection
     * @throws SQLException when the commit fails
     */
    protected void commit(Connection c) throws SQLException {
        c.commit();
    }

    /**
     * Rolls back the transaction {@link #begin} opened; by default {@link Connection#rollback()}.
     *
     * @param c the transaction's connection
     * @throws SQLException when the rollback fails
     */
    protected void rollback(Connection c) throws SQLException {
        c.rollback();
    }

    /**
     * After commit or rollback, restores the state {@link #begin} saved; by default the isolation level and
     * auto-commit.
     *
     * @param c     the transaction's connection
     * @param saved what {@link #begin} returned
     * @throws SQLException when the driver refuses a setting
     */
    protected void end(Connection c, Object saved) throws SQLException {
        SavedState s = (SavedState) saved;
        if (s.isolation() != Connection.TRANSACTION_READ_COMMITTED && s.isolation() != Connection.TRANSACTION_NONE) {
            c.setTransactionIsolation(s.isolation());
        }
        if (s.autoCommit()) {
            c.setAutoCommit(true);
        }
    }

    // ---- schema migration ----

    /**
     * Called first inside each migration transaction: serialises migrators of several processes (an advisory
     * lock, say); a no-op where that transaction already excludes other writers.
     *
     * @param c the migration transaction's connection
     * @throws SQLException when the lock cannot be taken
     */
    protected abstract void lockSchema(Connection c) throws SQLException;

    /**
     * Whether DDL statements take part in the transaction. When false (DDL commits on its own), the scripts
     * must be idempotent ({@code IF NOT EXISTS}) and the migrator runs an interrupted script again.
     *
     * @return true when a failed script's DDL is rolled back with its transaction
     */
    public abstract boolean transactionalDdl();

    // ---- helpers for subclasses ----

    /**
     * Every SQLException in {@code e}'s cause and next-exception chains, {@code e} first.
     *
     * @param e the exception the driver threw
     * @return the chain, each exception once
     */
    protected static List<SQLException> chain(SQLException e) {
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

    /**
     * Whether any exception in {@code e}'s chain (see {@link #chain}) matches.
     *
     * @param e    the exception the driver threw
     * @param test the condition
     * @return true when one matches
     */
    protected static boolean any(SQLException e, Predicate<SQLException> test) {
        return chain(e).stream().anyMatch(test);
    }

    /**
     * Whether any exception in {@code e}'s chain has one of the SQLStates.
     *
     * @param e      the exception the driver threw
     * @param states SQLState codes, e.g. {@code "23505"}
     * @return true when one matches
     */
    protected static boolean hasState(SQLException e, String... states) {
        return any(e, s -> s.getSQLState() != null && List.of(states).contains(s.getSQLState()));
    }

    /**
     * Whether any exception in {@code e}'s chain has one of the vendor error codes.
     *
     * @param e     the exception the driver threw
     * @param codes the vendor's error codes
     * @return true when one matches
     */
    protected static boolean hasErrorCode(SQLException e, int... codes) {
        return any(e, s -> java.util.Arrays.stream(codes).anyMatch(code -> code == s.getErrorCode()));
    }

    /**
     * {@code INSERT INTO table (a, b) VALUES (?, ?)}.
     *
     * @param table   the table name
     * @param columns the columns, in parameter order
     * @return the SQL
     */
    protected static String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
    }

    /**
     * {@code INSERT ... ON CONFLICT [(conflictColumns)] DO NOTHING} (PostgreSQL, SQLite).
     *
     * @param table           the table name
     * @param columns         the columns, in parameter order
     * @param conflictColumns the unique key of the conflict target; empty for any
     * @return the SQL
     */
    protected static String insertOnConflictDoNothing(String table, List<String> columns,
            List<String> conflictColumns) {
        return insert(table, columns) + " ON CONFLICT"
                + (conflictColumns.isEmpty() ? "" : " (" + String.join(", ", conflictColumns) + ")") + " DO NOTHING";
    }

    /**
     * {@code INSERT ... ON CONFLICT (keyColumns) DO UPDATE SET col = <excluded>.col, ...} over the non-key
     * columns (PostgreSQL, SQLite); {@code excluded} is the proposed row's name as the dialect spells it.
     *
     * @param table      the table name
     * @param columns    the columns, in parameter order
     * @param keyColumns the unique key of the conflict target
     * @param excluded   the proposed row's name, e.g. {@code EXCLUDED} or {@code excluded}
     * @return the SQL
     */
    protected static String insertOnConflictUpdate(String table, List<String> columns, List<String> keyColumns,
            String excluded) {
        return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
                + String.join(", ", columns.stream().filter(col -> !keyColumns.contains(col))
                        .map(col -> col + " = " + excluded + "." + col).toList());
    }

    /**
     * Executes a statement without parameters.
     *
     * @param c   the connection
     * @param sql the statement
     * @throws SQLException when it fails
     */
    protected static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The shipped dialects, one instance each (created on first use). */
    private static final class Shipped {
        static final Dialect POSTGRES = new PostgresDialect();
        static final Dialect H2 = new H2Dialect();
        static final Dialect SQLITE = new SqliteDialect();
    }

    /** The connection state the default transaction changes and restores. */
    private record SavedState(boolean autoCommit, int isolation) {
    }
}
