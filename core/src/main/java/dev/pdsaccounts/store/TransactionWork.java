package dev.pdsaccounts.store;

/**
 * The work of one transaction: reads and writes through the given {@link StoreAccess} only.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionWork<T> {
    /**
     * Runs the work.
     *
     * @param tx the transaction's access to every repository; valid only during this call
     * @return the work's result, returned by {@link AccountStore#inTransaction} after commit
     */
    T run(StoreAccess tx);
}
