package dev.pdsaccounts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The reference PDS's app-password hash ({@code account-manager/helpers/scrypt.ts}, {@code hashAppPassword}):
 * the {@link ReferenceScryptHasher} format {@code <saltHex>:<hashHex>} with the deterministic salt = hex of the
 * first 16 bytes of SHA-256(UTF-8 DID), so the stored value can be found by equality and a reference PDS's
 * app passwords keep working.
 *
 * <p>Each computation takes 16 MiB ({@code N=16384, r=8}); at most {@code maxConcurrent} run at once per
 * instance (default: the number of available processors), so a burst of failed logins, each of which pays one
 * app-password hash, cannot take unbounded memory. Waiters are served in order. Thread-safe.
 */
public final class ReferenceAppPasswordHasher implements AppPasswordHasher {
    private static final int REFERENCE_N = 16384;
    /** The cost {@link #forTestsOnly()} uses: the smallest scrypt work factor worth running. */
    private static final int TEST_N = 16;
    private static final int SALT_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final int n;
    private final HashingPermits permits;

    /** The reference parameters, with the default concurrency cap. */
    public ReferenceAppPasswordHasher() {
        this(HashingPermits.defaultPermits());
    }

    /**
     * The reference parameters, with an explicit concurrency cap.
     *
     * @param maxConcurrent the most computations this instance runs at once; at least 1
     * @throws IllegalArgumentException when {@code maxConcurrent} is below 1
     */
    public ReferenceAppPasswordHasher(int maxConcurrent) {
        this(REFERENCE_N, maxConcurrent);
    }

    private ReferenceAppPasswordHasher(int n, int maxConcurrent) {
        this.n = n;
        this.permits = new HashingPermits(maxConcurrent);
    }

    /**
     * Tests only: the same format and salt with scrypt {@code N=16} instead of 16384, so a test suite that logs
     * in thousands of times does not spend its time in scrypt. Its hashes are not the reference's (a reference
     * PDS's app passwords do not log in) and are cheap to guess: never use it in production.
     *
     * @return an insecure, fast hasher
     */
    public static ReferenceAppPasswordHasher forTestsOnly() {
        return new ReferenceAppPasswordHasher(TEST_N, HashingPermits.defaultPermits());
    }

    @Override
    public String hash(String appPassword, String did) {
        Utf8.requirePassword(appPassword);
        Objects.requireNonNull(did, "did");
        String saltHex = HEX.formatHex(Arrays.copyOf(sha256(did.getBytes(StandardCharsets.UTF_8)), SALT_BYTES));
        return permits.call(() -> saltHex + ":" + ReferenceScryptHasher.derive(appPassword, saltHex, n));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "ReferenceAppPasswordHasher[N=" + n + ",r=8,p=1,dkLen=64,maxConcurrent=" + permits.permits() + "]";
    }
}
