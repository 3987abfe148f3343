package dev.pdsaccounts.invite;

/** Orders of the admin listing ({@code com.atproto.admin.getInviteCodes}), both descending. */
public enum InviteSort {
    /** Newest first: primary key is {@code createdAt} in epoch milliseconds. */
    RECENT,
    /** Most used first: primary key is the use count. */
    USAGE
}
