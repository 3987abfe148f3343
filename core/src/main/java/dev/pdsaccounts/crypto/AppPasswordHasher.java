package dev.pdsaccounts.crypto;

/**
 * The hash app passwords are stored as: deterministic for a given password and account, so a login finds the
 * app password by one exact lookup of its hash, whatever the number of app passwords the account has.
 *
 * <p>The production implementation is {@link ReferenceAppPasswordHasher} (the reference PDS's scrypt, so a
 * reference PDS's app passwords keep working); {@link ReferenceAppPasswordHasher#forTestsOnly()} is the same
 * format at a cost too low for production. Implementations are thread-safe and never log a password or hash.
 */
public interface AppPasswordHasher {

    /**
     * The stored form of {@code appPassword} for the account {@code did}: the same value for the same inputs.
     *
     * @param appPassword the app password (e.g. {@code xxxx-xxxx-xxxx-xxxx})
     * @param did         the account's DID
     * @return the stored form
     * @throws dev.pdsaccounts.error.LexiconException {@code InvalidRequest} when {@code appPassword} is null or
     *                                                too long to hash
     * @throws NullPointerException                   when {@code did} is null
     */
    String hash(String appPassword, String did);
}
