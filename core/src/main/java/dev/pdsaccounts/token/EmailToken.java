package dev.pdsaccounts.token;

import java.time.Instant;
import java.util.Objects;

/**
 * An email-token row. The store keeps only a hash of the token, so a dump of the store reveals no token that
 * could be used.
 *
 * @param purpose     what it authorises
 * @param did         the account
 * @param tokenHash   the hash of the normalised (upper-case) token
 * @param requestedAt when it was issued
 */
public record EmailToken(EmailTokenPurpose purpose, String did, String tokenHash, Instant requestedAt) {
    /**
     * Validates presence.
     *
     * @param purpose     what it authorises
     * @param did         the account
     * @param tokenHash   the hash of the normalised (upper-case) token
     * @param requestedAt when it was issued
     * @throws NullPointerException if a component is null
     */
    public EmailToken {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String toString() {
        return "EmailToken[purpose=" + purpose.value() + ", did=" + did + ", requestedAt=" + requestedAt + "]";
    }
}
