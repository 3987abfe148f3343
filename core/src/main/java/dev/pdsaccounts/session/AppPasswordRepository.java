package dev.pdsaccounts.session;

import java.util.List;

/**
 * Persistence of app passwords, part of {@link dev.pdsaccounts.store.AccountStore}. Plain storage; revoking an
 * app password's sessions is the domain's (through {@link RefreshTokenRepository} in the same transaction).
 * The name is unique per account.
 */
public interface AppPasswordRepository {

    /** Inserts the app password. Returns false (and writes nothing) when the account has one with that name. */
    boolean insertAppPassword(AppPassword appPassword);

    /** The account's app passwords, newest first (ties by name). */
    List<AppPassword> appPasswordsOf(String did);

    /** Deletes one app password. Returns whether it existed. */
    boolean deleteAppPassword(String did, String name);
}
