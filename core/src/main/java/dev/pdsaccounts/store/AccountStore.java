package dev.pdsaccounts.store;

/**
 * The persistence port every store adapter implements: per-aggregate repositories ({@link StoreAccess}) plus a
 * unit of work ({@link #inTransaction}). Stores persist and lock; they decide nothing. Every account rule
 * (invite availability, token effects, revocation, deletion cascade, status transitions) is the domain's,
 * which reads and writes through this port inside one transaction.
 *
 * <p>Contract for implementers (checked by the testkit's store contract suite):
 * <ul>
 *   <li><b>Auto-commit calls.</b> A repository method called on the store itself is its own atomic step and
 *       sees committed data.</li>
 *   <li><b>Transactions.</b> {@link #inTransaction} runs the work with a {@link StoreAccess} whose calls form
 *       one atomic unit: all of its writes are committed when the work returns, none when it throws (the
 *       exception then propagates unchanged). Inside a transaction, each {@code find...} lookup by a unique
 *       key (account, code, refresh-token id, email token, reservation; app passwords always) locks the rows it
 *       returns against writes by other transactions until this one ends (SQL: {@code SELECT ... FOR UPDATE};
 *       in memory: one store-wide lock); lookups of all an account's refresh tokens or invite codes lock
 *       nothing, as their javadoc says. Every write locks what it writes. So a row the work read stays as
 *       it read it, except for the work's own writes, and two transactions that read the same row run one
 *       after the other.</li>
 *   <li><b>Unique keys</b> (account DID, handle and email; invite code; refresh-token id; app-password name
 *       per account; email-token hash per purpose; reserved key's did:key) hold also against concurrent,
 *       uncommitted transactions; clashes are reported as result values where the method says so.</li>
 *   <li><b>Retries.</b> On a transient conflict the database reports (deadlock, serialization failure) the
 *       adapter may roll back and run the work again in a fresh transaction, so the work must have no effect
 *       outside it (mail, events and directory calls happen after {@code inTransaction} returns). The work
 *       must not call the store itself, only the access it is given, and must not nest transactions.</li>
 *   <li>No method returns null: absent values are {@link java.util.Optional#empty()} or empty lists.
 *       Infrastructure failures throw {@link dev.pdsaccounts.error.StoreException}.</li>
 * </ul>
 *
 * <p><b>What an adapter implements:</b> the repositories' abstract methods (24) plus {@link #inTransaction}, 25 in
 * all. Each finder takes a {@link dev.pdsaccounts.lookup.Lookup} naming the column it compares
 * ({@code findAccount(Lookup<AccountField>)}, {@code findInviteCodes(Lookup<InviteCodeField>)}, ...): one
 * statement with a different {@code WHERE}. Each table has at most one delete: by key, or by the rows a lookup
 * names, plus (for the tables that expire) the domain's expiry cutoff. The repositories' default methods
 * ({@code findAccountByDid}, {@code findInviteCode}, {@code refreshTokensOf}, {@code countAccounts}, ...) are the
 * domain's vocabulary over those methods; an adapter need not override them.
 */
public interface AccountStore extends StoreAccess {

    /**
     * Runs {@code work} in one transaction and returns its result after commit.
     *
     * @param work the reads and writes, through the access it is given only
     * @param <T>  the result type
     * @return what the work returned
     * @throws dev.pdsaccounts.error.StoreException when the transaction cannot be committed for infrastructure
     *                                              reasons (after the adapter's own retries)
     */
    <T> T inTransaction(TransactionWork<T> work);
}
