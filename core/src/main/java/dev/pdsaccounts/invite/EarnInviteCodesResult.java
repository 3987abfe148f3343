package dev.pdsaccounts.invite;

/** Outcome of the atomic insert of codes an account has earned. */
public sealed interface EarnInviteCodesResult {
    /** The codes were inserted. */
    record Created() implements EarnInviteCodesResult {}

    /**
     * The account's count of earned codes was no longer the expected one (a concurrent call created codes):
     * nothing was inserted. The use case answers {@code DuplicateCreate}.
     */
    record ConcurrentCreate() implements EarnInviteCodesResult {}
}
