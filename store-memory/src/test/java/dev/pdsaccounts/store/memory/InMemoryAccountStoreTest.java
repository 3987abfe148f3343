package dev.pdsaccounts.store.memory;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.testkit.AccountStoreContract;

/** Runs the whole store contract against {@link InMemoryAccountStore}. */
class InMemoryAccountStoreTest extends AccountStoreContract {

    @Override
    protected AccountStore createStore() {
        return new InMemoryAccountStore();
    }

    @Override
    protected String dumpRawContents(AccountStore store) {
        return ((InMemoryAccountStore) store).rawContents();
    }
}
