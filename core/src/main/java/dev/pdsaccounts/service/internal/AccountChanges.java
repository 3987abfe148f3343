package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.crypto.ConstantTime;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.service.internal.TokenEffect;
import dev.pdsaccounts.service.internal.TokenUseResult;
import dev.pdsaccounts.service.internal.UpdateResult;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The account changes that span aggregates, each written once and run by the use cases inside one
 * {@link dev.pdsaccounts.store.AccountStore#inTransaction} (the {@link StoreAccess} parameter is the
 * transaction's). Every rule of these changes lives here or on the aggregate it is about: what deleting an
 * account removes and anonymises, what a password change or a takedown revokes, what an email change clears,
 * what each email token does, when an invite code may be used. Stores only persist and lock.
 */
public final class AccountChanges {
    private AccountChanges() {}

    /** Every email-token purpose: what an email change or a deletion removes. */
    private static final EnumSet<EmailTokenPurpose> ALL_PURPOSES = EnumSet.allOf(EmailTokenPurpose.class);

    /**
     * Inserts a new account with its invite use and first refresh token. Conflicts are checked in the order
     * DID, handle, email, invite code; on any conflict nothing is written.
     *
     * @param tx         the transaction
     * @param newAccount what to write
     * @return {@code Created}, or the first conflict
     */
    public static CreateAccountResult createAccount(StoreAccess tx, NewAccount newAccount) {
        Account account = newAccount.account();
        Optional<String> code = newAccount.inviteCode();
        if (code.isPresent() && !isInviteCodeAvailable(tx, code.get())) {
            // The invite is the last check: report an account conflict first when there is one.
            CreateAccountResult conflict = accountConflict(tx, account);
            return conflict != null ? conflict : new CreateAccountResult.InviteUnavailable();
        }
        AccountWriteResult written = tx.insertAccount(account);
        if (written instanceof AccountWriteResult.DidTaken) {
            return new CreateAccountResult.DidTaken();
        }
        if (written instanceof AccountWriteResult.HandleTaken) {
            return new CreateAccountResult.HandleTaken();
        }
        if (written instanceof AccountWriteResult.EmailTaken) {
            return new CreateAccountResult.EmailTaken();
        }
        code.ifPresent(c -> tx.insertInviteCodeUse(new InviteCodeUse(c, account.did(), newAccount.createdAt())));
        newAccount.refreshToken().ifPresent(tx::insertRefreshToken);
        return new CreateAccountResult.Created();
    }

    private static CreateAccountResult accountConflict(StoreAccess tx, Account account) {
        if (tx.findAccountByDid(account.did()).isPresent()) {
            return new CreateAccountResult.DidTaken();
        }
        if (tx.findAccountByHandle(account.handle()).isPresent()) {
            return new CreateAccountResult.HandleTaken();
        }
        if (account.email().isPresent() && tx.findAccountByEmail(account.email().get()).isPresent()) {
            return new CreateAccountResult.EmailTaken();
        }
        return null;
    }

    /**
     * Whether the code may be used now ({@link InviteCodeDetails#isAvailable}). Inside a transaction this locks
     * the code (and its issuer), so the answer holds until commit.
     *
     * @param access the transaction, or the store for a pre-check before expensive work
     * @param code   the code
     * @return whether a sign-up may record a use of it
     */
    public static boolean isInviteCodeAvailable(StoreAccess access, String code) {
        Optional<InviteCodeDetails> details = access.findInviteCode(code);
        if (details.isEmpty()) {
            return false;
        }
        String forAccount = details.get().code().forAccount();
        Optional<Account> issuer = InviteCode.ADMIN.equals(forAccount)
                ? Optional.empty()
                : access.findAccountByDid(forAccount);
        return details.get().isAvailable(issuer);
    }

    /**
     * The code the account signed up with, with all its uses: its earliest use record's code.
     *
     * @param access the store or a transaction
     * @param did    the account
     * @return the code, empty when the account signed up without one
     */
    public static Optional<InviteCodeDetails> signUpCode(StoreAccess access, String did) {
        return access.inviteCodeUsesBy(did).stream().findFirst().flatMap(use -> access.findInviteCode(use.code()));
    }

    /**
     * Inserts codes earned by the account only if it still has exactly {@code expectedEarned} earned codes
     * ({@link InviteCode#isEarned}), so concurrent callers never exceed the quota: the account's row is locked
     * first, so two earners run one after the other.
     *
     * @return whether the codes were inserted (false: a concurrent call created codes first, or the account is
     *         gone: codes are never earned by an account that no longer exists)
     */
    public static boolean insertEarnedInviteCodes(StoreAccess tx, String did, int expectedEarned,
                                                  List<InviteCode> codes) {
        if (tx.findAccountByDid(did).isEmpty()) {
            return false;
        }
        long earned = tx.inviteCodesForAccount(did).stream().filter(d -> d.code().isEarned()).count();
        if (earned != expectedEarned) {
            return false;
        }
        tx.insertInviteCodes(codes);
        return true;
    }

    /**
     * Applies {@code change} to the account and stores it.
     *
     * @return whether the account exists
     */
    public static boolean update(StoreAccess tx, String did, UnaryOperator<Account> change) {
        Optional<Account> account = tx.findAccountByDid(did);
        if (account.isEmpty()) {
            return false;
        }
        tx.updateAccount(change.apply(account.get()));
        return true;
    }

    /**
     * Sets a new password hash and revokes what the old password granted: every session and the pending
     * reset token.
     *
     * @return whether the account exists
     */
    public static boolean setPassword(StoreAccess tx, String did, String passwordHash) {
        if (!update(tx, did, a -> a.withPasswordHash(passwordHash))) {
            return false;
        }
        revokeSessions(tx, did);
        tx.deleteEmailTokens(did, EnumSet.of(EmailTokenPurpose.RESET_PASSWORD));
        return true;
    }

    /**
     * Sets or lifts a takedown; both revoke every session, as the reference does.
     *
     * @return whether the account exists
     */
    public static boolean setTakedown(StoreAccess tx, String did, Optional<String> takedownRef) {
        if (!update(tx, did, a -> a.withTakedownRef(takedownRef))) {
            return false;
        }
        revokeSessions(tx, did);
        return true;
    }

    /**
     * Changes the email: the confirmation is cleared, the email auth factor is off ({@link Account#withEmail})
     * and every pending email token is void.
     *
     * @param tx      the transaction
     * @param account the account as read in this transaction
     * @param email   the normalised new email
     * @return {@code Updated}, {@code EmailTaken} when another account holds it, {@code NotFound}
     */
    public static UpdateResult setEmail(StoreAccess tx, Account account, String email) {
        AccountWriteResult written = tx.updateAccount(account.withEmail(email));
        if (written instanceof AccountWriteResult.EmailTaken) {
            return new UpdateResult.EmailTaken();
        }
        if (written instanceof AccountWriteResult.NotFound) {
            return new UpdateResult.NotFound();
        }
        tx.deleteEmailTokens(account.did(), ALL_PURPOSES);
        return new UpdateResult.Updated();
    }

    /**
     * The owner's email update ({@code com.atproto.server.updateEmail}) with the email auth factor:
     * <ul>
     *   <li>{@code emailAuthFactor} on needs the email to be the account's current one and confirmed: otherwise
     *       {@code EmailUnconfirmed} and nothing is written (a new email is never confirmed);</li>
     *   <li>a new email is set as {@link #setEmail} does (confirmation cleared, factor off, every token void);</li>
     *   <li>the current email (as stored, normalised) keeps its confirmation; the factor is set when given, and
     *       every email token of the account is void.</li>
     * </ul>
     *
     * @param tx              the transaction
     * @param account         the account as read in this transaction
     * @param email           the normalised email
     * @param emailAuthFactor the factor to set, if given
     * @return {@code Updated}, {@code EmailUnconfirmed}, {@code EmailTaken} or {@code NotFound}
     */
    public static UpdateResult updateOwnEmail(StoreAccess tx, Account account, String email,
                                              Optional<Boolean> emailAuthFactor) {
        boolean sameEmail = account.email().equals(Optional.of(email));
        if (emailAuthFactor.orElse(false) && !account.mayTurnOnEmailAuthFactor(email)) {
            return new UpdateResult.EmailUnconfirmed();
        }
        if (!sameEmail) {
            return setEmail(tx, account, email);
        }
        if (emailAuthFactor.isPresent() && emailAuthFactor.get() != account.emailAuthFactor()) {
            AccountWriteResult written = tx.updateAccount(account.withEmailAuthFactor(emailAuthFactor.get()));
            if (written instanceof AccountWriteResult.NotFound) {
                return new UpdateResult.NotFound();
            }
        }
        tx.deleteEmailTokens(account.did(), ALL_PURPOSES);
        return new UpdateResult.Updated();
    }

    /**
     * Sets the handle if no other account holds it; already this account's is a success with no write.
     *
     * @return {@code Updated}, {@code HandleTaken} or {@code NotFound}
     */
    public static UpdateResult setHandle(StoreAccess tx, String did, String handle) {
        Optional<Account> account = tx.findAccountByDid(did);
        if (account.isEmpty()) {
            return new UpdateResult.NotFound();
        }
        if (account.get().handle().equals(handle)) {
            return new UpdateResult.Updated();
        }
        AccountWriteResult written = tx.updateAccount(account.get().withHandle(handle));
        return written instanceof AccountWriteResult.HandleTaken
                ? new UpdateResult.HandleTaken()
                : new UpdateResult.Updated();
    }

    /** Deletes every refresh token of the account (every session ends at its next refresh). */
    public static void revokeSessions(StoreAccess tx, String did) {
        List<String> ids = tx.refreshTokensOf(did).stream().map(RefreshToken::id).toList();
        if (!ids.isEmpty()) {
            tx.deleteRefreshTokens(did, ids, Optional.empty());
        }
    }

    /** Deletes the account's refresh tokens that expired at or before {@code now}. Returns how many. */
    public static int deleteExpiredSessions(StoreAccess tx, String did, Instant now) {
        return tx.deleteRefreshTokens(did, List.of(), Optional.of(now));
    }

    /**
     * Revokes an app password and every session created with it.
     *
     * @return whether it existed
     */
    public static boolean revokeAppPassword(StoreAccess tx, String did, String name) {
        boolean existed = tx.deleteAppPassword(did, name);
        List<String> sessions = tx.refreshTokensOf(did).stream()
                .filter(t -> t.appPasswordName().equals(Optional.of(name)))
                .map(RefreshToken::id)
                .toList();
        if (!sessions.isEmpty()) {
            tx.deleteRefreshTokens(did, sessions, Optional.empty());
        }
        return existed;
    }

    /**
     * Deletes everything held for the account: the account (its handle and email become free), sessions, app
     * passwords, email tokens, signing-key reservations and the invite codes issued to it with their uses. The
     * use record of the code it signed up with stays (so that code's use count stays right) but names an
     * anonymous user ({@link InviteCodeUse#anonymousUser}). Idempotent.
     *
     * @return whether an account was there
     */
    public static boolean deleteAccount(StoreAccess tx, String did, SecureRandom random) {
        boolean existed = tx.findAccountByDid(did).isPresent();
        revokeSessions(tx, did);
        for (AppPassword p : tx.appPasswordsOf(did)) {
            tx.deleteAppPassword(did, p.name());
        }
        tx.deleteEmailTokens(did, ALL_PURPOSES);
        deleteReservationsOf(tx, did);
        tx.deleteInviteCodes(new Lookup<>(InviteCodeField.ISSUED_TO, did));
        List<InviteCodeUse> uses = tx.inviteCodeUsesBy(did);
        if (!uses.isEmpty()) {
            tx.deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, did));
            for (InviteCodeUse use : uses) {
                tx.insertInviteCodeUse(new InviteCodeUse(use.code(), InviteCodeUse.anonymousUser(random),
                        use.usedAt()));
            }
        }
        tx.deleteAccount(did);
        return existed;
    }

    /**
     * The rule of {@code reserveSigningKey} (no auth, so nobody can disturb another's reservation): first every
     * expired reservation (created before {@code notBefore}) is deleted; then a DID that has a live reservation
     * gets it back unchanged, never replaced (its key may already be in the DID document, as the reference);
     * otherwise {@code fresh} is stored, unless {@code max} reservations are already held.
     *
     * @return the reservation the caller gets: the DID's existing one, or {@code fresh}; empty when full
     */
    public static Optional<ReservedSigningKey> reserveSigningKey(StoreAccess tx, ReservedSigningKey fresh,
                                                                 Instant notBefore, int max) {
        long held = tx.deleteReservedSigningKeys(List.of(), Optional.of(notBefore));
        if (fresh.did().isPresent()) {
            Optional<ReservedSigningKey> existing = tx.findReservedSigningKeyForDid(fresh.did().get());
            if (existing.isPresent()) {
                return existing;
            }
        }
        if (held >= max) {
            return Optional.empty();
        }
        tx.insertReservedSigningKey(fresh);
        return Optional.of(fresh);
    }

    /** Puts back a reservation taken by a request that then failed, as it was. */
    public static void restoreReservedSigningKey(StoreAccess tx, ReservedSigningKey key) {
        tx.insertReservedSigningKey(key);
    }

    /**
     * Takes (finds and removes) the live reservation made for an account DID or, when none, the one whose did:key
     * is given; expired reservations (created before {@code notBefore}) are deleted first, so they are never
     * taken. Inside a transaction, two concurrent takes never both receive the same reservation.
     */
    public static Optional<ReservedSigningKey> takeReservedSigningKey(StoreAccess tx, String didOrKeyDid,
                                                                      Instant notBefore) {
        tx.deleteReservedSigningKeys(List.of(), Optional.of(notBefore));
        Optional<ReservedSigningKey> found = tx.findReservedSigningKeyForDid(didOrKeyDid)
                .or(() -> tx.findReservedSigningKey(didOrKeyDid));
        found.ifPresent(k -> tx.deleteReservedSigningKeys(List.of(k.keyDid()), Optional.empty()));
        return found;
    }

    private static void deleteReservationsOf(StoreAccess tx, String did) {
        for (Optional<ReservedSigningKey> k = tx.findReservedSigningKeyForDid(did); k.isPresent();
             k = tx.findReservedSigningKeyForDid(did)) {
            tx.deleteReservedSigningKeys(List.of(k.get().keyDid()), Optional.empty());
        }
    }

    /**
     * Uses an emailed token: finds it by purpose and hash (and account when {@code did} is given); none, or
     * one whose account is gone, is {@code Invalid}; one requested before {@code issuedNotBefore} is
     * {@code Expired}; otherwise applies {@code effect} and (unless it only checks) consumes the token. Run
     * inside a transaction, two concurrent uses of one token yield exactly one {@code Used}.
     *
     * @return what happened
     */
    public static TokenUseResult useEmailToken(StoreAccess tx, EmailTokenPurpose purpose, Optional<String> did,
                                               String tokenHash, Instant issuedNotBefore, TokenEffect effect,
                                               SecureRandom random) {
        Optional<EmailToken> row = did.isPresent()
                ? tx.findEmailToken(purpose, did.get()).filter(t -> ConstantTime.equals(t.tokenHash(), tokenHash))
                : tx.findEmailTokenByHash(purpose, tokenHash);
        if (row.isEmpty()) {
            return new TokenUseResult.Invalid();
        }
        if (row.get().requestedAt().isBefore(issuedNotBefore)) {
            return new TokenUseResult.Expired();
        }
        String owner = row.get().did();
        Optional<Account> account = tx.findAccountByDid(owner);
        if (account.isEmpty()) {
            return new TokenUseResult.Invalid(); // a token whose account is gone authorises nothing
        }
        if (effect instanceof TokenEffect.CheckOnly) {
            return new TokenUseResult.Used(owner);
        }
        if (effect instanceof TokenEffect.SetPassword setPassword) {
            setPassword(tx, owner, setPassword.passwordHash());
        } else if (effect instanceof TokenEffect.ConfirmEmail confirm) {
            if (!account.get().email().equals(Optional.of(confirm.email()))) {
                return new TokenUseResult.EmailMismatch();
            }
            tx.updateAccount(account.get().withEmailConfirmedAt(confirm.confirmedAt()));
        } else if (effect instanceof TokenEffect.UpdateEmail update) {
            UpdateResult updated = updateOwnEmail(tx, account.get(), update.email(), update.emailAuthFactor());
            if (updated instanceof UpdateResult.EmailTaken) {
                return new TokenUseResult.EmailTaken();
            }
            if (updated instanceof UpdateResult.EmailUnconfirmed) {
                return new TokenUseResult.EmailUnconfirmed();
            }
        } else if (effect instanceof TokenEffect.DeleteAccount) {
            deleteAccount(tx, owner, random);
        }
        tx.deleteEmailTokens(owner, EnumSet.of(purpose));
        return new TokenUseResult.Used(owner);
    }
}
