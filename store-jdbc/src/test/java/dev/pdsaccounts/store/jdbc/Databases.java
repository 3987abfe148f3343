package dev.pdsaccounts.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pdsaccounts.store.AccountStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Fresh test databases: H2 in memory, and PostgreSQL schemas when a server is configured. */
public final class Databases {
    /** The system property carrying the PostgreSQL JDBC URL (empty: no server). */
    public static final String POSTGRES_URL = "pdsaccounts.test.postgres.url";
    /** The system property that turns a missing PostgreSQL server into a failure. */
    public static final String REQUIRE_POSTGRES = "pdsaccounts.test.requirePostgres";

    private Databases() {
    }

    /** A fresh H2 in-memory database in PostgreSQL mode behind a HikariCP pool. */
    public static PooledDatabase h2() {
        return h2(Dialect.h2());
    }

    /** A fresh H2 in-memory database in PostgreSQL mode behind a HikariCP pool, spoken to in {@code dialect}. */
    public static PooledDatabase h2(Dialect dialect) {
        String name = "pds_" + UUID.randomUUID().toString().replace("-", "");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(20);
        config.setMinimumIdle(2);
        config.setPoolName("h2-" + name.substring(4, 12));
        HikariDataSource ds = new HikariDataSource(config);
        return new PooledDatabase(ds, dialect, () -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // Already gone.
            }
            ds.close();
        });
    }

    /**
     * The configured PostgreSQL URL; aborts the calling test (visibly skipped) when none is configured, or fails
     * it when {@value #REQUIRE_POSTGRES} is true.
     */
    public static String postgresUrlOrSkip() {
        String url = System.getProperty(POSTGRES_URL, "").trim();
        if (url.isEmpty()) {
            if (Boolean.getBoolean(REQUIRE_POSTGRES)) {
                Assertions.fail("PostgreSQL is required (-D" + REQUIRE_POSTGRES + "=true) but -D" + POSTGRES_URL
                        + " is empty");
            }
            Assumptions.abort("PostgreSQL not configured: set -D" + POSTGRES_URL + "=...");
        }
        return url;
    }

    /** A fresh schema {@code t_<random>} in the configured PostgreSQL database behind a HikariCP pool. */
    public static PooledDatabase postgres() {
        String url = postgresUrlOrSkip();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute(url, "CREATE SCHEMA " + schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withSchema(url, schema));
        config.setMaximumPoolSize(20);
        // Connections on demand: a pool of 20 idle ones would fork 20 server processes for every test.
        config.setMinimumIdle(2);
        config.setPoolName("pg-" + schema);
        HikariDataSource ds = new HikariDataSource(config);
        return new PooledDatabase(ds, Dialect.postgres(), () -> {
            ds.close();
            execute(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }, schema);
    }

    /** The URL with {@code currentSchema} set. */
    public static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Runs one statement on a fresh driver connection. */
    public static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql, e);
        }
    }

    /** The store's tables, in a fixed order. */
    public static final java.util.List<String> TABLES = java.util.List.of("account", "invite_code", "invite_code_use",
            "refresh_token", "app_password", "email_token", SchemaMigrator.VERSION_TABLE);

    /** Every row of every store table as text ({@code table: col=value, ...} lines). */
    public static String dump(DataSource dataSource) {
        StringBuilder sb = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    java.sql.ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        sb.append(table).append(':');
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            sb.append(' ').append(md.getColumnLabel(i)).append('=').append(rs.getString(i));
                        }
                        sb.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dump failed", e);
        }
        return sb.toString();
    }

    /** A pooled test database: the data source, its dialect and a store over it (migrated on first use). */
    public static final class PooledDatabase implements TestDatabase {
        private final DataSource dataSource;
        private final Dialect dialect;
        private final Runnable drop;
        private final String schema;
        private JdbcAccountStore store;

        PooledDatabase(DataSource dataSource, Dialect dialect, Runnable drop) {
            this(dataSource, dialect, drop, null);
        }

        PooledDatabase(DataSource dataSource, Dialect dialect, Runnable drop, String schema) {
            this.dataSource = dataSource;
            this.dialect = dialect;
            this.drop = drop;
            this.schema = schema;
        }

        /** The pooled data source. */
        @Override
        public DataSource dataSource() {
            return dataSource;
        }

        /** The dialect. */
        @Override
        public Dialect dialect() {
            return dialect;
        }

        /** The PostgreSQL schema name, or null on H2. */
        public String schema() {
            return schema;
        }

        @Override
        public synchronized AccountStore store() {
            if (store == null) {
                store = JdbcAccountStore.create(dataSource, dialect);
            }
            return store;
        }

        @Override
        public long queryLong(String sql) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException("query failed: " + sql, e);
            }
        }

        @Override
        public String dumpAllTables() {
            return dump(dataSource);
        }

        @Override
        public void close() {
            drop.run();
        }
    }
}
