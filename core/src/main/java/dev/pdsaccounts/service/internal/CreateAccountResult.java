package dev.pdsaccounts.service.internal;

/**
 * Outcome of the store's atomic account insert. Exactly one outcome; on anything but {@link Created}
 * nothing was written (no account, no invite use, no refresh token).
 */
public sealed interface CreateAccountResult {
    /** Everything was inserted. */
    record Created() implements CreateAccountResult {}

    /** Another account (any status) holds the handle, compared case-insensitively. */
    record HandleTaken() implements CreateAccountResult {}

    /** Another account (any status) holds the email, compared case-insensitively. */
    record EmailTaken() implements CreateAccountResult {}

    /** An account with this DID exists. */
    record DidTaken() implements CreateAccountResult {}

    /** The supplied invite code does not exist, is disabled, exhausted, or its issuer is taken down. */
    record InviteUnavailable() implements CreateAccountResult {}
}
