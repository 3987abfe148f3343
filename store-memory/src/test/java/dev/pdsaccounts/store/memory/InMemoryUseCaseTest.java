package dev.pdsaccounts.store.memory;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.testkit.UseCaseContract;

/** Every use case end to end over the in-memory store. */
class InMemoryUseCaseTest extends UseCaseContract {
    @Override
    protected AccountStore createStore() {
        return new InMemoryAccountStore();
    }
}
