package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.store.AccountStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Load driver: {@code refreshSession} rotations per second per store, on 1 and 8 threads (goals: memory
 * 100k/s, SQLite 5k/s, PostgreSQL 2k/s).
 *
 * <p>Each thread rotates {@value #CHAINS_PER_THREAD} sessions of its own in turn. The service's clock is a
 * {@link SteppingClock} with one timeline per thread, advanced by the thread after each of its rotations so
 * that a session is refreshed again only after its previous token's 2-hour grace window has passed, as in real
 * use (a client refreshes about every access-token lifetime); every rotation then finds about one expired row
 * to sweep. A session is only ever touched by its own thread, so its tokens age with that thread's rotations
 * alone and no thread can push another's sessions past their 90-day lifetime. A second figure rotates one session in
 * a tight loop on the real clock, where every superseded row stays within its grace window for the whole run.
 */
final class RefreshBench implements Bench {
    static final String NAME = "refresh";
    static final int CHAINS_PER_THREAD = 4;
    private static final Map<String, Double> GOALS = Map.of("memory", 100_000.0, "sqlite", 5_000.0,
            "postgres", 2_000.0);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "refreshSession rotations/s per store, 1 and 8 threads";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        for (StoreTarget target : StoreTarget.all(ctx, NAME, false)) {
            for (int threads : List.of(1, 8)) {
                AccountStore store = target.openEmpty();
                try {
                    steady(ctx, target.name(), store, threads);
                } finally {
                    target.close(store);
                }
            }
            AccountStore store = target.openEmpty();
            try {
                tightLoop(ctx, target.name(), store);
            } finally {
                target.close(store);
            }
        }
        if (ctx.postgresUrl().isPresent()) {
            postgresFloor(ctx, ctx.postgresUrl().get());
        }
        ctx.table().note(NAME + ": steady state uses a stepping clock with one timeline per thread (each session"
                + " is refreshed again after its previous token's 2 h grace window, as a client refreshing once per"
                + " access-token lifetime does);"
                + " the tight-loop figure rotates one session on the real clock, so every superseded row stays in"
                + " its grace window and the per-rotation sweep of expired rows reads all of them.");
    }

    private static void steady(RunContext ctx, String storeName, AccountStore store, int threads) throws Exception {
        steady(ctx, storeName, store, threads, null);
    }

    private static void steady(RunContext ctx, String storeName, AccountStore store, int threads, String variant)
            throws Exception {
        Profile p = ctx.profile();
        SteppingClock clock = new SteppingClock(threads);
        PdsAccounts pds = Fixtures.pds(store, new Fixtures.PrecomputedHasher(Fixtures.argon2v1()), clock);
        long graceMillis = PdsConfig.DEFAULT_REFRESH_GRACE_PERIOD.toMillis();
        // Between two rotations of one session its thread rotates its other sessions: each rotation steps its
        // timeline by 2 x grace / CHAINS_PER_THREAD, so the session comes back just past twice its grace window.
        long step = 2 * graceMillis / CHAINS_PER_THREAD + 1;
        String[][] tokens = new String[threads][CHAINS_PER_THREAD];
        for (int t = 0; t < threads; t++) {
            clock.useLane(t); // the sessions start on the timeline of the thread that will rotate them
            for (int c = 0; c < CHAINS_PER_THREAD; c++) {
                CreateAccountOutput out = pds.accounts().createAccount(Fixtures.freshInput());
                tokens[t][c] = out.refreshJwt();
            }
        }
        ctx.progress(storeName + ": refreshSession, " + threads + " thread(s), " + p.throughputSeconds() + " s");
        Load.Outcome o = Load.run(threads, p.warmupSeconds(), p.throughputSeconds(), (t, n) -> {
            if (n == 0) {
                clock.useLane(t);
            }
            int c = (int) (n % CHAINS_PER_THREAD);
            SessionOutput out = pds.sessions().refreshSession(tokens[t][c]);
            tokens[t][c] = out.refreshJwt();
            clock.advanceMillis(step);
        });
        if (storeName.equals("postgres") && threads == 1 && variant == null) {
            JdbcCounts.Snapshot before = DurableStores.POSTGRES_COUNTS.snapshot();
            int calls = 200;
            clock.useLane(0); // thread 0's sessions, on thread 0's timeline
            Load.sequential(0, calls, (t, n) -> {
                int c = (int) (n % CHAINS_PER_THREAD);
                tokens[0][c] = pds.sessions().refreshSession(tokens[0][c]).refreshJwt();
                clock.advanceMillis(step);
            });
            ctx.table().info(NAME, storeName + ": database work per rotation",
                    DurableStores.POSTGRES_COUNTS.snapshot().perOperation(before, calls));
        }
        double goal = GOALS.get(storeName);
        String label = storeName + (variant == null ? "" : " (" + variant + ")");
        ctx.table().goal(NAME, label + ": rotations/s, " + threads + " thread" + (threads == 1 ? "" : "s")
                        + " (p50/p99 " + Format.millis(o.latencies().percentileMillis(50)) + "/"
                        + Format.millis(o.latencies().percentileMillis(99)) + " ms)",
                Format.rate(o.perSecond()) + "/s", ">= " + Format.rate(goal) + "/s", o.perSecond() >= goal);
    }

    /**
     * What bounds one PostgreSQL rotation on a single thread: the client-server round trip and the WAL flush of
     * each commit. Measures both, then the single-thread rotation rate with {@code synchronous_commit=off} (no
     * flush wait at commit; a crash may lose the last few hundred milliseconds of rotations).
     */
    private static void postgresFloor(RunContext ctx, String url) throws Exception {
        ctx.progress("postgres: round trip and commit flush, 1 thread");
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE bench_flush (n bigint)");
            }
            Latencies roundTrip = Load.sequential(0.5, 2_000, (t, n) -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                    ps.executeQuery().close();
                }
            });
            Latencies flushed = flushedCommits(c, "on");
            Latencies unflushed = flushedCommits(c, "off");
            ctx.table().info(NAME, "postgres: one round trip (SELECT 1, auto-commit), p50/p90/p99",
                    roundTrip.summaryMillis());
            ctx.table().info(NAME, "postgres: insert + commit, synchronous_commit=on (waits for the WAL flush), "
                    + "p50/p90/p99", flushed.summaryMillis());
            ctx.table().info(NAME, "postgres: insert + commit, synchronous_commit=off, p50/p90/p99",
                    unflushed.summaryMillis());
        }
        String asyncUrl = url + (url.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff";
        StoreTarget target = DurableStores.postgres(asyncUrl);
        AccountStore store = target.openEmpty();
        try {
            steady(ctx, "postgres", store, 1, "synchronous_commit=off");
        } finally {
            target.close(store);
        }
    }

    private static Latencies flushedCommits(Connection c, String synchronousCommit) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = " + synchronousCommit);
        }
        c.setAutoCommit(false);
        try {
            return Load.sequential(0.5, 2_000, (t, n) -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_flush VALUES (?)")) {
                    ps.setLong(1, n);
                    ps.executeUpdate();
                }
                c.commit();
            });
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void tightLoop(RunContext ctx, String storeName, AccountStore store) throws Exception {
        Profile p = ctx.profile();
        PdsAccounts pds = Fixtures.pds(store, new Fixtures.PrecomputedHasher(Fixtures.argon2v1()));
        // Warm the JIT on one session, then measure a fresh one from its first rotation.
        String[] warm = {pds.accounts().createAccount(Fixtures.freshInput()).refreshJwt()};
        Load.run(1, 0, p.warmupSeconds(), (t, n) -> warm[0] = pds.sessions().refreshSession(warm[0]).refreshJwt());
        CreateAccountOutput account = pds.accounts().createAccount(Fixtures.freshInput());
        String[] token = {account.refreshJwt()};
        ctx.progress(storeName + ": refreshSession, one session in a tight loop, real clock");
        double seconds = Math.max(2, p.throughputSeconds() / 2.0);
        Load.Outcome o = Load.run(1, 0, seconds, (t, n) -> token[0] = pds.sessions().refreshSession(token[0])
                .refreshJwt());
        int rows = store.refreshTokensOf(account.did()).size();
        ctx.table().info(NAME, storeName + ": rotations/s, one session in a tight loop, real clock, 1 thread ("
                        + rows + " rows in grace at the end; p50/p99 " + Format.millis(o.latencies()
                        .percentileMillis(50)) + "/" + Format.millis(o.latencies().percentileMillis(99)) + " ms)",
                Format.rate(o.perSecond()) + "/s");
    }
}
