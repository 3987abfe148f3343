package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.testkit.AccountStoreContract;

/** The whole store contract against {@link JdbcAccountStore} on PostgreSQL, one fresh schema per test (skipped when not configured). */
class PostgresAccountStoreContractTest extends AccountStoreContract {
    private final ContractTests databases = new ContractTests(Databases::postgres);

    @Override
    protected AccountStore createStore() {
        return databases.create();
    }

    @Override
    protected void destroyStore(AccountStore store) {
        databases.destroy(store);
    }

    @Override
    protected String dumpRawContents(AccountStore store) {
        return databases.dump(store);
    }
}
