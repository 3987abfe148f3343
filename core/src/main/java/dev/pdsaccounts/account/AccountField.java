package dev.pdsaccounts.account;

/**
 * The unique account fields {@link AccountRepository#findAccount} can compare; each is unique across all
 * accounts, so a lookup finds at most one.
 */
public enum AccountField {
    /** The account's DID, compared exactly (case-sensitive). */
    DID,
    /** The account's normalised (lower-case) handle. */
    HANDLE,
    /** The account's normalised (lower-case) email. */
    EMAIL
}
