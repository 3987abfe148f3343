package dev.pdsaccounts.session;

/** The fields {@link RefreshTokenRepository#findRefreshTokens} can compare. */
public enum RefreshTokenField {
    /** The row's id, its {@code jti} (unique): at most one row, locked inside a transaction. */
    ID,
    /** The account's DID: all its rows, expired ones included, ordered by {@code expiresAt}, then id. */
    ACCOUNT
}
