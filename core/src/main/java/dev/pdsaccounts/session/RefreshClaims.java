package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The verified claims of a refresh token. {@link #toString()} leaves out the token id.
 *
 * @param did the account ({@code sub})
 * @param jti the token id (the refresh-token row's key)
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record RefreshClaims(String did, String jti, Instant issuedAt, Instant expiresAt) {
    /**
     * Requires every component.
     *
     * @param did the account
     * @param jti the token id
     * @param issuedAt {@code iat}
     * @param expiresAt {@code exp}
     */
    public RefreshClaims {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The claims without the token id. */
    @Override
    public String toString() {
        return "RefreshClaims[did=" + did + ", jti=(hidden), issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
