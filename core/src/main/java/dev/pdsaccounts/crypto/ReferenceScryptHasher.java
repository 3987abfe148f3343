package dev.pdsaccounts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The reference PDS's password format ({@code helpers/scrypt.ts}): {@code <saltHex>:<hashHex>}, where the
 * salt is 16 random bytes written as 32 lower-case hex characters and the hash is
 * {@code scrypt(N=16384, r=8, p=1, dkLen=64)} of the UTF-8 password with the salt's hex TEXT (its ASCII
 * bytes) as the scrypt salt, written as 128 lower-case hex characters (161 characters in all).
 *
 * <p>Used to verify accounts imported from a reference PDS (login then rehashes them to Argon2id through
 * {@link DelegatingPasswordHasher}); app passwords use the same scrypt with a per-account salt
 * ({@link ReferenceAppPasswordHasher}). {@link #hash} also
 * produces the format, for tests and benchmarks.
 *
 * <p>Each computation takes 16 MiB; at most {@code maxConcurrent} run at once per instance (default: the
 * number of available processors). Thread-safe.
 */
public final class ReferenceScryptHasher implements PasswordHasher {
    private static final int N = 16384;
    private static final int R = 8;
    private static final int P = 1;
    private static final int KEY_LENGTH = 64;
    private static final int SALT_BYTES = 16;
    private static final int SALT_HEX_LENGTH = SALT_BYTES * 2;
    private static final int HASH_HEX_LENGTH = KEY_LENGTH * 2;
    private static final int STORED_LENGTH = SALT_HEX_LENGTH + 1 + HASH_HEX_LENGTH;
    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random;
    private final HashingPermits permits;

    /** A hasher with its own {@link SecureRandom} and the default concurrency cap. */
    public ReferenceScryptHasher() {
        this(new SecureRandom());
    }

    /**
     * A hasher drawing salts from {@code random}, with the default concurrency cap.
     *
     * @param random the salt source
     */
    public ReferenceScryptHasher(SecureRandom random) {
        this(random, HashingPermits.defaultPermits());
    }

    /**
     * A hasher drawing salts from {@code random}, with an explicit concurrency cap.
     *
     * @param random the salt source
     * @param maxConcurrent the most scrypt computations this instance runs at once; at least 1
     */
    public ReferenceScryptHasher(SecureRandom random, int maxConcurrent) {
        this.random = Objects.requireNonNull(random, "random");
        this.permits = new HashingPermits(maxConcurrent);
    }

    @Override
    public String hash(String password) {
        Utf8.requirePassword(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        String saltHex = HEX.formatHex(salt);
        return permits.call(() -> saltHex + ":" + derive(password, saltHex));
    }

    @Override
    public boolean verify(String password, String storedHash) {
        if (password == null || !supports(storedHash)) {
            return false;
        }
        String saltHex = storedHash.substring(0, SALT_HEX_LENGTH);
        String expected = storedHash.substring(SALT_HEX_LENGTH + 1);
        String actual = permits.call(() -> derive(password, saltHex));
        return ConstantTime.equals(actual, expected);
    }

    /** Always {@code false} for this format (its parameters are fixed), {@code true} for anything else. */
    @Override
    public boolean needsRehash(String storedHash) {
        return !supports(storedHash);
    }

    /** {@code true} for exactly 32 lower-case hex characters, a colon and 128 lower-case hex characters. */
    @Override
    public boolean supports(String storedHash) {
        if (storedHash == null || storedHash.length() != STORED_LENGTH || storedHash.charAt(SALT_HEX_LENGTH) != ':') {
            return false;
        }
        for (int i = 0; i < STORED_LENGTH; i++) {
            char c = storedHash.charAt(i);
            if (i != SALT_HEX_LENGTH && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The lower-case hex of scrypt(password UTF-8, salt text ASCII) with the reference parameters. */
    private static String derive(String password, String saltHex) {
        return derive(password, saltHex, N);
    }

    /**
     * The lower-case hex of scrypt(password UTF-8, salt text ASCII) with work factor {@code n} and the reference's
     * {@code r}, {@code p} and key length; shared with {@link ReferenceAppPasswordHasher}.
     */
    static String derive(String password, String saltHex, int n) {
        byte[] pw = Utf8.encode(password);
        byte[] key = null;
        try {
            key = SCrypt.generate(pw, saltHex.getBytes(StandardCharsets.US_ASCII), n, R, P, KEY_LENGTH);
            return HEX.formatHex(key);
        } finally {
            Utf8.wipe(pw);
            Utf8.wipe(key);
        }
    }

    @Override
    public String toString() {
        return "ReferenceScryptHasher[N=16384,r=8,p=1,dkLen=64,maxConcurrent=" + permits.permits() + "]";
    }
}
