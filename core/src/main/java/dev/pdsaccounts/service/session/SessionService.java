package dev.pdsaccounts.service.session;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.RefreshClaims;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.service.internal.SessionErrors;
import dev.pdsaccounts.session.SessionInfo;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.AccountStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions: {@code com.atproto.server.createSession} (by {@link Login}), {@code refreshSession},
 * {@code deleteSession}, {@code getSession}, and the access-token checks a host's XRPC layer makes before every
 * authenticated call ({@link #verifyAccessToken}, {@link #requireAccount}). App passwords are
 * {@link AppPasswordService}'s.
 *
 * <pre>{@code
 * SessionOutput s = pds.sessions().createSession(CreateSessionInput.of("alice.example.com", password));
 * AccessClaims claims = pds.sessions().verifyAccessToken(authorizationHeader, Scope.FULL);
 * pds.sessions().requireAccount(claims, true);
 * SessionOutput next = pds.sessions().refreshSession(s.refreshJwt());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SessionService {
    /** The scopes {@link #getSession} accepts: {@link Scope#STANDARD} plus {@link Scope#SIGNUP_QUEUED}. */
    public static final Set<Scope> GET_SESSION_SCOPES = Collections.unmodifiableSet(
            EnumSet.of(Scope.ACCESS, Scope.APP_PASS_PRIVILEGED, Scope.APP_PASS, Scope.SIGNUP_QUEUED));
    /** A rotation conflicts at most once (a row's next id never changes once set); the rest is margin. */
    private static final int MAX_ROTATION_ATTEMPTS = 4;

    private final PdsConfig config;
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final SessionTokens sessionTokens;
    private final SessionIssuer issuer;
    private final Login login;
    private final SessionViews views;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config        the configuration
     * @param store         the store port
     * @param clock         the clock (millisecond precision)
     * @param random        the randomness of successor ids
     * @param plcDirectory  the PLC directory (the DID document of a session)
     * @param sessionTokens the session JWT codec
     * @param issuer        mints sessions
     * @param login         the login use case
     */
    public SessionService(PdsConfig config, AccountStore store, Clock clock, SecureRandom random,
                          PlcDirectory plcDirectory, SessionTokens sessionTokens, SessionIssuer issuer, Login login) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sessionTokens = Objects.requireNonNull(sessionTokens, "sessionTokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.login = Objects.requireNonNull(login, "login");
        this.views = new SessionViews(config, plcDirectory);
    }

    /**
     * Logs in ({@code com.atproto.server.createSession}); see {@link Login#createSession}.
     *
     * @param input identifier, password and options
     * @return the new session
     */
    public SessionOutput createSession(CreateSessionInput input) {
        return login.createSession(input);
    }

    // ------------------------------------------------------------------------------------- access tokens

    /**
     * Verifies an access token as an XRPC endpoint does before its handler runs.
     *
     * @param bearerOrJwt the {@code Authorization} header value ({@code Bearer <jwt>}) or the bare JWT
     * @param allowed     the scopes the endpoint accepts, e.g. {@link Scope#STANDARD} (not null)
     * @return the verified claims
     * @throws LexiconException {@code AuthMissing} (401) when no token is given; {@code ExpiredToken} when it
     *                          expired; {@code InvalidToken} for any other failure, a scope outside
     *                          {@code allowed} included
     */
    public AccessClaims verifyAccessToken(String bearerOrJwt, Set<Scope> allowed) {
        Objects.requireNonNull(allowed, "allowed");
        return sessionTokens.verifyAccessToken(SessionViews.bearerToken(bearerOrJwt), allowed);
    }

    /**
     * Verifies a refresh token as an XRPC endpoint does before {@code refreshSession} or {@code deleteSession}
     * runs (signature, audience, type, expiry unless {@code allowExpired}).
     *
     * @param bearerOrJwt  the {@code Authorization} header value ({@code Bearer <jwt>}) or the bare JWT
     * @param allowExpired whether an expired token still verifies (logout accepts one)
     * @return the verified claims
     * @throws LexiconException {@code AuthMissing} (401) when no token is given; {@code ExpiredToken} when it
     *                          expired and that is not allowed; {@code InvalidToken} for any other failure
     */
    public RefreshClaims verifyRefreshToken(String bearerOrJwt, boolean allowExpired) {
        return sessionTokens.verifyRefreshToken(SessionViews.bearerToken(bearerOrJwt), allowExpired);
    }

    /**
     * Loads the account of verified claims, as the reference's auth layer does for every authenticated call.
     *
     * @param claims        claims from {@link #verifyAccessToken} (not null)
     * @param checkTakedown whether a taken-down account is refused
     * @return the account, whatever its status when {@code checkTakedown} is false
     * @throws LexiconException {@code AccountNotFound} (403) when the account no longer exists;
     *                          {@code AccountTakedown} (401) when taken down and {@code checkTakedown}
     */
    public Account requireAccount(AccessClaims claims, boolean checkTakedown) {
        Objects.requireNonNull(claims, "claims");
        Account account = store.findAccountByDid(claims.did()).orElseThrow(SessionErrors::accountNotFound);
        if (checkTakedown && account.isTakenDown()) {
            throw SessionErrors.takedown();
        }
        return account;
    }

    /**
     * The session's account ({@code com.atproto.server.getSession}).
     *
     * @param bearerOrJwt the access token, bare or as a {@code Bearer} header value, with one of
     *                    {@link #GET_SESSION_SCOPES}
     * @return the account's session view
     * @throws LexiconException {@code AuthMissing}, {@code ExpiredToken}, {@code InvalidToken} as
     *                          {@link #verifyAccessToken}; {@code InvalidRequest} "Could not find user info for
     *                          account: &lt;did&gt;" when the account no longer exists
     */
    public SessionInfo getSession(String bearerOrJwt) {
        AccessClaims claims = verifyAccessToken(bearerOrJwt, GET_SESSION_SCOPES);
        Account account = store.findAccountByDid(claims.did())
                .orElseThrow(() -> SessionErrors.userInfoMissing(claims.did()));
        return new SessionInfo(SessionViews.displayHandle(account), account.did(), account.email(), account.emailConfirmed(),
                account.emailAuthFactor(), account.status().isActive(), account.status().lexiconValue(), views.didDoc(account.did()));
    }

    // ----------------------------------------------------------------------------------- refresh / logout

    /**
     * Rotates a refresh token ({@code com.atproto.server.refreshSession}), as the reference: the presented
     * token keeps working for the grace period ({@link dev.pdsaccounts.config.PdsConfig#refreshGracePeriod()},
     * never past its own expiry), and every use of it in that window, concurrent ones included, yields a
     * refresh token with the same successor id. Deactivated accounts refresh; app-password sessions keep their
     * scope, read back from the app password (a revoked app password revokes its sessions).
     *
     * @param refreshJwt the refresh token, bare or as a {@code Bearer} header value
     * @return the new session
     * @throws LexiconException {@code AuthMissing} when no token is given; {@code InvalidToken} when it is not a
     *                          valid refresh token (an access token included); {@code ExpiredToken} "Token has
     *                          expired", or "Token has been revoked" when its row is gone (logout, password
     *                          change, takedown, app-password revocation) or its grace period is over;
     *                          {@code InvalidRequest} "Could not find user info for account: &lt;did&gt;";
     *                          {@code AccountTakedown} (401)
     */
    public SessionOutput refreshSession(String refreshJwt) {
        RefreshClaims claims = sessionTokens.verifyRefreshToken(SessionViews.bearerToken(refreshJwt), false);
        String did = claims.did();
        Account account = store.findAccountByDid(did).orElseThrow(() -> SessionErrors.userInfoMissing(did));
        if (account.isTakenDown()) {
            throw SessionErrors.takedown();
        }
        for (int attempt = 0; attempt < MAX_ROTATION_ATTEMPTS; attempt++) {
            RefreshToken row = store.findRefreshToken(claims.jti()).orElseThrow(SessionErrors::revoked);
            if (!row.did().equals(did)) {
                throw SessionErrors.revoked();
            }
            Instant now = clock.instant();
            if (attempt == 0) {
                sweepExpired(did, now);
            }
            Instant grace = row.graceExpiry(now, config.refreshGracePeriod()).orElseThrow(SessionErrors::revoked);
            String nextId = row.successorId(() -> SessionTokens.newJti(random));
            Scope scope = Scope.ACCESS;
            if (row.appPasswordName().isPresent()) {
                AppPassword appPassword = SessionViews.findAppPassword(store, did, row.appPasswordName().get())
                        .orElseThrow(SessionErrors::revoked);
                scope = appPassword.privileged() ? Scope.APP_PASS_PRIVILEGED : Scope.APP_PASS;
            }
            IssuedSession session = issuer.issueWithJti(did, scope, row.appPasswordName(), nextId);
            // The account's row is locked first: a takedown or password change that deletes the account's rows
            // commits wholly before (the row is gone) or after (the successor goes too) the rotation.
            RotateResult result = store.inTransaction(tx -> {
                tx.findAccountByDid(did);
                return tx.rotateRefreshToken(row.id(), grace, session.refreshToken().orElseThrow());
            });
            if (result instanceof RotateResult.Rotated) {
                return views.output(account, session);
            }
            if (result instanceof RotateResult.NotFound) {
                throw SessionErrors.revoked();
            }
            // NextIdConflict: a concurrent refresh chose the successor first; start over and reuse its id.
        }
        throw new InfrastructureException("Refresh-token rotation did not settle after " + MAX_ROTATION_ATTEMPTS
                + " attempts");
    }

    private void sweepExpired(String did, Instant now) {
        try {
            AccountChanges.deleteExpiredSessions(store, did, now);
        } catch (InfrastructureException e) {
            // Best effort, as the reference: the sweep is housekeeping and must not fail a refresh.
        }
    }

    /**
     * Logs out ({@code com.atproto.server.deleteSession}): revokes the session of the refresh token. Expired
     * tokens are accepted, and logging out twice succeeds.
     *
     * <p>Stricter than the reference, which deletes only the presented row: this revokes the whole rotation
     * chain the token belongs to (its predecessors still in their grace window and its successors), so a
     * predecessor can no longer bring a logged-out successor back. Each row is first sealed (expired, with its
     * successor fixed) by an atomic rotation, then deleted, oldest first, so a refresh running at the same
     * time cannot extend the chain past the logout either.
     *
     * @param refreshJwt the refresh token, bare or as a {@code Bearer} header value
     * @throws LexiconException {@code AuthMissing} when no token is given; {@code InvalidToken} when it is not a
     *                          validly signed refresh token
     */
    public void deleteSession(String refreshJwt) {
        RefreshClaims claims = sessionTokens.verifyRefreshToken(SessionViews.bearerToken(refreshJwt), true);
        String did = claims.did();
        Map<String, String> predecessorOf = new HashMap<>();
        for (RefreshToken row : store.refreshTokensOf(did)) {
            row.nextId().ifPresent(next -> predecessorOf.put(next, row.id()));
        }
        String root = claims.jti();
        Set<String> seen = new HashSet<>();
        while (predecessorOf.containsKey(root) && seen.add(root)) {
            root = predecessorOf.get(root);
        }
        Set<String> visited = new HashSet<>();
        String cursor = root;
        while (cursor != null && visited.add(cursor)) {
            cursor = sealAndDelete(did, cursor);
        }
    }

    /**
     * Makes the row unusable and deletes it; returns its final successor id, if it has a real one. Sealing is
     * a compare-and-set rotation to an already expired state: afterwards its successor can no longer change,
     * so the returned id is the only row it ever leads to.
     */
    private String sealAndDelete(String did, String id) {
        RefreshToken row = store.findRefreshToken(id).orElse(null);
        if (row == null || !row.did().equals(did)) {
            return null;
        }
        Instant sealedAt = clock.instant();
        String next = row.nextId().orElse(null);
        boolean placeholder = next == null;
        String successor = placeholder ? SessionTokens.newJti(random) : next;
        for (int attempt = 0; attempt < MAX_ROTATION_ATTEMPTS; attempt++) {
            RotateResult result = store.rotateRefreshToken(id, sealedAt,
                    new RefreshToken(successor, did, sealedAt, Optional.empty(), row.appPasswordName()));
            if (result instanceof RotateResult.NextIdConflict conflict) {
                successor = conflict.existingNextId();
                placeholder = false;
                continue;
            }
            if (result instanceof RotateResult.NotFound) {
                return placeholder ? null : successor;
            }
            break;
        }
        // A placeholder successor was never signed: nobody holds a token with its id, so it goes too.
        store.deleteRefreshTokens(did, placeholder ? List.of(id, successor) : List.of(id), Optional.empty());
        return placeholder ? null : successor;
    }
}
