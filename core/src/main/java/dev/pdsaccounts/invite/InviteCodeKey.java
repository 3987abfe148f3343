package dev.pdsaccounts.invite;

import java.util.Objects;

/**
 * Which invite codes {@link InviteCodeRepository#findInviteCodes} returns: the code itself, the codes issued to
 * an account ({@code forAccount}), or the codes an account has used.
 *
 * @param by    the field compared
 * @param value the value it must equal
 */
public record InviteCodeKey(By by, String value) {

    /** The fields a lookup can compare. */
    public enum By {
        /** The code (unique): at most one, and inside a transaction its row is locked. */
        CODE,
        /** The account the codes were issued to ({@code forAccount}); ordered by {@code createdAt}, then code. */
        ISSUED_TO,
        /** The account that used them (a use record's {@code usedBy}); ordered by that use's time, then code. */
        USED_BY
    }

    /**
     * Checks both parts are given.
     *
     * @param by    the field compared
     * @param value the value it must equal
     */
    public InviteCodeKey {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@return the key of this code}
     *
     * @param code the code, compared exactly
     */
    public static InviteCodeKey code(String code) {
        return new InviteCodeKey(By.CODE, code);
    }

    /**
     * {@return the key of the codes issued to this account}
     *
     * @param did the account's DID (or {@link InviteCode#ADMIN})
     */
    public static InviteCodeKey issuedTo(String did) {
        return new InviteCodeKey(By.ISSUED_TO, did);
    }

    /**
     * {@return the key of the codes this account used}
     *
     * @param did the account's DID
     */
    public static InviteCodeKey usedBy(String did) {
        return new InviteCodeKey(By.USED_BY, did);
    }
}
