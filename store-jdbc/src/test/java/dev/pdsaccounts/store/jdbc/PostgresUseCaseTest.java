package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.testkit.UseCaseContract;

/** Every use case end to end over {@link JdbcAccountStore} on PostgreSQL, one fresh schema per test (skipped when not configured). */
class PostgresUseCaseTest extends UseCaseContract {
    private final ContractTests databases = new ContractTests(Databases::postgres);

    @Override
    protected AccountStore createStore() {
        return databases.create();
    }

    @Override
    protected void destroyStore(AccountStore store) {
        databases.destroy(store);
    }
}
