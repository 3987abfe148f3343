package dev.pdsaccounts.token;

import java.util.Objects;

/**
 * Which email token {@link EmailTokenRepository#findEmailToken(EmailTokenKey)} looks up: the token of
 * {@link #purpose()} whose account DID, or whose hash, equals {@link #value()} exactly. An account holds at
 * most one token per purpose and hashes are unique per purpose, so a key finds at most one.
 *
 * @param purpose what the token is for
 * @param by      the field compared
 * @param value   the value it must equal
 */
public record EmailTokenKey(EmailTokenPurpose purpose, By by, String value) {

    /** The fields a lookup can compare (each unique per purpose). */
    public enum By {
        /** The DID of the account the token was issued to. */
        ACCOUNT,
        /** The hash of the emailed token. */
        TOKEN_HASH
    }

    /**
     * Checks every part is given.
     *
     * @param purpose what the token is for
     * @param by      the field compared
     * @param value   the value it must equal
     */
    public EmailTokenKey {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@return the key of the account's token of this purpose}
     *
     * @param purpose what the token is for
     * @param did     the account's DID
     */
    public static EmailTokenKey ofAccount(EmailTokenPurpose purpose, String did) {
        return new EmailTokenKey(purpose, By.ACCOUNT, did);
    }

    /**
     * {@return the key of the token of this purpose with this hash}
     *
     * @param purpose   what the token is for
     * @param tokenHash the hash of the emailed token
     */
    public static EmailTokenKey ofHash(EmailTokenPurpose purpose, String tokenHash) {
        return new EmailTokenKey(purpose, By.TOKEN_HASH, tokenHash);
    }
}
