package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints session token pairs and their refresh-token rows with the configured lifetimes. Storing the row is
 * the caller's job, so it can be part of the caller's atomic store step (e.g. the account insert).
 */
public final class SessionIssuer {
    private final PdsConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final SessionTokens sessionTokens;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config the configuration
     * @param clock the clock (millisecond precision)
     * @param random the randomness
     * @param sessionTokens the session JWT codec
     */
    public SessionIssuer(PdsConfig config,
            Clock clock,
            SecureRandom random,
            SessionTokens sessionTokens) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sessionTokens = Objects.requireNonNull(sessionTokens, "sessionTokens");
    }

    /** A new session with a fresh refresh {@code jti}. */
    public IssuedSession issue(String did, Scope scope, Optional<String> appPasswordName) {
        return issueWithJti(did, scope, appPasswordName, SessionTokens.newJti(random));
    }

    /**
     * A session whose refresh token has the given {@code jti}: rotation inside the grace window hands out
     * the same successor id to every reuse of the old token.
     */
    public IssuedSession issueWithJti(String did, Scope scope, Optional<String> appPasswordName, String jti) {
        SessionTokens tokens = sessionTokens;
        String access = tokens.createAccessToken(did, scope, config.accessTokenLifetime());
        String refresh = tokens.createRefreshToken(did, jti, config.refreshTokenLifetime());
        Instant expiresAt = clock.instant().plus(config.refreshTokenLifetime());
        RefreshToken row = new RefreshToken(jti, did, expiresAt, Optional.empty(), appPasswordName);
        return new IssuedSession(access, refresh, Optional.of(row), scope);
    }

    /**
     * A session for a taken-down account logging in with {@code allowTakendown}: scope
     * {@code com.atproto.takendown} and no refresh row, so it cannot be refreshed.
     */
    public IssuedSession issueTakendown(String did) {
        SessionTokens tokens = sessionTokens;
        String access = tokens.createAccessToken(did, Scope.TAKENDOWN, config.accessTokenLifetime());
        String refresh = tokens.createRefreshToken(did, SessionTokens.newJti(random),
                config.refreshTokenLifetime());
        return new IssuedSession(access, refresh, Optional.empty(), Scope.TAKENDOWN);
    }
}
