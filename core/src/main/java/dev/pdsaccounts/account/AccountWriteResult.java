package dev.pdsaccounts.account;

/**
 * What a store reports for an account insert or update: written, or which uniqueness rule the row would break.
 * The store only reports what its unique keys say; the domain decides what each outcome means.
 */
public sealed interface AccountWriteResult {
    /** The row was written. */
    record Written() implements AccountWriteResult {}

    /** Update only: no account has this DID. */
    record NotFound() implements AccountWriteResult {}

    /** Insert only: an account with this DID exists. */
    record DidTaken() implements AccountWriteResult {}

    /** Another account holds this handle. */
    record HandleTaken() implements AccountWriteResult {}

    /** Another account holds this email. */
    record EmailTaken() implements AccountWriteResult {}
}
