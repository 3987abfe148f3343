package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.store.AccountStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Timing side channels of the unauthenticated use cases (issue 16): pairs of rows whose two sides must not be
 * distinguishable by their time, measured interleaved (the side of each call drawn at random on its own)
 * so that both share the machine's noise, with the medians, their difference and a Mann-Whitney U test (z with
 * tie correction; |z| &lt; 3 is the goal at 400 samples per side).
 *
 * <ul>
 *   <li>{@code requestPasswordReset} for a registered vs an unknown email, on every reachable store. The
 *       background executor is a one-thread pool; after each call the benchmark waits (untimed) until it
 *       is idle and its worker has parked, so only the caller's time is measured and no background write of one
 *       sample overlaps the next.</li>
 *   <li>{@code createSession} with an unknown identifier vs an existing one with a wrong password, the account
 *       holding 100 app passwords, on every reachable store, with the production hasher (Argon2id v1).</li>
 * </ul>
 */
final class TimingBench implements Bench {
    static final String NAME = "timing";
    /** Samples per side. */
    static final int SAMPLES = 400;
    private static final int APP_PASSWORDS = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "timing pairs: password reset registered vs unknown email; failed login unknown vs existing"
                + " account with 100 app passwords (interleaved, Mann-Whitney z)";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        for (StoreTarget target : StoreTarget.all(ctx, NAME, false)) {
            resetPair(ctx, target);
            loginPair(ctx, target);
        }
        ctx.table().note(NAME + ": " + SAMPLES + " samples per side, interleaved in random order; z is the"
                + " Mann-Whitney U statistic with tie correction (normal approximation): |z| < 3 means no"
                + " distinguishable difference. Reset: one-thread background executor, drained untimed after each"
                + " call. Login: Argon2id v1 and the reference-scrypt app-password hash on every failure; the"
                + " existing account holds " + APP_PASSWORDS + " app passwords.");
    }

    private void resetPair(RunContext ctx, StoreTarget target) throws Exception {
        AccountStore store = target.openEmpty();
        ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(16), r -> {
                    Thread t = new Thread(r, "bench-background");
                    t.setDaemon(true);
                    return t;
                });
        try {
            PdsAccounts pds = Fixtures.builder(store, Fixtures.argon2v1(), Clock.systemUTC())
                    .backgroundExecutor(background).build();
            CreateAccountInput in = Fixtures.freshInput();
            pds.accounts().createAccount(in);
            String known = in.email();
            ctx.progress(target.name() + ": requestPasswordReset registered vs unknown, " + SAMPLES + " each");
            // Every address is built before the timed loop, both sides the same way and in the order of the
            // calls (a fresh string of the same length copied from a char array, one after the other), so the
            // work just before each timed call and the address's place in memory are alike for both sides:
            // building the unknown address inside the loop (digits, a StringBuilder) once biased the pair.
            int warmup = ctx.profile().cheapLatencySamples();
            int[] sides = sides(warmup);
            String[] chosen = new String[sides.length];
            for (int i = 0; i < sides.length; i++) {
                chosen[i] = sides[i] == 0 ? known : unknownLike(known, 1_000_000_000L + i);
            }
            String[] emails = new String[sides.length];
            for (int i = 0; i < sides.length; i++) {
                emails[i] = new String(chosen[i].toCharArray());
            }
            Pair pair = measure(warmup, sides, (side, call) -> {
                String email = emails[call];
                long t0 = System.nanoTime();
                pds.email().requestPasswordReset(email);
                long t1 = System.nanoTime();
                drain(background);
                return t1 - t0;
            });
            pair.report(ctx, target.name() + ": requestPasswordReset", "registered email", "unknown email");
        } finally {
            background.shutdownNow();
            target.close(store);
        }
    }

    /** An address no account has, as long as {@code known}: its local part replaced by digits of {@code n}. */
    private static String unknownLike(String known, long n) {
        int at = known.indexOf('@');
        String digits = Long.toString(n);
        StringBuilder local = new StringBuilder("x");
        while (local.length() < at) {
            local.append(digits);
        }
        return local.substring(0, Math.max(1, at)) + known.substring(at);
    }

    private void loginPair(RunContext ctx, StoreTarget target) throws Exception {
        AccountStore store = target.openEmpty();
        try {
            PasswordHasher hasher = Fixtures.argon2v1();
            PdsAccounts pds = Fixtures.pds(store, hasher);
            CreateAccountInput in = Fixtures.freshInput();
            CreateAccountOutput out = pds.accounts().createAccount(in);
            for (int i = 0; i < APP_PASSWORDS; i++) {
                // Rows as the use case stores them (a reference-scrypt hash is 64+1+16 hex characters).
                store.insertAppPassword(new AppPassword(out.did(), "app-" + i,
                        String.format("%016x:%064x", i, i), Instant.now(), false));
            }
            String known = in.handle();
            ctx.progress(target.name() + ": createSession unknown vs existing with " + APP_PASSWORDS
                    + " app passwords, " + SAMPLES + " each");
            int warmup = ctx.profile().warmupSamples();
            Pair pair = measure(warmup, sides(warmup), (side, call) -> {
                String identifier = side == 0 ? known : "nobody" + System.nanoTime() + Fixtures.DOMAIN;
                long t0 = System.nanoTime();
                try {
                    pds.sessions().createSession(CreateSessionInput.of(identifier, Fixtures.PASSWORD + "-wrong"));
                    throw new IllegalStateException("login of " + identifier + " should have failed");
                } catch (LexiconException expected) {
                    return System.nanoTime() - t0;
                }
            });
            pair.report(ctx, target.name() + ": failed createSession", "existing account (" + APP_PASSWORDS
                    + " app passwords)", "unknown identifier");
        } finally {
            target.close(store);
        }
    }

    /** One timed call of side 0 or side 1 (the {@code call}-th call of the run), in nanoseconds. */
    private interface Sample {
        long call(int side, int call) throws Exception;
    }

    /**
     * The side of every call of a run: {@code warmup} calls alternating, then {@link #SAMPLES} calls per side, each
     * call's side drawn on its own (a fair coin while both sides still need samples), not in pairs. With pairs in
     * random order a side follows the other side 3 times in 4, so whatever one side leaves behind (a store's
     * background write still settling, evicted caches) lands mostly on the other side's samples and shows as a
     * difference that is not in the measured call. Drawn singly, each sample follows either side alike.
     */
    private static int[] sides(int warmup) {
        SplittableRandom random = new SplittableRandom(16);
        int[] sides = new int[warmup + 2 * SAMPLES];
        for (int i = 0; i < warmup; i++) {
            sides[i] = i % 2;
        }
        int na = 0;
        int nb = 0;
        for (int i = warmup; i < sides.length; i++) {
            boolean sideA = nb == SAMPLES || (na < SAMPLES && random.nextBoolean());
            sides[i] = sideA ? 0 : 1;
            if (sideA) {
                na++;
            } else {
                nb++;
            }
        }
        return sides;
    }

    private static Pair measure(int warmup, int[] sides, Sample sample) throws Exception {
        long[] a = new long[SAMPLES];
        long[] b = new long[SAMPLES];
        int na = 0;
        int nb = 0;
        for (int i = 0; i < sides.length; i++) {
            long nanos = sample.call(sides[i], i);
            if (i < warmup) {
                continue;
            }
            if (sides[i] == 0) {
                a[na++] = nanos;
            } else {
                b[nb++] = nanos;
            }
        }
        return new Pair(a, b);
    }

    private static void drain(ThreadPoolExecutor background) throws InterruptedException {
        CountDownLatch idle = new CountDownLatch(1);
        background.execute(idle::countDown);
        if (!idle.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the background executor did not drain");
        }
        // The worker counts the latch down before it goes back to wait for work; give it time to park, so each
        // timed submission finds it in the same state (parked) whatever the previous task was.
        LockSupport.parkNanos(200_000);
    }

    /** The two sides' samples. */
    private record Pair(long[] a, long[] b) {
        void report(RunContext ctx, String what, String aName, String bName) {
            double medianA = median(a) / 1e6;
            double medianB = median(b) / 1e6;
            ctx.table().info(NAME, what + ", " + aName + ", median", Format.millis(medianA) + " ms");
            ctx.table().info(NAME, what + ", " + bName + ", median", Format.millis(medianB) + " ms");
            double z = mannWhitneyZ(a, b);
            ctx.table().goal(NAME, what + ", difference of medians; Mann-Whitney z (" + SAMPLES + " each)",
                    String.format("%+.4f ms; z = %+.2f", medianA - medianB, z), "|z| < 3", Math.abs(z) < 3);
        }
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * The Mann-Whitney U test's z (normal approximation with tie correction): positive when {@code a} tends to
     * be larger than {@code b}.
     */
    static double mannWhitneyZ(long[] a, long[] b) {
        int n1 = a.length;
        int n2 = b.length;
        int n = n1 + n2;
        long[][] all = new long[n][];
        for (int i = 0; i < n1; i++) {
            all[i] = new long[] {a[i], 0};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new long[] {b[i], 1};
        }
        Arrays.sort(all, (x, y) -> Long.compare(x[0], y[0]));
        double rankSumA = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[j + 1][0] == all[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            int t = j - i + 1;
            tieTerm += (double) t * t * t - t;
            for (int k = i; k <= j; k++) {
                if (all[k][1] == 0) {
                    rankSumA += rank;
                }
            }
            i = j + 1;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        return variance == 0 ? 0 : (u - mean) / Math.sqrt(variance);
    }
}
