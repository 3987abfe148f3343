package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.testkit.UseCaseContract;

/** Every use case end to end over {@link JdbcAccountStore} on H2 in memory (PostgreSQL mode). */
class H2UseCaseTest extends UseCaseContract {
    private final ContractTests databases = new ContractTests(Databases::h2);

    @Override
    protected AccountStore createStore() {
        return databases.create();
    }

    @Override
    protected void destroyStore(AccountStore store) {
        databases.destroy(store);
    }
}
