package dev.pdsaccounts.session;

import java.util.List;
import java.util.Optional;

/** Store port for app passwords. Each method is atomic. Implementations MUST NOT return null. */
public interface AppPasswords {

    /** Inserts the app password unless the account has one with that name. */
    CreateAppPasswordResult insertAppPassword(AppPassword appPassword);

    /** The account's app passwords, newest first. */
    List<AppPassword> appPasswordsOf(String did);

    /** One app password by name. */
    Optional<AppPassword> findAppPassword(String did, String name);

    /**
     * Deletes the app password and every refresh token created with it, in one step. Idempotent: returns
     * whether it existed.
     */
    boolean deleteAppPassword(String did, String name);
}
