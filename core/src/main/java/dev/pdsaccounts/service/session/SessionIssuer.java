package dev.pdsaccounts.service.session;

import dev.pdsaccounts.session.RefreshToken;

import dev.pdsaccounts.session.SessionTokens;

import dev.pdsaccounts.session.IssuedSession;

import dev.pdsaccounts.session.Scope;

import dev.pdsaccounts.config.ServiceContext;
import java.time.Instant;
import java.util.Optional;

/**
 * Mints session token pairs and their refresh-token rows with the configured lifetimes. Storing the row is
 * the caller's job, so it can be part of the caller's atomic store step (e.g. the account insert).
 */
public final class SessionIssuer {
    private final ServiceContext ctx;

    /** An issuer over the shared collaborators. */
    public SessionIssuer(ServiceContext ctx) {
        this.ctx = ctx;
    }

    /** A new session with a fresh refresh {@code jti}. */
    public IssuedSession issue(String did, Scope scope, Optional<String> appPasswordName) {
        return issueWithJti(did, scope, appPasswordName, SessionTokens.newJti(ctx.random()));
    }

    /**
     * A session whose refresh token has the given {@code jti}: rotation inside the grace window hands out
     * the same successor id to every reuse of the old token.
     */
    public IssuedSession issueWithJti(String did, Scope scope, Optional<String> appPasswordName, String jti) {
        SessionTokens tokens = ctx.sessionTokens();
        String access = tokens.createAccessToken(did, scope, ctx.config().accessTokenLifetime());
        String refresh = tokens.createRefreshToken(did, jti, ctx.config().refreshTokenLifetime());
        Instant expiresAt = ctx.now().plus(ctx.config().refreshTokenLifetime());
        RefreshToken row = new RefreshToken(jti, did, expiresAt, Optional.empty(), appPasswordName);
        return new IssuedSession(access, refresh, Optional.of(row), scope);
    }

    /**
     * A session for a taken-down account logging in with {@code allowTakendown}: scope
     * {@code com.atproto.takendown} and no refresh row, so it cannot be refreshed.
     */
    public IssuedSession issueTakendown(String did) {
        SessionTokens tokens = ctx.sessionTokens();
        String access = tokens.createAccessToken(did, Scope.TAKENDOWN, ctx.config().accessTokenLifetime());
        String refresh = tokens.createRefreshToken(did, SessionTokens.newJti(ctx.random()),
                ctx.config().refreshTokenLifetime());
        return new IssuedSession(access, refresh, Optional.empty(), Scope.TAKENDOWN);
    }
}
