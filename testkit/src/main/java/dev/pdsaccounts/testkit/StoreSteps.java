package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.service.internal.UpdateResult;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * Shortcuts the use-case contracts take to set up or inspect a state directly: each is one transaction that
 * runs the domain's own change ({@link AccountChanges}), so its rules (revocation, cascades, anonymised use
 * records) apply exactly as in the use cases; none re-implements a rule.
 */
final class StoreSteps {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StoreSteps() {}

    /** Inserts an account with no invite code and no session, as {@link AccountChanges#createAccount}. */
    static CreateAccountResult createAccount(AccountStore store, Account account) {
        return createAccount(store, new NewAccount(account, Optional.empty(), Optional.empty()));
    }

    /** {@link AccountChanges#createAccount} in one transaction. */
    static CreateAccountResult createAccount(AccountStore store, NewAccount newAccount) {
        return store.inTransaction(tx -> AccountChanges.createAccount(tx, newAccount));
    }

    /** Sets or lifts a takedown ({@link AccountChanges#setTakedown}: revokes every session). */
    static boolean updateTakedown(AccountStore store, String did, Optional<String> takedownRef) {
        return store.inTransaction(tx -> AccountChanges.setTakedown(tx, did, takedownRef));
    }

    /** Deactivates (both present) or activates (both empty) the account; nothing else changes. */
    static boolean updateDeactivation(AccountStore store, String did, Optional<Instant> at, Optional<Instant> after) {
        return store.inTransaction(tx -> AccountChanges.update(tx, did, a -> a.withDeactivation(at, after)));
    }

    /** Sets the email confirmation time; nothing else changes. */
    static boolean updateEmailConfirmedAt(AccountStore store, String did, Instant at) {
        return store.inTransaction(tx -> AccountChanges.update(tx, did, a -> a.withEmailConfirmedAt(at)));
    }

    /** Sets a new password hash ({@link AccountChanges#setPassword}: revokes sessions and the reset token). */
    static boolean updatePassword(AccountStore store, String did, String passwordHash) {
        return store.inTransaction(tx -> AccountChanges.setPassword(tx, did, passwordHash));
    }

    /** Sets a new email ({@link AccountChanges#setEmail}: clears the confirmation and every email token). */
    static UpdateResult updateEmail(AccountStore store, String did, String email) {
        return store.inTransaction(tx -> tx.findAccountByDid(did)
                .map(account -> AccountChanges.setEmail(tx, account, email))
                .orElseGet(UpdateResult.NotFound::new));
    }

    /** Deletes the account with everything that goes with it ({@link AccountChanges#deleteAccount}). */
    static boolean deleteAccount(AccountStore store, String did) {
        return store.inTransaction(tx -> AccountChanges.deleteAccount(tx, did, RANDOM));
    }

    /** Takes a signing-key reservation ({@link AccountChanges#takeReservedSigningKey}). */
    static Optional<ReservedSigningKey> takeReservedSigningKey(AccountStore store, String didOrKeyDid) {
        return store.inTransaction(tx -> AccountChanges.takeReservedSigningKey(tx, didOrKeyDid, Instant.EPOCH));
    }

    /** The account's earliest use record (the sign-up use), if any. */
    static Optional<InviteCodeUse> inviteCodeUseOf(AccountStore store, String did) {
        return store.inviteCodeUsesBy(did).stream().findFirst();
    }

    /** The account's app password with this name, if any. */
    static Optional<AppPassword> findAppPassword(AccountStore store, String did, String name) {
        return store.appPasswordsOf(did).stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
