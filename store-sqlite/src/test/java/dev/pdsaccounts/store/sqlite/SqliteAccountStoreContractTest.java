package dev.pdsaccounts.store.sqlite;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.jdbc.ContractTests;
import dev.pdsaccounts.testkit.AccountStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole store contract against {@link SqliteAccountStore}, one fresh file in a {@code @TempDir} per test. */
class SqliteAccountStoreContractTest extends AccountStoreContract {
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

    @Override
    protected String dumpRawContents(AccountStore store) {
        return databases.dump(store);
    }
}
