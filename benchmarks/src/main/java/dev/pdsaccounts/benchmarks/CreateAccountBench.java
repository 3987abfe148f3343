package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.store.AccountStore;
import java.time.Clock;

/**
 * Load driver: password hashing alone against {@code createAccount} in process, per store.
 *
 * <ul>
 *   <li>Hash latency (Argon2id v1, reference scrypt) on one thread, and hashes/s with every core busy.</li>
 *   <li>Per store: {@code createAccount} with Argon2id v1 on one thread, its samples interleaved with
 *       hash-alone samples (so both see the same machine noise); the overhead above the hash measured
 *       directly with a hasher that returns a precomputed hash (goal at p50: 0.5 ms memory, 2 ms SQLite);
 *       and accounts/s with 2 threads per core (goal: 0.9 x cores / hash time).</li>
 * </ul>
 */
public final class CreateAccountBench implements Bench {
    /** The name {@code --only} takes. */
    public static final String NAME = "create-account";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "hashing alone vs createAccount per store: overhead above the hash, accounts/s on all cores";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Profile p = ctx.profile();
        ResultTable table = ctx.table();
        int cores = Machine.cores();
        Argon2idHasher argon = Fixtures.argon2v1();
        ReferenceScryptHasher scrypt = new ReferenceScryptHasher();

        ctx.progress("hashing alone, 1 thread");
        Latencies argonLat = hashLatency(argon, p);
        Latencies scryptLat = hashLatency(scrypt, p);
        table.info(NAME, "hash alone, argon2id v1 (m=19MiB,t=2,p=1), 1 thread p50/p90/p99",
                argonLat.summaryMillis());
        table.info(NAME, "hash alone, reference scrypt (N=16384,r=8,p=1), 1 thread p50/p90/p99",
                scryptLat.summaryMillis());
        ctx.progress("hashing alone, " + cores + " threads");
        Load.Outcome argonRate = Load.run(cores, 1, p.throughputSeconds(), (t, n) -> argon.hash(Fixtures.PASSWORD));
        Load.Outcome scryptRate = Load.run(cores, 1, p.throughputSeconds(), (t, n) -> scrypt.hash(Fixtures.PASSWORD));
        table.info(NAME, "hashes/s alone, argon2id v1, " + cores + " threads", Format.rate(argonRate.perSecond()) + "/s");
        table.info(NAME, "hashes/s alone, reference scrypt, " + cores + " threads",
                Format.rate(scryptRate.perSecond()) + "/s");

        double hashSeconds = argonLat.percentileNanos(50) / 1e9;
        double goalRate = 0.9 * cores / hashSeconds;

        for (StoreTarget target : StoreTarget.all(ctx, NAME, false)) {
            AccountStore store = target.openEmpty();
            try {
                runOn(ctx, target.name(), store, argon, goalRate);
            } finally {
                target.close(store);
            }
        }
        table.note(NAME + ": 'overhead' is createAccount with a hasher returning a precomputed Argon2id hash (all"
                + " other work: validation, secp256k1 key, signed PLC genesis op + in-memory PLC directory, two JWTs,"
                + " store insert); 'PLC directory stubbed' leaves out the in-memory directory's validation of the"
                + " genesis op (a remote call in production). The accounts/s goal is 0.9 x cores / single-thread hash p50 of the same run.");
    }

    private static void runOn(RunContext ctx, String store, AccountStore accountStore, Argon2idHasher argon,
                              double goalRate) throws Exception {
        Profile p = ctx.profile();
        ResultTable table = ctx.table();
        int cores = Machine.cores();
        PdsAccounts real = Fixtures.pds(accountStore, argon);
        PdsAccounts noHash = Fixtures.pds(accountStore, new Fixtures.PrecomputedHasher(argon));

        ctx.progress(store + ": createAccount without hashing, 1 thread");
        Latencies over = Load.sequential(p.warmupSeconds(), p.cheapLatencySamples(),
                (t, n) -> noHash.accounts().createAccount(Fixtures.freshInput()));
        PdsAccounts noHashNoPlc = Fixtures.pds(accountStore, new Fixtures.PrecomputedHasher(argon),
                Clock.systemUTC(), new Fixtures.NullPlcDirectory());
        Latencies overNoPlc = Load.sequential(p.warmupSeconds() / 2, p.cheapLatencySamples(),
                (t, n) -> noHashNoPlc.accounts().createAccount(Fixtures.freshInput()));

        ctx.progress(store + ": createAccount with argon2id v1 interleaved with hashing alone, 1 thread");
        for (int i = 0; i < p.warmupSamples(); i++) {
            real.accounts().createAccount(Fixtures.freshInput());
        }
        Latencies hash = new Latencies();
        Latencies create = new Latencies();
        for (int i = 0; i < p.latencySamples(); i++) {
            long t0 = System.nanoTime();
            argon.hash(Fixtures.PASSWORD);
            long t1 = System.nanoTime();
            real.accounts().createAccount(Fixtures.freshInput());
            long t2 = System.nanoTime();
            hash.add(t1 - t0);
            create.add(t2 - t1);
        }
        double overheadBySubtraction = create.percentileMillis(50) - hash.percentileMillis(50);
        table.info(NAME, store + ": createAccount argon2id v1, 1 thread p50/p90/p99", create.summaryMillis());
        table.info(NAME, store + ": hash alone interleaved with it, p50/p90/p99", hash.summaryMillis());
        table.info(NAME, store + ": p50 createAccount - p50 hash", Format.millis(overheadBySubtraction) + " ms");
        overheadRow(table, store, "overhead above the hash", over);
        overheadRow(table, store, "overhead above the hash, PLC directory stubbed", overNoPlc);
        if (store.equals("postgres")) {
            JdbcCounts.Snapshot before = DurableStores.POSTGRES_COUNTS.snapshot();
            int calls = 100;
            Load.sequential(0, calls, (t, n) -> noHashNoPlc.accounts().createAccount(Fixtures.freshInput()));
            table.info(NAME, store + ": database work per createAccount",
                    DurableStores.POSTGRES_COUNTS.snapshot().perOperation(before, calls));
        }

        int threads = 2 * cores;
        ctx.progress(store + ": createAccount argon2id v1, " + threads + " threads, " + p.throughputSeconds() + " s");
        Load.Outcome rate = Load.run(threads, p.warmupSeconds(), p.throughputSeconds(),
                (t, n) -> real.accounts().createAccount(Fixtures.freshInput()));
        table.goal(NAME, store + ": accounts/s argon2id v1, " + threads + " threads (p50 " + Format.millis(
                        rate.latencies().percentileMillis(50)) + " ms)", Format.rate(rate.perSecond()) + "/s",
                ">= " + Format.rate(goalRate) + "/s", rate.perSecond() >= goalRate);
    }

    private static void overheadRow(ResultTable table, String store, String what, Latencies lat) {
        String metric = store + ": " + what + ", p50/p90/p99";
        double p50 = lat.percentileMillis(50);
        switch (store) {
            case "memory":
                table.goal(NAME, metric, lat.summaryMillis(), "p50 <= 0.5 ms", p50 <= 0.5);
                break;
            case "sqlite":
                table.goal(NAME, metric, lat.summaryMillis(), "p50 <= 2 ms", p50 <= 2.0);
                break;
            default:
                table.info(NAME, metric, lat.summaryMillis());
                break;
        }
    }

    private static Latencies hashLatency(PasswordHasher hasher, Profile p) throws Exception {
        return Load.sequential(1, p.latencySamples(), (t, n) -> hasher.hash(Fixtures.PASSWORD));
    }
}
