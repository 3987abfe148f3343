package dev.pdsaccounts.token;

/** The fields {@link EmailTokenRepository#findEmailToken} can compare besides the purpose (each unique per purpose). */
public enum EmailTokenField {
    /** The DID of the account the token was issued to. */
    ACCOUNT,
    /** The hash of the emailed token. */
    TOKEN_HASH
}
