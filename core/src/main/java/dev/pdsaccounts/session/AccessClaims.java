package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The verified claims of an access token.
 *
 * @param did the account ({@code sub})
 * @param scope the token's scope
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record AccessClaims(String did, Scope scope, Instant issuedAt, Instant expiresAt) {
    /**
     * Requires every component.
     *
     * @param did the account
     * @param scope the scope
     * @param issuedAt {@code iat}
     * @param expiresAt {@code exp}
     */
    public AccessClaims {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
