package dev.pdsaccounts.session;

import java.util.List;
import java.util.Optional;

/**
 * Persistence of app passwords, part of {@link dev.pdsaccounts.store.AccountStore}. Plain storage; revoking an
 * app password's sessions is the domain's (through {@link RefreshTokenRepository} in the same transaction).
 * The name is unique per account.
 */
public interface AppPasswordRepository {

    /**
     * Inserts the app password.
     *
     * @param appPassword the app password, with its hash
     * @return true when inserted; false (and nothing written) when the account has one with that name
     */
    boolean insertAppPassword(AppPassword appPassword);

    /**
     * The account's app passwords, newest first (ties by name).
     *
     * @param did the account's DID
     * @return the app passwords, possibly none
     */
    List<AppPassword> appPasswordsOf(String did);

    /**
     * The account's app password whose stored hash equals {@code passwordHash} exactly (the newest if several,
     * ties by name). An exact lookup on an index of (did, hash): its cost must not grow with the number of app
     * passwords the account has, because a failed login runs it for every identifier (login timing).
     *
     * @param did          the account's DID
     * @param passwordHash the hash to look up, compared exactly
     * @return the app password, or empty
     */
    Optional<AppPassword> findAppPasswordByHash(String did, String passwordHash);

    /**
     * Deletes one app password.
     *
     * @param did  the account's DID
     * @param name the app password's name
     * @return whether it existed
     */
    boolean deleteAppPassword(String did, String name);
}
