package dev.pdsaccounts.session;

import java.util.Objects;

/**
 * A freshly minted pair of session tokens and the refresh-token row that backs the refresh token.
 *
 * @param accessJwt    the access token
 * @param refreshJwt   the refresh token
 * @param refreshToken the row to store (absent for sessions that cannot be refreshed)
 * @param scope        the access token's scope
 */
public record IssuedSession(String accessJwt, String refreshJwt, java.util.Optional<RefreshToken> refreshToken,
                            Scope scope) {
    /**
     * Validates presence.
     *
     * @param accessJwt    the access token
     * @param refreshJwt   the refresh token
     * @param refreshToken the row to store (absent for sessions that cannot be refreshed)
     * @param scope        the access token's scope
     * @throws NullPointerException if a component is null
     */
    public IssuedSession {
        Objects.requireNonNull(accessJwt, "accessJwt");
        Objects.requireNonNull(refreshJwt, "refreshJwt");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String toString() {
        return "IssuedSession[scope=" + scope.value() + ", tokens hidden]";
    }
}
