package dev.pdsaccounts.account;

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

    /** The account with this DID (exact), whatever its status. Inside a transaction, locks its row. */
    Optional<Account> findAccountByDid(String did);

    /** The account with this normalised handle. Inside a transaction, locks its row. */
    Optional<Account> findAccountByHandle(String handle);

    /** The account with this normalised email. Inside a transaction, locks its row. */
    Optional<Account> findAccountByEmail(String email);

    /**
     * Inserts a new account row as given.
     *
     * @return {@code Written}, or {@code DidTaken} / {@code HandleTaken} / {@code EmailTaken} (checked in this
     *         order) when a row with that unique value exists; nothing is written then
     */
    AccountWriteResult insertAccount(Account account);

    /**
     * Replaces every field of the row with this DID by the given account's.
     *
     * @return {@code Written}; {@code NotFound} when no row has this DID; {@code HandleTaken} /
     *         {@code EmailTaken} when another row holds the new handle / email (nothing is written then)
     */
    AccountWriteResult updateAccount(Account account);

    /** Deletes the account row only (nothing else). Returns whether it existed. */
    boolean deleteAccount(String did);

    /**
     * Accounts that have an email starting with {@code emailPrefix} (normalised; empty matches every account
     * with an email), ordered by DID, strictly after {@code afterDid} if given, at most {@code limit}.
     */
    List<Account> searchAccountsByEmail(String emailPrefix, Optional<String> afterDid, int limit);

    /** How many accounts are stored (operators, tests, benchmarks). */
    long countAccounts();
}
