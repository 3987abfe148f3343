package dev.pdsaccounts.service.internal;

/** Outcome of using an email token. On anything but {@link Used} nothing changed. */
public sealed interface TokenUseResult {
    /** The token was valid; the effect was applied. */
    record Used(String did) implements TokenUseResult {}

    /** No live token matches (wrong token, wrong account, wrong purpose, or already used). */
    record Invalid() implements TokenUseResult {}

    /** The token matches but was issued before the validity window. */
    record Expired() implements TokenUseResult {}

    /** {@link TokenEffect.UpdateEmail}: another account holds the email. */
    record EmailTaken() implements TokenUseResult {}

    /** {@link TokenEffect.ConfirmEmail}: the account's email is no longer the confirmed one. */
    record EmailMismatch() implements TokenUseResult {}

    /** {@link TokenEffect.UpdateEmail}: the email auth factor was asked on for an email that is not confirmed. */
    record EmailUnconfirmed() implements TokenUseResult {}
}
