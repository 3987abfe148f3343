package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pdsaccounts.testsupport.MapStore;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link AccountRepository#countAccounts()} is a default method an adapter need not write: it walks
 * {@link AccountRepository#listAccounts} page by page, so it must count every account once across page
 * boundaries, with or without an email, inside a transaction too.
 */
class AccountRepositoryDefaultsTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private static Account account(int i, boolean withEmail) {
        String n = String.format("%05d", i);
        return Account.newAccount("did:plc:a" + n, "a" + n + ".test",
                withEmail ? Optional.of("a" + n + "@example.com") : Optional.empty(), Optional.of("h"), T0,
                Optional.empty());
    }

    @Test
    void countAccountsWalksEveryPage() {
        MapStore store = new MapStore();
        assertEquals(0, store.countAccounts());
        int[] sizes = {1, 999, 1000, 1001, 2000, 2500};
        int stored = 0;
        for (int size : sizes) {
            for (; stored < size; stored++) {
                store.insertAccount(account(stored, stored % 3 != 0));
            }
            assertEquals(size, store.countAccounts(), "after " + size + " accounts");
            assertEquals(size, store.inTransaction(AccountRepository::countAccounts), "inside a transaction");
        }
        store.deleteAccount(account(1000, true).did());
        assertEquals(2499, store.countAccounts());
    }
}
