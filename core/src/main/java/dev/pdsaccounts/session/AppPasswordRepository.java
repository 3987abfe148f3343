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
     * The account's app passwords, newest first (ties by name); when {@code passwordHash} is given, only those
     * whose stored hash equals it exactly. With a hash it is an exact lookup on an index of (did, hash): its cost
     * must not grow with the number of app passwords the account has, because a failed login runs it for every
     * identifier (login timing). Inside a transaction, locks the rows it returns.
     *
     * @param did          the account's DID
     * @param passwordHash the hash to look up, compared exactly; empty for all the account's app passwords
     * @return the app passwords, possibly none
     */
    List<AppPassword> findAppPasswords(String did, Optional<String> passwordHash);

    /**
     * {@return the account's app passwords, newest first (ties by name)} Stores need not implement it: it is
     * {@link #findAppPasswords} without a hash.
     *
     * @param did the account's DID
     */
    default List<AppPassword> appPasswordsOf(String did) {
        return findAppPasswords(did, Optional.empty());
    }

    /**
     * {@return the account's app password whose stored hash equals {@code passwordHash} exactly} The newest if
     * several. Stores need not implement it: it is {@link #findAppPasswords} with the hash.
     *
     * @param did          the account's DID
     * @param passwordHash the hash to look up, compared exactly
     */
    default Optional<AppPassword> findAppPasswordByHash(String did, String passwordHash) {
        return findAppPasswords(did, Optional.of(passwordHash)).stream().findFirst();
    }

    /**
     * Deletes one app password.
     *
     * @param did  the account's DID
     * @param name the app password's name
     * @return whether it existed
     */
    boolean deleteAppPassword(String did, String name);
}
