package dev.pdsaccounts.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@code com.atproto.admin.searchAccounts}.
 *
 * @param accounts the accounts, ordered by DID
 * @param cursor   pass it back for the next page; empty on the last page
 */
public record AccountSearchPage(List<AccountView> accounts, Optional<String> cursor) {
    /**
     * Copies the list.
     *
     * @param accounts the accounts, ordered by DID
     * @param cursor   pass it back for the next page; empty on the last page
     * @throws NullPointerException if a component is null
     */
    public AccountSearchPage {
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(cursor, "cursor");
    }
}
