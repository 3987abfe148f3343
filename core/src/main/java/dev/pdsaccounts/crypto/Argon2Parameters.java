package dev.pdsaccounts.crypto;

/**
 * Named, versioned Argon2id cost parameters. A stored hash whose parameters differ from the hasher's current
 * ones reports {@link PasswordHasher#needsRehash} {@code true}, so raising the parameters upgrades accounts
 * on their next login.
 *
 * @param memoryKiB memory cost in KiB ({@code m}); at least 8 × {@code parallelism}
 * @param iterations time cost ({@code t}); at least 1
 * @param parallelism lanes ({@code p}); at least 1
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {

    /**
     * Validates the ranges Argon2 accepts.
     *
     * @param memoryKiB memory cost in KiB
     * @param iterations time cost
     * @param parallelism lanes
     */
    public Argon2Parameters {
        if (parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("parallelism must be within 1..255; got " + parallelism);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1; got " + iterations);
        }
        if (memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("memoryKiB must be at least 8 x parallelism; got " + memoryKiB);
        }
    }

    /**
     * Version 1, the production default: m = 19456 KiB (19 MiB), t = 2, p = 1. This is the OWASP Password
     * Storage Cheat Sheet minimum for Argon2id and the choice of rsky (the Rust PDS); about 20-35 ms per hash
     * with the native library.
     *
     * @return the version 1 parameters
     */
    public static Argon2Parameters v1() {
        return new Argon2Parameters(19456, 2, 1);
    }

    /**
     * INSECURE parameters for fast tests only (m = 256 KiB, t = 1, p = 1). Never use them for real
     * passwords: they offer almost no resistance to offline guessing.
     *
     * @return cheap test parameters
     */
    public static Argon2Parameters forTestsOnly() {
        return new Argon2Parameters(256, 1, 1);
    }
}
