package dev.pdsaccounts.account;

import dev.pdsaccounts.lookup.Lookup;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of the account aggregate, part of {@link dev.pdsaccounts.store.AccountStore}. Plain storage: every
 * method reads or writes exactly what it says and decides nothing (status transitions, token revocation and
 * deletion cascades are the domain's, done through the other repositories in the same transaction).
 *
 * <p>Handles and emails are given already normalised (lower-case); the store compares them exactly. DIDs are
 * case-sensitive. The store keeps DID, handle and email each unique across all accounts whatever their
 * status, also against concurrent transactions, and reports a clash as an {@link AccountWriteResult}.
 */
public interface AccountRepository {

    /**
     * The account whose DID, handle or email (as the lookup says) equals the lookup's value exactly, whatever its
     * status. Inside a transaction, locks its row. One statement: the lookup names the unique column to compare.
     *
     * @param key which unique field to compare, and the value
     * @return the account, or empty when none matches
     */
    Optional<Account> findAccount(Lookup<AccountField> key);

    /**
     * {@return the account with this DID, whatever its status} Inside a transaction, locks its row. Stores need
     * not implement it: it is {@link #findAccount} by {@link AccountField#DID}.
     *
     * @param did the DID, compared exactly
     */
    default Optional<Account> findAccountByDid(String did) {
        return findAccount(new Lookup<>(AccountField.DID, did));
    }

    /**
     * {@return the account with this normalised handle} Inside a transaction, locks its row. Stores need not
     * implement it: it is {@link #findAccount} by {@link AccountField#HANDLE}.
     *
     * @param handle the normalised (lower-case) handle
     */
    default Optional<Account> findAccountByHandle(String handle) {
        return findAccount(new Lookup<>(AccountField.HANDLE, handle));
    }

    /**
     * {@return the account with this normalised email} Inside a transaction, locks its row. Stores need not
     * implement it: it is {@link #findAccount} by {@link AccountField#EMAIL}.
     *
     * @param email the normalised (lower-case) email
     */
    default Optional<Account> findAccountByEmail(String email) {
        return findAccount(new Lookup<>(AccountField.EMAIL, email));
    }

    /**
     * Inserts a new account row as given.
     *
     * @return {@code Written}, or {@code DidTaken} / {@code HandleTaken} / {@code EmailTaken} (checked in this
     *         order) when a row with that unique value exists; nothing is written then
     *
     * @param account the new account
     */
    AccountWriteResult insertAccount(Account account);

    /**
     * Replaces every field of the row with this DID by the given account's.
     *
     * @return {@code Written}; {@code NotFound} when no row has this DID; {@code HandleTaken} /
     *         {@code EmailTaken} when another row holds the new handle / email (nothing is written then)
     *
     * @param account the account's new state, found by its DID
     */
    AccountWriteResult updateAccount(Account account);

    /**
     * Deletes the account row only (nothing else).
     *
     * @param did the account's DID
     * @return whether the row existed
     */
    boolean deleteAccount(String did);

    /**
     * One page of accounts ordered by DID, strictly after {@code afterDid} if given, at most {@code limit}: every
     * account when {@code emailPrefix} is empty, else only those with an email starting with it (normalised;
     * the empty string matches every account with an email). Locks nothing.
     *
     * @param emailPrefix a normalised email prefix, or empty for every account, with or without an email
     * @param afterDid    the last DID of the previous page, or empty for the first page
     * @param limit       the most accounts to return, positive
     * @return the matching accounts, possibly none
     */
    List<Account> listAccounts(Optional<String> emailPrefix, Optional<String> afterDid, int limit);

    /**
     * {@return how many accounts are stored, whatever their status} For operators, tests and benchmarks; no use
     * case calls it. Stores need not implement it: it pages through {@link #listAccounts} (an adapter may
     * override it with one {@code COUNT}). Inside a transaction, it counts what the transaction sees.
     */
    default long countAccounts() {
        int pageSize = 1000;
        long count = 0;
        Optional<String> after = Optional.empty();
        while (true) {
            List<Account> page = listAccounts(Optional.empty(), after, pageSize);
            count += page.size();
            if (page.size() < pageSize) {
                return count;
            }
            after = Optional.of(page.get(page.size() - 1).did());
        }
    }
}
