package dev.pdsaccounts.invite;

/**
 * The fields {@link InviteCodeRepository#findInviteCodes} and {@link InviteCodeRepository#deleteInviteCodes}
 * compare.
 */
public enum InviteCodeField {
    /** The code (unique): at most one, and inside a transaction its row is locked. */
    CODE,
    /** The account the codes were issued to ({@code forAccount}); ordered by {@code createdAt}, then code. */
    ISSUED_TO,
    /** The account that used them (a use record's {@code usedBy}); ordered by that use's time, then code. */
    USED_BY
}
