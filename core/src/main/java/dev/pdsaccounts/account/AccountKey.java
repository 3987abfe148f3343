package dev.pdsaccounts.account;

import java.util.Objects;

/**
 * Which account {@link AccountRepository#findAccount} looks up: the one whose DID, normalised handle or
 * normalised email equals {@link #value()} exactly. Each of the three is unique across all accounts, so a key
 * finds at most one. A store maps {@link #by()} to the column (or index) it compares.
 *
 * @param by    the unique field compared
 * @param value the value it must equal (DIDs are case-sensitive; handles and emails are given lower-case)
 */
public record AccountKey(By by, String value) {

    /** The unique account fields a lookup can compare. */
    public enum By {
        /** The account's DID. */
        DID,
        /** The account's normalised handle. */
        HANDLE,
        /** The account's normalised email. */
        EMAIL
    }

    /**
     * Checks both parts are given.
     *
     * @param by    the unique field compared
     * @param value the value it must equal
     */
    public AccountKey {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@return the key of the account with this DID}
     *
     * @param did the DID, compared exactly
     */
    public static AccountKey did(String did) {
        return new AccountKey(By.DID, did);
    }

    /**
     * {@return the key of the account with this handle}
     *
     * @param handle the normalised (lower-case) handle
     */
    public static AccountKey handle(String handle) {
        return new AccountKey(By.HANDLE, handle);
    }

    /**
     * {@return the key of the account with this email}
     *
     * @param email the normalised (lower-case) email
     */
    public static AccountKey email(String email) {
        return new AccountKey(By.EMAIL, email);
    }
}
