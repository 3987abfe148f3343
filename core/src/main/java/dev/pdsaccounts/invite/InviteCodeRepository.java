package dev.pdsaccounts.invite;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of invite codes and their use records, part of {@link dev.pdsaccounts.store.AccountStore}. Plain
 * storage: whether a code is available, how many codes an account has earned and what deletion does to use
 * records are decided by the domain ({@link InviteCode} and the use cases).
 */
public interface InviteCodeRepository {

    /**
     * Inserts codes, all or nothing.
     *
     * @throws dev.pdsaccounts.error.StoreException when a code already exists (codes are random; the domain
     *                                              never produces a clash on purpose)
     */
    void insertInviteCodes(List<InviteCode> codes);

    /**
     * The code with its use records (ordered by {@code usedAt}, then {@code usedBy}). Inside a transaction,
     * locks the code's row, so its use count cannot change until the transaction ends.
     */
    Optional<InviteCodeDetails> findInviteCode(String code);

    /** Every code whose {@code forAccount} is {@code did}, with its uses, ordered by {@code createdAt} then code. */
    List<InviteCodeDetails> inviteCodesForAccount(String did);

    /** Every use record whose {@code usedBy} is {@code did}, ordered by {@code usedAt} then code. */
    List<InviteCodeUse> inviteCodeUsesBy(String did);

    /** Inserts a use record. */
    void insertInviteCodeUse(InviteCodeUse use);

    /** Replaces {@code usedBy} of the use record ({@code code}, {@code usedBy}). Returns whether it existed. */
    boolean updateInviteCodeUser(String code, String usedBy, String newUsedBy);

    /**
     * Sets {@code disabled} on every code in {@code codes} and every code whose {@code forAccount} is in
     * {@code forAccounts}. Returns how many rows changed from enabled to disabled.
     */
    int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts);

    /** Deletes the given codes with their use records. Returns how many codes existed. */
    int deleteInviteCodes(Collection<String> codes);

    /**
     * One page of every code with its uses, in the given order (both descending on {@code (primary key,
     * code)}, see {@link InviteSort}), strictly after {@code after} if given, at most {@code limit}; the page's
     * {@code next} cursor is present when more rows may follow.
     */
    InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after);
}
