package dev.pdsaccounts.crypto;

/**
 * The password hashing port.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>thread-safe: one instance serves all concurrent logins;</li>
 *   <li>never returns {@code null};</li>
 *   <li>{@link #verify}, {@link #needsRehash} and {@link #supports} never throw for a malformed,
 *       truncated, oversized or unknown stored hash (or a {@code null} one): they answer {@code false},
 *       {@code true} and {@code false} respectively;</li>
 *   <li>passwords and hashes never appear in {@code toString}, exception messages or logs.</li>
 * </ul>
 *
 * <p>Login uses it as: {@code verify}, then, on success, {@code needsRehash} and if so {@code hash} the
 * password again and store the result.
 */
public interface PasswordHasher {

    /**
     * Hashes a password with a fresh random salt in this hasher's current scheme and parameters.
     *
     * @param password the plaintext password (fed to the hash as UTF-8)
     * @return the self-describing stored form of the hash
     * @throws dev.pdsaccounts.error.LexiconException {@code InvalidRequest} when {@code password} is null
     */
    String hash(String password);

    /**
     * Checks a password against a stored hash.
     *
     * @param password the candidate plaintext password; {@code null} never matches
     * @param storedHash the stored hash; malformed or unknown formats never match
     * @return {@code true} only when the stored hash is readable by this hasher and the password matches it
     */
    boolean verify(String password, String storedHash);

    /**
     * Tells whether a stored hash should be replaced by a fresh {@link #hash}.
     *
     * @param storedHash a stored hash, possibly malformed or {@code null}
     * @return {@code true} when the stored hash was not produced by this hasher's current scheme and
     *     parameters (including when it is malformed)
     */
    boolean needsRehash(String storedHash);

    /**
     * Tells whether a stored hash is in a format this hasher can verify.
     *
     * @param storedHash a stored hash, possibly malformed or {@code null}
     * @return {@code true} when {@link #verify} can decide on this stored hash
     */
    boolean supports(String storedHash);
}
