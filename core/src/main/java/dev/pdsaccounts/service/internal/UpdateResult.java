package dev.pdsaccounts.service.internal;

/** Outcome of an atomic handle or email change. On anything but {@link Updated} nothing changed. */
public sealed interface UpdateResult {
    /** The change was written (or the value was already the account's own). */
    record Updated() implements UpdateResult {}

    /** No account with that DID. */
    record NotFound() implements UpdateResult {}

    /** Another account holds the handle. */
    record HandleTaken() implements UpdateResult {}

    /** Another account holds the email. */
    record EmailTaken() implements UpdateResult {}

    /** The email auth factor was asked on for an email that is not (or no longer) confirmed. */
    record EmailUnconfirmed() implements UpdateResult {}
}
