package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Load driver: lookups by handle, email and DID, and {@code createAccount}, with growing numbers of accounts
 * already stored (goal: p50 at the largest population within 1.2x of the smallest), on SQLite and PostgreSQL;
 * and how long populating takes.
 *
 * <p>Populating inserts precomputed rows through the store's own {@code createAccount(NewAccount)}: every row
 * carries the same Argon2id v1 hash (computed once), a random 64-hex signing key and one refresh-token row;
 * handles, emails and DIDs are random-looking and unique. {@code createAccount} is timed with a hasher that
 * returns a precomputed hash, so the figure is the store's share and not the 20+ ms of hashing.
 */
final class ScaleBench implements Bench {
    static final String NAME = "scale";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "lookups by handle/email/DID and createAccount vs stored accounts (SQLite, PostgreSQL); population time";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        for (StoreTarget target : StoreTarget.all(ctx, NAME, true)) {
            AccountStore store = target.openEmpty();
            try {
                runOn(ctx, target.name(), store);
            } finally {
                target.close(store);
            }
        }
        ctx.table().note(NAME + ": populated with precomputed rows through the store's createAccount(NewAccount)"
                + " (one shared Argon2id v1 hash string, random signing keys, one refresh-token row each; "
                + "PostgreSQL with 8 inserting threads, SQLite with 2); lookups pick random existing rows;"
                + " createAccount is the whole use case with a precomputed hash.");
    }

    private static void runOn(RunContext ctx, String storeName, AccountStore store) throws Exception {
        Profile p = ctx.profile();
        String hash = Fixtures.argon2v1().hash(Fixtures.PASSWORD);
        PdsAccounts pds = Fixtures.pds(store, new Fixtures.PrecomputedHasher(Fixtures.argon2v1()));
        int writers = storeName.equals("postgres") ? 8 : 2;
        long stored = 0;
        List<double[]> firstAndLast = new ArrayList<>();
        String[] metrics = {"findAccountByHandle", "findAccountByEmail", "findAccountByDid",
                "createAccount (hash precomputed)"};
        for (int population : p.populations()) {
            long from = stored;
            ctx.progress(storeName + ": populating " + from + " -> " + population + " accounts, " + writers
                    + " threads");
            long t0 = System.nanoTime();
            populate(store, hash, from, population, writers);
            double secs = (System.nanoTime() - t0) / 1e9;
            stored = population;
            ctx.table().info(NAME, storeName + ": populate " + from + " -> " + population,
                    Format.seconds(secs) + " (" + Format.rate((population - from) / secs) + " rows/s)");

            SplittableRandom rnd = new SplittableRandom(population);
            long n = population;
            List<LongFunction<Object>> ops = List.of(
                    i -> store.findAccountByHandle(Fixtures.handleOf(i)).orElseThrow(),
                    i -> store.findAccountByEmail(Fixtures.emailOf(i)).orElseThrow(),
                    i -> store.findAccountByDid(Fixtures.didOf(i)).orElseThrow(),
                    i -> pds.accounts().createAccount(Fixtures.freshInput()));
            double[] p50s = new double[ops.size()];
            for (int m = 0; m < ops.size(); m++) {
                LongFunction<Object> op = ops.get(m);
                ctx.progress(storeName + " @" + population + ": " + metrics[m]);
                Latencies lat = Load.sequential(p.warmupSeconds() / 2, p.cheapLatencySamples(),
                        (t, k) -> op.apply(rnd.nextLong(n)));
                p50s[m] = lat.percentileMillis(50);
                ctx.table().info(NAME, storeName + " @" + population + ": " + metrics[m] + " p50/p90/p99",
                        lat.summaryMillis());
            }
            firstAndLast.add(p50s);
        }
        double[] first = firstAndLast.get(0);
        double[] last = firstAndLast.get(firstAndLast.size() - 1);
        int small = p.populations().get(0);
        int large = p.populations().get(p.populations().size() - 1);
        for (int m = 0; m < metrics.length; m++) {
            double ratio = last[m] / first[m];
            ctx.table().goal(NAME, storeName + ": " + metrics[m] + " p50 @" + large + " / @" + small,
                    Format.ratio(ratio) + " (" + Format.millis(first[m]) + " -> " + Format.millis(last[m]) + " ms)",
                    "<= 1.20x", ratio <= 1.2);
        }
    }

    /** Inserts rows {@code from} (inclusive) to {@code to} (exclusive) on {@code threads} threads. */
    static void populate(AccountStore store, String hash, long from, long to, int threads) throws Exception {
        AtomicLong next = new AtomicLong(from);
        Instant now = Instant.now();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                SecureRandom rnd = new SecureRandom();
                try {
                    for (long i; (i = next.getAndIncrement()) < to; ) {
                        NewAccount row = Fixtures.row(i, hash, Fixtures.randomKeyHex(rnd), now);
                        CreateAccountResult r = store.inTransaction(tx -> AccountChanges.createAccount(tx, row));
                        if (!(r instanceof CreateAccountResult.Created)) {
                            throw new IllegalStateException("row " + i + " not created: " + r);
                        }
                    }
                } catch (RuntimeException | Error e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    next.set(to);
                }
            }, "populate-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("populating failed", failures.get(0));
        }
    }
}
