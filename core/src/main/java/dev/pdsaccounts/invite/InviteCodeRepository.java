package dev.pdsaccounts.invite;

import dev.pdsaccounts.lookup.Lookup;
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
     *
     * @param codes the new codes
     */
    void insertInviteCodes(List<InviteCode> codes);

    /**
     * The codes the lookup names, each with its use records (ordered by {@code usedAt}, then {@code usedBy}): the
     * code itself, the codes issued to an account (ordered by {@code createdAt}, then code), or the codes an
     * account used (ordered by the time of that account's use, then code). Inside a transaction, a lookup by
     * code locks the code's row, so its use count cannot change until the transaction ends; the other lookups
     * lock nothing.
     *
     * @param key the field compared and its value
     * @return the codes with their uses, possibly none
     */
    List<InviteCodeDetails> findInviteCodes(Lookup<InviteCodeField> key);

    /**
     * {@return the code with its use records} Inside a transaction, locks the code's row. Stores need not
     * implement it: it is {@link #findInviteCodes} by {@link InviteCodeField#CODE}.
     *
     * @param code the code, compared exactly
     */
    default Optional<InviteCodeDetails> findInviteCode(String code) {
        return findInviteCodes(new Lookup<>(InviteCodeField.CODE, code)).stream().findFirst();
    }

    /**
     * {@return every code whose {@code forAccount} is {@code did}, with its uses, ordered by {@code createdAt}
     * then code} Stores need not implement it: it is {@link #findInviteCodes} by
     * {@link InviteCodeField#ISSUED_TO}.
     *
     * @param did the account's DID
     */
    default List<InviteCodeDetails> inviteCodesForAccount(String did) {
        return findInviteCodes(new Lookup<>(InviteCodeField.ISSUED_TO, did));
    }

    /**
     * {@return every use record whose {@code usedBy} is {@code did}, ordered by {@code usedAt} then code} Stores
     * need not implement it: it is {@link #findInviteCodes} by {@link InviteCodeField#USED_BY}, keeping that
     * account's uses.
     *
     * @param did the account's DID
     */
    default List<InviteCodeUse> inviteCodeUsesBy(String did) {
        return findInviteCodes(new Lookup<>(InviteCodeField.USED_BY, did)).stream()
                .flatMap(d -> d.uses().stream())
                .filter(u -> u.usedBy().equals(did))
                .toList();
    }

    /**
     * Inserts a use record.
     *
     * @param use the use record
     */
    void insertInviteCodeUse(InviteCodeUse use);

    /**
     * Sets {@code disabled} on every code in {@code codes} and every code whose {@code forAccount} is in
     * {@code forAccounts}. Returns how many rows changed from enabled to disabled.
     *
     * @param codes       the codes to disable, possibly none
     * @param forAccounts account DIDs whose codes to disable, possibly none
     * @return how many codes changed from enabled to disabled
     */
    int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts);

    /**
     * Deletes what the lookup names, in one step: the code with its use records ({@link InviteCodeField#CODE}),
     * every code issued to an account with their use records ({@link InviteCodeField#ISSUED_TO}), or every use
     * record of an account, leaving the codes it used ({@link InviteCodeField#USED_BY}).
     *
     * @param key the field compared and its value
     * @return how many codes (by code or issuer) or use records (by user) existed
     */
    int deleteInviteCodes(Lookup<InviteCodeField> key);

    /**
     * One page of every code with its uses, in the given order (both descending on {@code (primary key,
     * code)}, see {@link InviteSort}), strictly after {@code after} if given, at most {@code limit}; the page's
     * {@code next} cursor is present when more rows may follow.
     *
     * @param sort  the order
     * @param limit the most codes on the page, positive
     * @param after the cursor of the previous page, or empty for the first page
     * @return the page, never null
     */
    InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after);
}
