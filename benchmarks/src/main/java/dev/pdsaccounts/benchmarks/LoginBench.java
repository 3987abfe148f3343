package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.store.AccountStore;

/**
 * Load driver: {@code createSession} latency for an unknown identifier and for a wrong password, side by side
 * (p50/p90/p99), with a successful login for reference. The three kinds are interleaved call by call, so they
 * share the machine's noise. Argon2id v1 with the default cap, in-memory store, one thread.
 */
final class LoginBench implements Bench {
    static final String NAME = "login";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "createSession latency: unknown identifier vs wrong password vs success (argon2id v1, memory)";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Profile p = ctx.profile();
        StoreTarget target = StoreTarget.memory();
        AccountStore store = target.openEmpty();
        try {
            Argon2idHasher argon = Fixtures.argon2v1();
            PdsAccounts pds = Fixtures.pds(store, argon);
            CreateAccountInput in = Fixtures.freshInput();
            pds.accounts().createAccount(in);
            String known = in.handle();
            Latencies unknown = new Latencies();
            Latencies wrong = new Latencies();
            Latencies ok = new Latencies();
            int n = p.latencySamples();
            ctx.progress("createSession: unknown identifier, wrong password, success; " + n + " samples each");
            for (int i = -p.warmupSamples(); i < n; i++) {
                String nobody = "nobody" + i + "x" + System.nanoTime() + Fixtures.DOMAIN;
                long t0 = System.nanoTime();
                expectFailure(pds, nobody, Fixtures.PASSWORD);
                long t1 = System.nanoTime();
                expectFailure(pds, known, Fixtures.PASSWORD + "-wrong");
                long t2 = System.nanoTime();
                pds.sessions().createSession(CreateSessionInput.of(known, Fixtures.PASSWORD));
                long t3 = System.nanoTime();
                if (i >= 0) {
                    unknown.add(t1 - t0);
                    wrong.add(t2 - t1);
                    ok.add(t3 - t2);
                }
            }
            ctx.table().info(NAME, "createSession unknown identifier, p50/p90/p99", unknown.summaryMillis());
            ctx.table().info(NAME, "createSession wrong password, p50/p90/p99", wrong.summaryMillis());
            ctx.table().info(NAME, "createSession success, p50/p90/p99", ok.summaryMillis());
            ctx.table().info(NAME, "p50 unknown - p50 wrong password",
                    Format.millis(unknown.percentileMillis(50) - wrong.percentileMillis(50)) + " ms");
        } finally {
            target.close(store);
        }
        ctx.table().note(NAME + ": both failures verify one Argon2id hash (a dummy one for an unknown identifier)"
                + " and compute one reference-scrypt app-password hash; a success verifies only.");
    }

    private static void expectFailure(PdsAccounts pds, String identifier, String password) {
        try {
            pds.sessions().createSession(CreateSessionInput.of(identifier, password));
        } catch (LexiconException e) {
            return;
        }
        throw new IllegalStateException("login of " + identifier + " should have failed");
    }
}
