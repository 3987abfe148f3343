package dev.pdsaccounts.crypto;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashing through argon2-jvm (the native reference implementation via JNA), producing PHC
 * strings {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} with a 16-byte random salt
 * and a 32-byte hash.
 *
 * <p>Memory-hard work is capped: at most {@code maxConcurrent} hashes or verifications run at once (default:
 * the number of available processors); further callers wait their turn. Password bytes are wiped after use.
 * Stored hashes whose declared cost exceeds sanity bounds (1 GiB of memory, 100 iterations, 64 lanes) are
 * refused rather than computed, so a corrupted row cannot exhaust the host.
 *
 * <p>Thread-safe.
 */
public final class Argon2idHasher implements PasswordHasher {
    /** The PHC prefix of every hash this class reads and writes. */
    public static final String PREFIX = "$argon2id$";

    private static final int ARGON2_VERSION = 19;
    private static final int MAX_STORED_LENGTH = 512;
    private static final int MAX_VERIFY_MEMORY_KIB = 1 << 20;
    private static final int MAX_VERIFY_ITERATIONS = 100;
    private static final int MAX_VERIFY_PARALLELISM = 64;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=(\\d{1,3})\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})"
                    + "\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{6,}");

    private final Argon2 argon2;
    private final Argon2Parameters parameters;
    private final HashingPermits permits;

    /**
     * A hasher with the given parameters and the default concurrency cap (available processors).
     *
     * @param parameters the cost parameters new hashes use, e.g. {@link Argon2Parameters#v1()}
     */
    public Argon2idHasher(Argon2Parameters parameters) {
        this(parameters, HashingPermits.defaultPermits());
    }

    /**
     * A hasher with the given parameters and concurrency cap.
     *
     * @param parameters the cost parameters new hashes use
     * @param maxConcurrent the most hashes or verifications that may run at once; at least 1
     */
    public Argon2idHasher(Argon2Parameters parameters, int maxConcurrent) {
        this(Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id), parameters, maxConcurrent);
    }

    /** For tests: an explicit Argon2 engine. */
    Argon2idHasher(Argon2 argon2, Argon2Parameters parameters, int maxConcurrent) {
        this.argon2 = Objects.requireNonNull(argon2, "argon2");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.permits = new HashingPermits(maxConcurrent);
    }

    /**
     * The parameters new hashes use.
     *
     * @return the current parameters
     */
    public Argon2Parameters parameters() {
        return parameters;
    }

    /**
     * The concurrency cap.
     *
     * @return the most hashes or verifications that run at once
     */
    public int maxConcurrent() {
        return permits.permits();
    }

    @Override
    public String hash(String password) {
        Utf8.requirePassword(password);
        return permits.call(() -> {
            byte[] bytes = Utf8.encode(password);
            try {
                return argon2.hash(parameters.iterations(), parameters.memoryKiB(), parameters.parallelism(), bytes);
            } finally {
                Utf8.wipe(bytes);
            }
        });
    }

    @Override
    public boolean verify(String password, String storedHash) {
        if (password == null) {
            return false;
        }
        Argon2Parameters stored = parse(storedHash);
        if (stored == null
                || stored.memoryKiB() > MAX_VERIFY_MEMORY_KIB
                || stored.iterations() > MAX_VERIFY_ITERATIONS
                || stored.parallelism() > MAX_VERIFY_PARALLELISM) {
            return false;
        }
        return permits.call(() -> {
            byte[] bytes = Utf8.encode(password);
            try {
                return argon2.verify(storedHash, bytes);
            } finally {
                Utf8.wipe(bytes);
            }
        });
    }

    @Override
    public boolean needsRehash(String storedHash) {
        Argon2Parameters stored = parse(storedHash);
        return stored == null || !stored.equals(parameters);
    }

    @Override
    public boolean supports(String storedHash) {
        return parse(storedHash) != null;
    }

    /** The parameters of a well-formed version-19 Argon2id PHC string, or null. */
    private static Argon2Parameters parse(String storedHash) {
        if (storedHash == null || storedHash.length() > MAX_STORED_LENGTH || !storedHash.startsWith(PREFIX)) {
            return null;
        }
        Matcher m = PHC.matcher(storedHash);
        if (!m.matches()) {
            return null;
        }
        try {
            if (Integer.parseInt(m.group(1)) != ARGON2_VERSION) {
                return null;
            }
            return new Argon2Parameters(
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "Argon2idHasher[m=" + parameters.memoryKiB() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + ",maxConcurrent=" + permits.permits() + "]";
    }
}
