package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.store.AccountStore;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Keeps the test database behind each store a contract test created, to dump and drop it. */
public final class ContractTests {
    private final Supplier<? extends TestDatabase> factory;
    private final Map<AccountStore, TestDatabase> open = new IdentityHashMap<>();

    /** Databases come from {@code factory}, one per test. */
    public ContractTests(Supplier<? extends TestDatabase> factory) {
        this.factory = factory;
    }

    /** A store over a fresh database. */
    public synchronized AccountStore create() {
        TestDatabase db = factory.get();
        AccountStore store = db.store();
        open.put(store, db);
        return store;
    }

    /** Every row of the store's tables. */
    public synchronized String dump(AccountStore store) {
        return open.get(store).dumpAllTables();
    }

    /** Drops the store's database. */
    public synchronized void destroy(AccountStore store) {
        TestDatabase db = open.remove(store);
        if (db != null) {
            db.close();
        }
    }
}
