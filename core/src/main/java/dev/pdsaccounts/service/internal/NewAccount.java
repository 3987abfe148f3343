package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.session.RefreshToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the store writes in one atomic step when an account is created.
 *
 * @param account      the account row (handle and email already normalised, hash computed)
 * @param inviteCode   a code whose use is recorded; it must be available at commit time
 * @param refreshToken the first session's refresh-token row, if a session is issued
 */
public record NewAccount(Account account, Optional<String> inviteCode, Optional<RefreshToken> refreshToken) {
    /** Validates presence. */
    public NewAccount {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(inviteCode, "inviteCode");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** When the invite use is recorded: the account's creation time. */
    public Instant createdAt() {
        return account.createdAt();
    }
}
