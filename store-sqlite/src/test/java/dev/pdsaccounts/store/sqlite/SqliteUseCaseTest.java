package dev.pdsaccounts.store.sqlite;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.jdbc.ContractTests;
import dev.pdsaccounts.testkit.UseCaseContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Every use case end to end over {@link SqliteAccountStore}, one fresh file in a {@code @TempDir} per test. */
class SqliteUseCaseTest extends UseCaseContract {
    @TempDir
    Path dir;

    private final ContractTests databases = new ContractTests(() -> new SqliteTestDatabase(dir));

    @Override
    protected AccountStore createStore() {
        return databases.create();
    }

    @Override
    protected void destroyStore(AccountStore store) {
        databases.destroy(store);
    }
}
