package dev.pdsaccounts.benchmarks.jmh;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.benchmarks.Fixtures;
import dev.pdsaccounts.benchmarks.SteppingClock;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.session.RefreshClaims;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one {@code refreshSession} rotation is made of, on the in-memory store: minting the refresh JWT,
 * verifying it, and the whole rotation (verify, account and row lookups, sweep, an access and a refresh JWT,
 * the compare-and-set rotation). The clock steps forward after each rotation so that a session is refreshed
 * again only after its previous token's grace window, as in {@code RefreshBench}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class SessionBenchmarks {
    static final int CHAINS = 4;

    PdsAccounts pds;
    SteppingClock clock;
    SessionTokens tokens;
    String refreshJwt;
    long step;

    /** Wires the service over an in-memory store with a stepping clock. */
    @Setup
    public void setUp() {
        clock = new SteppingClock();
        pds = Fixtures.pds(new InMemoryAccountStore(), new Fixtures.PrecomputedHasher(Fixtures.argon2v1()), clock);
        tokens = Fixtures.sessionTokens(pds, clock);
        refreshJwt = tokens.createRefreshToken(TokenBenchmarks.ACCOUNT_DID, SessionTokens.newJti(
                Fixtures.RANDOM), Duration.ofDays(90));
        // A thread comes back to a session after CHAINS rotations (more with more threads), by then at least
        // 2 x grace later: the session's previous token has left its grace window.
        step = 2 * PdsConfig.DEFAULT_REFRESH_GRACE_PERIOD.toMillis() / CHAINS + 1;
    }

    /** The sessions one benchmark thread rotates in turn. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Chains {
        final String[] tokens = new String[CHAINS];
        int next;

        /**
         * Creates the accounts whose sessions this thread rotates.
         *
         * @param b the benchmark state
         */
        @Setup
        public void setUp(SessionBenchmarks b) {
            for (int i = 0; i < CHAINS; i++) {
                tokens[i] = b.pds.accounts().createAccount(Fixtures.freshInput()).refreshJwt();
            }
        }
    }

    /**
     * Minting a refresh JWT.
     *
     * @return the compact JWS
     */
    @Benchmark
    public String createRefreshToken() {
        return tokens.createRefreshToken(TokenBenchmarks.ACCOUNT_DID, "jti-benchmark-0123456789abcdefghijklmnopqrstu",
                Duration.ofDays(90));
    }

    /**
     * Verifying a refresh JWT.
     *
     * @return the claims
     */
    @Benchmark
    public RefreshClaims verifyRefreshToken() {
        return tokens.verifyRefreshToken(refreshJwt, false);
    }

    /**
     * One whole rotation.
     *
     * @param c the thread's sessions
     * @return the new session
     */
    @Benchmark
    public SessionOutput refreshSession(Chains c) {
        int i = c.next;
        c.next = (i + 1) % CHAINS;
        SessionOutput out = pds.sessions().refreshSession(c.tokens[i]);
        c.tokens[i] = out.refreshJwt();
        clock.advanceMillis(step);
        return out;
    }
}
