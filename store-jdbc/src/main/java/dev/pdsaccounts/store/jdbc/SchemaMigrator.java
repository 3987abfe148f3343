package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Brings a database's schema up to the version this library knows, from the Flyway-style scripts
 * {@code db/pdsaccounts/<dialect>/V<n>__<description>.sql} on the classpath, and records each applied version
 * in the table {@value #VERSION_TABLE}.
 *
 * <p>{@link #migrate()} creates the version table if absent and applies the missing versions in order, each
 * in its own transaction together with its version row. It is idempotent and safe when several instances
 * (threads or processes) start at once: on PostgreSQL the transaction first takes an advisory lock keyed by the
 * current schema; on SQLite it is a {@code BEGIN IMMEDIATE} write transaction; on H2, where DDL commits on its
 * own, migrators of one class loader queue on a lock, the scripts are idempotent ({@code IF NOT EXISTS}), a
 * script interrupted by a concurrent migrator in another process is simply run again, and the version row's
 * primary key settles the race.
 * A database whose recorded version is newer than this library's is never touched: {@link #migrate()} throws.
 */
public final class SchemaMigrator {

    /** The table recording applied schema versions. */
    public static final String VERSION_TABLE = "pdsaccounts_schema_version";

    /** The scripts this library ships, in version order (the same names in every dialect's folder). */
    static final List<String> SCRIPTS = List.of("V1__accounts.sql", "V2__signing_key_reservations.sql",
            "V3__rate_limits.sql", "V4__security_lookups.sql", "V5__email_auth_factor.sql");

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    private static final int MAX_ATTEMPTS = 10;

    /**
     * Serialises migrators of this class loader on databases whose DDL is not transactional (H2), which have no
     * lock a migration could hold; across processes the idempotent scripts and the retry above take over.
     */
    private static final ReentrantLock NON_TRANSACTIONAL_DDL = new ReentrantLock();

    private final DataSource dataSource;
    private final Dialect dialect;

    static {
        for (int i = 0; i < SCRIPTS.size(); i++) {
            if (version(SCRIPTS.get(i)) != i + 1) {
                throw new IllegalStateException("schema scripts must be numbered 1.." + SCRIPTS.size());
            }
        }
    }

    /**
     * A migrator for the database behind {@code dataSource}, speaking {@code dialect}.
     *
     * @param dataSource the database
     * @param dialect    the database's dialect, whose scripts are applied
     */
    public SchemaMigrator(DataSource dataSource, Dialect dialect) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * The script file names every dialect's {@link Dialect#schemaLocation()} must hold, in version order
     * ({@code V<n>__<description>.sql}).
     *
     * @return the script file names, oldest version first
     */
    public static List<String> scripts() {
        return SCRIPTS;
    }

    /** {@return the newest schema version this library knows} */
    public static int latestVersion() {
        return SCRIPTS.size();
    }

    /**
     * Applies every missing version and returns the schema version now in place ({@link #latestVersion()}).
     *
     * @throws StoreException when the database is unreachable, a script fails, or the database's schema
     *                        version is newer than this library supports
     *
     * @return the schema version now in place
     */
    public int migrate() {
        boolean ddlOutsideTransaction = !dialect.transactionalDdl();
        if (ddlOutsideTransaction) {
            NON_TRANSACTIONAL_DDL.lock();
        }
        try {
            int attempts = 0;
            while (true) {
                try {
                    Step step = step();
                    if (step == Step.DONE) {
                        return latestVersion();
                    }
                    attempts = 0;
                } catch (SQLException e) {
                    // Where DDL commits on its own, a concurrent migrator in another process can make an
                    // idempotent script fail half-way ("already exists"); running it again converges.
                    boolean retry = dialect.isTransient(e) || ddlOutsideTransaction;
                    if (!retry || ++attempts >= MAX_ATTEMPTS) {
                        throw new StoreException("schema migration failed", e);
                    }
                    sleepBriefly();
                }
            }
        } finally {
            if (ddlOutsideTransaction) {
                NON_TRANSACTIONAL_DDL.unlock();
            }
        }
    }

    /**
     * The schema version recorded in the database, 0 when none (no version table or no row).
     *
     * @throws StoreException when the database cannot be read
     * @return the recorded version, or 0 for an empty database
     */
    public int currentVersion() {
        try (Connection c = dataSource.getConnection()) {
            Object saved = dialect.begin(c, false);
            try {
                return tableExists(c) ? recordedVersion(c) : 0;
            } finally {
                dialect.rollback(c);
                dialect.end(c, saved);
            }
        } catch (SQLException e) {
            throw new StoreException("reading the schema version failed", e);
        }
    }

    private enum Step { APPLIED, DONE }

    /** One transaction: lock, read the version, apply the next script if one is missing. */
    private Step step() throws SQLException {
        return Tx.inTransaction(dataSource, dialect, true, c -> {
            dialect.lockSchema(c);
            Dialect.execute(c, "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER NOT NULL "
                    + "PRIMARY KEY, description VARCHAR(200) NOT NULL, installed_at BIGINT NOT NULL)");
            int current = recordedVersion(c);
            if (current > latestVersion()) {
                throw new StoreException("database schema version " + current
                        + " is newer than this library supports (" + latestVersion() + ")");
            }
            if (current == latestVersion()) {
                dialect.commit(c);
                return Step.DONE;
            }
            String script = SCRIPTS.get(current);
            for (String statement : statements(load(script))) {
                Dialect.execute(c, statement);
            }
            boolean recorded = recordVersion(c, version(script), description(script));
            if (recorded) {
                dialect.commit(c);
            } else {
                dialect.rollback(c);
            }
            return Step.APPLIED;
        });
    }

    /** Inserts the version row; false when a concurrent migrator (H2) recorded it first. */
    private boolean recordVersion(Connection c, int version, String description) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VERSION_TABLE
                + " (version, description, installed_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, version);
            ps.setString(2, description);
            ps.setLong(3, System.currentTimeMillis());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (dialect.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private static int recordedVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM " + VERSION_TABLE);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + VERSION_TABLE + " WHERE 1 = 0")) {
            ps.executeQuery().close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private String load(String script) {
        String path = dialect.schemaLocation() + "/" + script;
        // Through the dialect's class, so a host's dialect finds the scripts it ships in its own jar or module.
        try (InputStream in = dialect.getClass().getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new StoreException("schema script missing from the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("reading schema script failed: " + path, e);
        }
    }

    /** The statements of a script: {@code --} comment lines dropped, split at semicolons. */
    static List<String> statements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : sb.toString().split(";")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static int version(String script) {
        Matcher m = SCRIPT_NAME.matcher(script);
        if (!m.matches()) {
            throw new IllegalStateException("bad schema script name " + script);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String description(String script) {
        Matcher m = SCRIPT_NAME.matcher(script);
        if (!m.matches()) {
            throw new IllegalStateException("bad schema script name " + script);
        }
        return m.group(2).replace('_', ' ');
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("schema migration interrupted");
        }
    }
}
