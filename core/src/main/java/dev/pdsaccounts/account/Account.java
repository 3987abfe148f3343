package dev.pdsaccounts.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The account aggregate as stored: identity (DID, handle), credentials (email, password hash, signing key)
 * and status. Handles and emails are always stored normalised (lower-case); DIDs are case-sensitive and
 * never changed.
 *
 * <p>{@link #toString()} never shows the password hash or the signing key.
 *
 * @param did              the account's DID (primary key)
 * @param handle           normalised handle (unique, lower-case)
 * @param email            normalised email (unique among all accounts, including deactivated and taken-down)
 * @param passwordHash     the stored password hash (Argon2id PHC string or the reference scrypt format)
 * @param emailConfirmedAt when the email was confirmed
 * @param createdAt        when the account was created
 * @param takedownRef      set while taken down (the admin's reference, or a timestamp)
 * @param deactivatedAt    set while deactivated
 * @param deleteAfter      the owner's retention hint given at deactivation
 * @param invitesDisabled  whether codes earned from now on are created disabled
 * @param signingKey       the account's repo signing key (secp256k1 private key, hex); a secret
 * @param emailAuthFactor  whether a login with the main password needs a sign-in code mailed to the email
 *                         (the lexicon's {@code emailAuthFactor}); core turns it on only while the email is
 *                         confirmed, and {@link #withEmail} turns it off
 */
public record Account(
        String did,
        String handle,
        Optional<String> email,
        Optional<String> passwordHash,
        Optional<Instant> emailConfirmedAt,
        Instant createdAt,
        Optional<String> takedownRef,
        Optional<Instant> deactivatedAt,
        Optional<Instant> deleteAfter,
        boolean invitesDisabled,
        Optional<String> signingKey,
        boolean emailAuthFactor) {

    /**
     * Checks that no component is null (absent values are {@link Optional#empty()}).
     *
     * @param did              the account's DID, as given (case-sensitive)
     * @param handle           the normalised (lower-case) handle
     * @param email            the normalised email, or empty for an account without one
     * @param passwordHash     the password hash in PHC or reference scrypt format, or empty for a passwordless account
     * @param emailConfirmedAt when the email was confirmed, or empty while unconfirmed
     * @param createdAt        when the account was created
     * @param takedownRef      the takedown reference while taken down, else empty
     * @param deactivatedAt    when the owner deactivated the account, else empty
     * @param deleteAfter      the owner's retention hint given at deactivation, else empty
     * @param invitesDisabled  whether invite codes earned from now on are created disabled
     * @param signingKey       the repo signing key (secp256k1 private key, hex), or empty when the key is held elsewhere
     * @param emailAuthFactor  whether a login with the main password needs a mailed sign-in code
     * @throws NullPointerException if a component is null
     */
    public Account {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(emailConfirmedAt, "emailConfirmedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(takedownRef, "takedownRef");
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
        Objects.requireNonNull(deleteAfter, "deleteAfter");
        Objects.requireNonNull(signingKey, "signingKey");
    }

    /**
     * An account without the email auth factor (the shape before the factor existed).
     *
     * @param did              the account's DID, as given (case-sensitive)
     * @param handle           the normalised (lower-case) handle
     * @param email            the normalised email, or empty for an account without one
     * @param passwordHash     the password hash, or empty for a passwordless account
     * @param emailConfirmedAt when the email was confirmed, or empty while unconfirmed
     * @param createdAt        when the account was created
     * @param takedownRef      the takedown reference while taken down, else empty
     * @param deactivatedAt    when the owner deactivated the account, else empty
     * @param deleteAfter      the owner's retention hint given at deactivation, else empty
     * @param invitesDisabled  whether invite codes earned from now on are created disabled
     * @param signingKey       the repo signing key (hex), or empty when the key is held elsewhere
     * @throws NullPointerException if a component is null
     */
    public Account(String did, String handle, Optional<String> email, Optional<String> passwordHash,
                   Optional<Instant> emailConfirmedAt, Instant createdAt, Optional<String> takedownRef,
                   Optional<Instant> deactivatedAt, Optional<Instant> deleteAfter, boolean invitesDisabled,
                   Optional<String> signingKey) {
        this(did, handle, email, passwordHash, emailConfirmedAt, createdAt, takedownRef, deactivatedAt, deleteAfter,
                invitesDisabled, signingKey, false);
    }

    /**
     * A new, active account with no confirmation, takedown or deactivation, and the email auth factor off.
     *
     * @param did          the new account's DID
     * @param handle       the normalised handle
     * @param email        the normalised email, or empty
     * @param passwordHash the password hash, or empty for a passwordless account
     * @param createdAt    the creation time
     * @param signingKey   the repo signing key (hex), or empty
     * @return the account, never null
     */
    public static Account newAccount(String did, String handle, Optional<String> email, Optional<String> passwordHash,
                                     Instant createdAt, Optional<String> signingKey) {
        return new Account(did, handle, email, passwordHash, Optional.empty(), createdAt, Optional.empty(),
                Optional.empty(), Optional.empty(), false, signingKey, false);
    }

    /**
     * The account's status, derived from the takedown reference and the deactivation time: takedown wins over
     * deactivation.
     *
     * @return {@code TAKENDOWN}, {@code DEACTIVATED} or {@code ACTIVE}, never null
     */
    public AccountStatus status() {
        if (takedownRef.isPresent()) {
            return AccountStatus.TAKENDOWN;
        }
        if (deactivatedAt.isPresent()) {
            return AccountStatus.DEACTIVATED;
        }
        return AccountStatus.ACTIVE;
    }

    /**
     * Whether the account is taken down.
     *
     * @return true while a takedown reference is set
     */
    public boolean isTakenDown() {
        return takedownRef.isPresent();
    }

    /**
     * Whether the email is confirmed.
     *
     * @return true once a confirmation time is set
     */
    public boolean emailConfirmed() {
        return emailConfirmedAt.isPresent();
    }

    /**
     * A copy with another password hash.
     *
     * @param hash the new password hash (PHC string)
     * @return the updated copy
     */
    public Account withPasswordHash(String hash) {
        return new Account(did, handle, email, Optional.of(hash), emailConfirmedAt, createdAt, takedownRef,
                deactivatedAt, deleteAfter, invitesDisabled, signingKey, emailAuthFactor);
    }

    /**
     * A copy with another handle.
     *
     * @param newHandle the new handle, already normalised
     * @return the updated copy
     */
    public Account withHandle(String newHandle) {
        return new Account(did, newHandle, email, passwordHash, emailConfirmedAt, createdAt, takedownRef,
                deactivatedAt, deleteAfter, invitesDisabled, signingKey, emailAuthFactor);
    }

    /**
     * A copy with another email, its confirmation cleared and the email auth factor off: sign-in codes go only to
     * a confirmed address, so a new one must be confirmed before the factor can be turned on again.
     *
     * @param newEmail the new email, already normalised
     * @return the updated copy, unconfirmed, factor off
     */
    public Account withEmail(String newEmail) {
        return new Account(did, handle, Optional.of(newEmail), passwordHash, Optional.empty(), createdAt, takedownRef,
                deactivatedAt, deleteAfter, invitesDisabled, signingKey, false);
    }

    /**
     * A copy with the email auth factor on or off (core turns it on only while the email is confirmed).
     *
     * @param on whether a login with the main password needs a mailed sign-in code
     * @return the updated copy
     */
    public Account withEmailAuthFactor(boolean on) {
        return new Account(did, handle, email, passwordHash, emailConfirmedAt, createdAt, takedownRef,
                deactivatedAt, deleteAfter, invitesDisabled, signingKey, on);
    }

    /**
     * Whether the email auth factor may be turned on with {@code email} as the account's address: only when that
     * is its current email and it is confirmed (a code must reach an address the user proved they read).
     *
     * @param email the normalised email the request keeps or sets
     * @return true when the factor may be turned on
     */
    public boolean mayTurnOnEmailAuthFactor(String email) {
        return emailConfirmed() && email().equals(Optional.of(email));
    }

    /**
     * Whether a login with the main password needs a mailed sign-in code.
     *
     * @return true when the email auth factor is on and the account has an email
     */
    public boolean requiresSignInCode() {
        return emailAuthFactor && email.isPresent();
    }

    /**
     * A copy with the email confirmed at {@code at}.
     *
     * @param at the confirmation time
     * @return the updated copy
     */
    public Account withEmailConfirmedAt(Instant at) {
        return new Account(did, handle, email, passwordHash, Optional.of(at), createdAt, takedownRef,
                deactivatedAt, deleteAfter, invitesDisabled, signingKey, emailAuthFactor);
    }

    /**
     * A copy with the takedown reference set or cleared.
     *
     * @param ref the takedown reference, or empty to restore the account
     * @return the updated copy
     */
    public Account withTakedownRef(Optional<String> ref) {
        return new Account(did, handle, email, passwordHash, emailConfirmedAt, createdAt, ref,
                deactivatedAt, deleteAfter, invitesDisabled, signingKey, emailAuthFactor);
    }

    /**
     * A copy deactivated (both present) or activated (both empty).
     *
     * @param at    when the account was deactivated, or empty to activate
     * @param after the owner's retention hint, or empty
     * @return the updated copy
     */
    public Account withDeactivation(Optional<Instant> at, Optional<Instant> after) {
        return new Account(did, handle, email, passwordHash, emailConfirmedAt, createdAt, takedownRef,
                at, after, invitesDisabled, signingKey, emailAuthFactor);
    }

    /**
     * A copy with the invites-disabled flag set.
     *
     * @param disabled whether invite codes earned from now on are created disabled
     * @return the updated copy
     */
    public Account withInvitesDisabled(boolean disabled) {
        return new Account(did, handle, email, passwordHash, emailConfirmedAt, createdAt, takedownRef,
                deactivatedAt, deleteAfter, disabled, signingKey, emailAuthFactor);
    }

    /**
     * A copy with another signing key.
     *
     * @param key the new repo signing key (hex), or empty
     * @return the updated copy
     */
    public Account withSigningKey(Optional<String> key) {
        return new Account(did, handle, email, passwordHash, emailConfirmedAt, createdAt, takedownRef,
                deactivatedAt, deleteAfter, invitesDisabled, key, emailAuthFactor);
    }

    @Override
    public String toString() {
        return "Account[did=" + did + ", handle=" + handle + ", email=" + email.orElse("-")
                + ", status=" + status() + ", createdAt=" + createdAt
                + (emailAuthFactor ? ", emailAuthFactor" : "") + "]";
    }
}
