package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.crypto.Argon2Parameters;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service and the data every benchmark uses: a {@link PdsAccounts} wired like the testkit's
 * {@code TestPds} (service {@code pds.test}, handle domain {@code .test}, invites not required), a hasher that
 * skips hashing, and deterministic precomputed account rows for populating stores.
 */
public final class Fixtures {
    /** The password of every account the benchmarks create. */
    public static final String PASSWORD = "correct-horse-battery-staple";
    /** The randomness every benchmark service shares. */
    public static final SecureRandom RANDOM = new SecureRandom();
    /** The development secrets every benchmark service is built with, so a benchmark can mint its own tokens. */
    public static final PdsSecrets SECRETS = PdsSecrets.generateForDevelopment(RANDOM);
    /** The handle domain of the benchmark service. */
    public static final String DOMAIN = ".test";

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final AtomicLong NAMES = new AtomicLong();
    private static final String RUN = Long.toString(System.nanoTime() & 0xffffff, 36);

    private Fixtures() {}

    /**
     * The service over {@code store} with {@code hasher}: {@code pds.test}, handles under {@code .test}, no
     * invite required, development secrets, the default in-memory PLC directory and mailer.
     *
     * @param store the store
     * @param hasher the password hasher
     * @return the service
     */
    public static PdsAccounts pds(AccountStore store, PasswordHasher hasher) {
        return pds(store, hasher, Clock.systemUTC());
    }

    /**
     * {@link #pds(AccountStore, PasswordHasher)} with a given clock.
     *
     * @param store the store
     * @param hasher the password hasher
     * @param clock the clock every use case reads
     * @return the service
     */
    public static PdsAccounts pds(AccountStore store, PasswordHasher hasher, Clock clock) {
        return pds(store, hasher, clock, null);
    }

    /**
     * {@link #pds(AccountStore, PasswordHasher, Clock)} with a given PLC directory.
     *
     * @param store the store
     * @param hasher the password hasher
     * @param clock the clock every use case reads
     * @param directory the PLC directory, or null for the in-memory development double
     * @return the service
     */
    public static PdsAccounts pds(AccountStore store, PasswordHasher hasher, Clock clock, PlcDirectory directory) {
        PdsAccounts.OptionalStage b = builder(store, hasher, clock);
        if (directory != null) {
            b.plcDirectory(directory);
        }
        return b.build();
    }

    /**
     * The builder behind {@link #pds(AccountStore, PasswordHasher, Clock)}, for benchmarks that set more.
     *
     * @param store the store
     * @param hasher the password hasher
     * @param clock the clock every use case reads
     * @return the builder, ready to build
     */
    public static PdsAccounts.OptionalStage builder(AccountStore store, PasswordHasher hasher, Clock clock) {
        SecureRandom rnd = RANDOM;
        return PdsAccounts.builder()
                .config(PdsConfig.builder("pds.test").serviceHandleDomains(List.of(DOMAIN)).inviteRequired(false)
                        .build())
                .secrets(SECRETS)
                .store(store)
                .random(rnd)
                .clock(clock)
                .passwordHasher(hasher)
                .developmentDoubles(); // benchmarks measure the library, not a directory or mail server
    }

    /**
     * A session-token codec over the benchmark services' secret (what the library uses inside, for benchmarks
     * that mint or verify tokens directly).
     *
     * @param pds   the service whose configuration (service DID, clock skew) the tokens follow
     * @param clock the clock
     * @return the codec
     */
    public static SessionTokens sessionTokens(PdsAccounts pds, Clock clock) {
        return new SessionTokens(SECRETS.jwtSecret(), pds.config().serviceDid(), clock, pds.config().tokenClockSkew());
    }

    /**
     * The production-default hasher: Argon2id with {@link Argon2Parameters#v1()} and the default concurrency
     * cap (one hash per available processor).
     *
     * @return a new hasher
     */
    public static Argon2idHasher argon2v1() {
        return new Argon2idHasher(Argon2Parameters.v1());
    }

    /**
     * A createAccount input with a fresh, never used handle and email.
     *
     * @return the input (handle {@code c<run>x<n>.test}, email {@code c<run>x<n>@mail.test})
     */
    public static CreateAccountInput freshInput() {
        String name = "c" + RUN + "x" + Long.toString(NAMES.incrementAndGet(), 36);
        return CreateAccountInput.builder().handle(name + DOMAIN).email(name + "@mail.test").password(PASSWORD)
                .build();
    }

    /**
     * The handle of precomputed row {@code i}: random-looking (so inserts do not append in index order) and
     * deterministic (so lookups can pick any row without keeping a list).
     *
     * @param i the row number
     * @return e.g. {@code hq3z...k.test}
     */
    public static String handleOf(long i) {
        return "h" + base32(mix(i, 0x51), 12) + DOMAIN;
    }

    /**
     * The email of precomputed row {@code i}.
     *
     * @param i the row number
     * @return e.g. {@code ek2...@mail.test}
     */
    public static String emailOf(long i) {
        return "e" + base32(mix(i, 0x52), 12) + "@mail.test";
    }

    /**
     * The DID of precomputed row {@code i}: {@code did:plc:} and 24 base32 characters.
     *
     * @param i the row number
     * @return the DID
     */
    public static String didOf(long i) {
        return "did:plc:" + base32(mix(i, 0x53), 12) + base32(mix(i, 0x54), 12);
    }

    /**
     * Precomputed row {@code i}: what {@code createAccount} stores, without computing it (the password hash and
     * signing key are given, the DID, handle and email derive from {@code i}), with one refresh-token row like
     * the first session of a real sign-up.
     *
     * @param i the row number
     * @param passwordHash the stored hash every row gets (e.g. one Argon2id v1 hash computed once)
     * @param signingKeyHex a signing key every row gets (64 hex characters)
     * @param now the creation time
     * @return the row
     */
    public static NewAccount row(long i, String passwordHash, String signingKeyHex, Instant now) {
        String did = didOf(i);
        Account account = Account.newAccount(did, handleOf(i), Optional.of(emailOf(i)), Optional.of(passwordHash),
                now, Optional.of(signingKeyHex));
        RefreshToken token = new RefreshToken("rt" + base32(mix(i, 0x55), 12) + base32(mix(i, 0x56), 12), did,
                now.plus(Duration.ofDays(90)), Optional.empty(), Optional.empty());
        return new NewAccount(account, Optional.empty(), Optional.of(token));
    }

    /**
     * A random signing key in hex (not a checked secp256k1 scalar; rows only store it).
     *
     * @param rnd the randomness
     * @return 64 hex characters
     */
    public static String randomKeyHex(SecureRandom rnd) {
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * SplitMix64 of {@code i} in stream {@code stream}: a bijection on 64 bits; names keep 60 of them, so 1M rows
     * share a name with probability below 1e-6.
     */
    static long mix(long i, long stream) {
        long z = i * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String base32(long v, int chars) {
        char[] c = new char[chars];
        for (int k = 0; k < chars; k++) {
            c[k] = BASE32[(int) (v & 31)];
            v >>>= 5;
        }
        return new String(c);
    }

    /**
     * A hasher for measuring everything but the hash: {@link #hash} returns one hash computed at construction
     * by {@code real}; {@link #verify}, {@link #needsRehash} and {@link #supports} delegate to {@code real}.
     */
    public static final class PrecomputedHasher implements PasswordHasher {
        private final PasswordHasher real;
        private final String hash;

        /**
         * Computes the one hash {@link #hash} will return.
         *
         * @param real the hasher whose output format to reproduce
         */
        public PrecomputedHasher(PasswordHasher real) {
            this.real = real;
            this.hash = real.hash(PASSWORD);
        }

        /**
         * The precomputed hash.
         *
         * @return the hash every call of {@link #hash} returns
         */
        public String precomputed() {
            return hash;
        }

        @Override
        public String hash(String password) {
            return hash;
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return real.verify(password, storedHash);
        }

        @Override
        public boolean needsRehash(String storedHash) {
            return real.needsRehash(storedHash);
        }

        @Override
        public boolean supports(String storedHash) {
            return real.supports(storedHash);
        }

        @Override
        public String toString() {
            return "PrecomputedHasher[" + real + "]";
        }
    }

    /**
     * A PLC directory that accepts every operation and knows no DID: what the library costs without the
     * in-memory directory's validation and bookkeeping (in production the directory is a remote service).
     */
    public static final class NullPlcDirectory implements PlcDirectory {
        @Override
        public void submit(String did, Map<String, Object> signedOp) {
            // Accepted and forgotten.
        }

        @Override
        public Optional<Map<String, Object>> resolveDocument(String did) {
            return Optional.empty();
        }

        @Override
        public Optional<Map<String, Object>> lastOperation(String did) {
            return Optional.empty();
        }

        @Override
        public List<Map<String, Object>> auditLog(String did) {
            return List.of();
        }
    }
}
