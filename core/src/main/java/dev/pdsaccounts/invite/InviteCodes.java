package dev.pdsaccounts.invite;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Store port for invite codes. Each method is atomic. A code is <em>available</em> when it exists, is not
 * disabled, has fewer use records than {@code availableUses}, and the account named in {@code forAccount}
 * is not taken down ({@code "admin"} and DIDs with no account pass). Consuming a use happens only inside
 * {@link dev.pdsaccounts.account.Accounts#createAccount}, so a use is never burned by a failed sign-up.
 * Implementations MUST NOT return null.
 */
public interface InviteCodes {

    /** Inserts admin-made codes, all or nothing. */
    void insertInviteCodes(List<InviteCode> codes);

    /**
     * Inserts codes earned by {@code did} only if the account still has exactly {@code expectedEarnedCount}
     * earned codes (codes with {@code forAccount = did} and {@code createdBy != "admin"}), so concurrent
     * callers can never exceed the quota.
     */
    EarnInviteCodesResult insertEarnedInviteCodes(String did, int expectedEarnedCount, List<InviteCode> codes);

    /** The code with its uses. */
    Optional<InviteCodeDetails> findInviteCode(String code);

    /** Whether the code is available now (the rule above); a fast pre-check before expensive work. */
    boolean isInviteCodeAvailable(String code);

    /** Every code whose {@code forAccount} is {@code did}, with uses, oldest first. */
    List<InviteCodeDetails> inviteCodesForAccount(String did);

    /** The use record of the code the account signed up with. */
    Optional<InviteCodeUse> inviteCodeUseOf(String did);

    /**
     * Disables the given codes and every code issued to the given accounts. Returns how many codes changed
     * state.
     */
    int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts);

    /** One page of every code, in the given order, after {@code after} if given, at most {@code limit}. */
    InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after);
}
