package dev.pdsaccounts.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.jdbc.Dialect;
import dev.pdsaccounts.store.jdbc.JdbcAccountStore;
import dev.pdsaccounts.store.sqlite.SqliteAccountStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The SQLite target (a new file in the run's scratch directory, {@link SqliteAccountStore} defaults) and the
 * PostgreSQL target (a new schema {@code bench_<random>} in the configured database, {@link JdbcAccountStore}
 * over a HikariCP pool of {@value #PG_POOL} connections; the schema is dropped on close).
 */
final class DurableStores {
    /** Pool size of the PostgreSQL target: enough for the 8-thread runs plus the driver's own thread. */
    static final int PG_POOL = 10;

    /** What the PostgreSQL targets ask of the database, counted across every store they opened. */
    static final JdbcCounts POSTGRES_COUNTS = new JdbcCounts();

    private DurableStores() {}

    static List<StoreTarget> targets(RunContext ctx, String bench) {
        List<StoreTarget> targets = new ArrayList<>();
        targets.add(sqlite(ctx.workDir()));
        if (ctx.postgresUrl().isPresent()) {
            targets.add(postgres(ctx.postgresUrl().get()));
        } else {
            ctx.table().skipped(bench, "postgres", "no URL (--pg-url or PDSACCOUNTS_BENCH_POSTGRES_URL)");
        }
        return targets;
    }

    static StoreTarget sqlite(Path workDir) {
        return new StoreTarget() {
            @Override
            public String name() {
                return "sqlite";
            }

            @Override
            public AccountStore openEmpty() throws Exception {
                Path file = Files.createTempFile(workDir, "accounts-", ".sqlite");
                Files.delete(file);
                return SqliteAccountStore.open(file);
            }

            @Override
            public void close(AccountStore store) throws Exception {
                SqliteAccountStore s = (SqliteAccountStore) store;
                Path file = s.file();
                s.close();
                for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        };
    }

    static StoreTarget postgres(String url) {
        return new StoreTarget() {
            private final Map<AccountStore, Runnable> closers = new IdentityHashMap<>();

            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public synchronized AccountStore openEmpty() throws Exception {
                String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                        .toLowerCase(Locale.ROOT);
                execute(url, "CREATE SCHEMA " + schema);
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
                config.setMaximumPoolSize(PG_POOL);
                config.setPoolName("bench-" + schema);
                HikariDataSource ds = new HikariDataSource(config);
                JdbcAccountStore store = JdbcAccountStore.create(POSTGRES_COUNTS.wrap(ds), Dialect.postgres());
                closers.put(store, () -> {
                    ds.close();
                    try {
                        execute(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    } catch (SQLException e) {
                        throw new IllegalStateException("could not drop schema " + schema, e);
                    }
                });
                return store;
            }

            @Override
            public synchronized void close(AccountStore store) {
                Runnable r = closers.remove(store);
                if (r != null) {
                    r.run();
                }
            }
        };
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
