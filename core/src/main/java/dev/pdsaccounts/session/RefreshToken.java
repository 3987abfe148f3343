package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A refresh-token row: the server side of a session.
 *
 * @param id              the refresh JWT's {@code jti}
 * @param did             the account
 * @param expiresAt       when the token stops working (shortened to the grace window once rotated)
 * @param nextId          the successor's {@code jti} once rotated
 * @param appPasswordName the app password the session was created with, if any
 */
public record RefreshToken(String id, String did, Instant expiresAt, Optional<String> nextId,
                           Optional<String> appPasswordName) {
    /** Validates presence. */
    public RefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(nextId, "nextId");
        Objects.requireNonNull(appPasswordName, "appPasswordName");
    }

    @Override
    public String toString() {
        // The jti alone cannot forge a session, but it is the handle of one: keep it out of logs.
        return "RefreshToken[did=" + did + ", expiresAt=" + expiresAt + ", rotated=" + nextId.isPresent()
                + ", appPassword=" + appPasswordName.orElse("-") + "]";
    }
}
