package dev.pdsaccounts.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Store port for the account aggregate. Every method is atomic on its own: the domain never needs a
 * read-then-write across two calls to decide a race. Implementations MUST NOT return null, MUST compare
 * handles and emails on their stored (lower-case) form, and MUST keep uniqueness across all accounts
 * whatever their status. Infrastructure failures throw {@link dev.pdsaccounts.error.StoreException}.
 */
public interface Accounts {

    /**
     * Inserts the account, records the invite use (if any) and stores the refresh token (if any), all or
     * nothing. The invite must be available at commit time (exists, not disabled, uses &lt; available uses, its
     * {@code forAccount} not taken down); a code given here is checked even when invites are not required.
     * Checks are made in this order: DID, handle, email, invite.
     */
    CreateAccountResult createAccount(NewAccount account);

    /** The account with this DID (exact, case-sensitive), whatever its status. */
    Optional<Account> findAccountByDid(String did);

    /** The account with this normalised handle, whatever its status. */
    Optional<Account> findAccountByHandle(String handle);

    /** The account with this normalised email, whatever its status. */
    Optional<Account> findAccountByEmail(String email);

    /** Sets the handle if no other account holds it; a no-op success when it is already this account's. */
    UpdateResult updateHandle(String did, String handle);

    /**
     * Sets the email if no other account holds it, clears {@code emailConfirmedAt} and deletes every email
     * token of the account, atomically.
     */
    UpdateResult updateEmail(String did, String email);

    /**
     * Sets a new password hash and, in the same step, deletes every refresh token of the account and its
     * {@code reset_password} email token. Returns false when there is no such account.
     */
    boolean updatePassword(String did, String passwordHash);

    /**
     * Replaces the password hash only if it still equals {@code expectedHash} (rehash on login); revokes
     * nothing. Returns whether it replaced it.
     */
    boolean upgradePasswordHash(String did, String expectedHash, String newHash);

    /**
     * Sets or clears the takedown reference and, in the same step, deletes every refresh token of the account
     * (on both apply and lift, as the reference does). Returns false when there is no such account.
     */
    boolean updateTakedown(String did, Optional<String> takedownRef);

    /**
     * Deactivates ({@code deactivatedAt} present) or activates (both empty) the account. Returns false when
     * there is no such account.
     */
    boolean updateDeactivation(String did, Optional<Instant> deactivatedAt, Optional<Instant> deleteAfter);

    /** Sets the flag that creates this account's future earned invite codes disabled. */
    boolean updateInvitesDisabled(String did, boolean disabled);

    /** Sets the confirmation time of the current email. Returns false when there is no such account. */
    boolean updateEmailConfirmedAt(String did, Instant confirmedAt);

    /** Replaces the account's signing key (e.g. with a reserved one at import). */
    boolean updateSigningKey(String did, String signingKey);

    /**
     * Deletes everything the store holds for the account, atomically: the account (so its handle and email
     * become free), refresh tokens, app passwords, email tokens and the invite codes issued to it (with their
     * use records). Use records of the code the account signed up with are kept so the code's use count
     * stays right, but their {@code usedBy} is replaced by an anonymous {@code did:deleted:<random>} value.
     * Idempotent: returns whether an account was there.
     */
    boolean deleteAccount(String did);

    /**
     * Accounts whose email starts with {@code emailPrefix} (lower-case; empty matches all), ordered by DID,
     * after the DID {@code afterDid} if given, at most {@code limit}.
     */
    List<Account> searchAccountsByEmail(String emailPrefix, Optional<String> afterDid, int limit);

    /** How many accounts are stored (for operators, tests and benchmarks). */
    long countAccounts();
}
