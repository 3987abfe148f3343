package dev.pdsaccounts.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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
    /**
     * Validates presence.
     *
     * @param id              the refresh JWT's {@code jti}
     * @param did             the account
     * @param expiresAt       when the token stops working (shortened to the grace window once rotated)
     * @param nextId          the successor's {@code jti} once rotated
     * @param appPasswordName the app password the session was created with, if any
     * @throws NullPointerException if a component is null
     */
    public RefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(nextId, "nextId");
        Objects.requireNonNull(appPasswordName, "appPasswordName");
    }

    /**
     * The rotation rule's expiry: once rotated at {@code now}, this token keeps working for the grace period
     * (so a client that lost the response can retry), but never past its own expiry.
     *
     * @param now    the rotation time
     * @param period the grace period
     * @return the shortened expiry, or empty when it would not be after {@code now} (the token is spent)
     */
    public Optional<Instant> graceExpiry(Instant now, Duration period) {
        Instant grace = now.plus(period);
        if (expiresAt.isBefore(grace)) {
            grace = expiresAt;
        }
        return grace.isAfter(now) ? Optional.of(grace) : Optional.empty();
    }

    /**
     * The rotation rule's successor: every rotation of this token, concurrent ones and retries in the grace
     * window included, leads to the same successor id, the one the first rotation chose.
     *
     * @param fresh makes a new id when the token was never rotated
     * @return the successor's id
     */
    public String successorId(Supplier<String> fresh) {
        return nextId.orElseGet(fresh);
    }

    @Override
    public String toString() {
        // The jti alone cannot forge a session, but it is the handle of one: keep it out of logs.
        return "RefreshToken[did=" + did + ", expiresAt=" + expiresAt + ", rotated=" + nextId.isPresent()
                + ", appPassword=" + appPasswordName.orElse("-") + "]";
    }
}
