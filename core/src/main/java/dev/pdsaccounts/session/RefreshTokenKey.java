package dev.pdsaccounts.session;

import java.util.Objects;

/**
 * Which refresh-token rows {@link RefreshTokenRepository#findRefreshTokens} returns: the row with this id (its
 * {@code jti}, unique), or every row of this account.
 *
 * @param by    the field compared
 * @param value the value it must equal
 */
public record RefreshTokenKey(By by, String value) {

    /** The fields a lookup can compare. */
    public enum By {
        /** The row's id (unique): at most one row. */
        ID,
        /** The account's DID: all its rows, expired ones included. */
        ACCOUNT
    }

    /**
     * Checks both parts are given.
     *
     * @param by    the field compared
     * @param value the value it must equal
     */
    public RefreshTokenKey {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@return the key of the row with this id}
     *
     * @param id the refresh token's id
     */
    public static RefreshTokenKey id(String id) {
        return new RefreshTokenKey(By.ID, id);
    }

    /**
     * {@return the key of every row of this account}
     *
     * @param did the account's DID
     */
    public static RefreshTokenKey account(String did) {
        return new RefreshTokenKey(By.ACCOUNT, did);
    }
}
