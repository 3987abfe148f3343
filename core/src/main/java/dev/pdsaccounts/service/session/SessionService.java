package dev.pdsaccounts.service.session;

import dev.pdsaccounts.session.RotateResult;

import dev.pdsaccounts.session.SessionTokens;

import dev.pdsaccounts.session.CreateAppPasswordResult;

import dev.pdsaccounts.session.RefreshToken;

import dev.pdsaccounts.session.RefreshClaims;

import dev.pdsaccounts.session.SessionErrors;

import dev.pdsaccounts.session.SessionInfo;

import dev.pdsaccounts.session.AppPasswordCreated;

import dev.pdsaccounts.session.AppPassword;

import dev.pdsaccounts.session.AccessClaims;

import dev.pdsaccounts.session.Scope;

import dev.pdsaccounts.session.AppPasswordInfo;

import dev.pdsaccounts.session.IssuedSession;

import dev.pdsaccounts.session.SessionOutput;

import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.service.AccountChanges;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.config.ServiceContext;
import dev.pdsaccounts.crypto.ConstantTime;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import java.security.SecureRandom;
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
 * Session and app-password use cases: {@code com.atproto.server.createSession}, {@code refreshSession},
 * {@code deleteSession}, {@code getSession}, {@code createAppPassword}, {@code listAppPasswords},
 * {@code revokeAppPassword}, and the access-token checks a host's XRPC layer makes before the others.
 *
 * <p>Each use case validates its input first, does the expensive work (password hashing) outside any store
 * call, decides races with one atomic store call, and throws only {@link LexiconException} for bad input.
 *
 * <p>Login ({@link #createSession}) makes unknown identifiers and wrong passwords indistinguishable: same error,
 * and the same hashing work (one verification with the configured hasher, against a dummy hash of the same
 * parameters when there is no account, plus one app-password hash). A session created while a concurrent
 * password change, takedown or app-password revocation commits is re-checked after its refresh row is stored
 * and withdrawn if it lost, so no revocation is ever outlived by a session that was being created.
 *
 * <p>Authorisation the host's XRPC layer enforces before calling (reference {@code auth-verifier}):
 * <ul>
 *   <li>{@code getSession}: {@link #GET_SESSION_SCOPES} (checked here);</li>
 *   <li>{@code createAppPassword}: {@link Scope#FULL} only, takedown checked ({@link #requireAccount} with
 *       {@code checkTakedown}), then pass {@link AccessClaims#did()};</li>
 *   <li>{@code listAppPasswords}, {@code revokeAppPassword}: {@link Scope#STANDARD}, then pass
 *       {@link AccessClaims#did()}.</li>
 * </ul>
 *
 * <pre>{@code
 * SessionOutput s = pds.sessions().createSession("alice.example.com", password, false);
 * AccessClaims claims = pds.sessions().verifyAccessToken(authorizationHeader, Scope.FULL);
 * pds.sessions().requireAccount(claims, true);
 * AppPasswordCreated ap = pds.sessions().createAppPassword(claims.did(), "my client", false);
 * SessionOutput next = pds.sessions().refreshSession(s.refreshJwt());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SessionService {
    /** Longest password a login accepts (the reference's {@code OLD_PASSWORD_MAX_LENGTH}), in UTF-16 units. */
    public static final int MAX_LOGIN_PASSWORD_LENGTH = 512;
    /** Longest app-password name, in UTF-16 units (the reference sets none; this keeps rows bounded). */
    public static final int MAX_APP_PASSWORD_NAME_LENGTH = 255;
    /** The scopes {@link #getSession} accepts: {@link Scope#STANDARD} plus {@link Scope#SIGNUP_QUEUED}. */
    public static final Set<Scope> GET_SESSION_SCOPES = Collections.unmodifiableSet(
            EnumSet.of(Scope.ACCESS, Scope.APP_PASS_PRIVILEGED, Scope.APP_PASS, Scope.SIGNUP_QUEUED));

    /** Longest identifier looked up; longer ones cannot belong to an account. */
    private static final int MAX_IDENTIFIER_LENGTH = 2048;
    /** A rotation conflicts at most once (a row's next id never changes once set); the rest is margin. */
    private static final int MAX_ROTATION_ATTEMPTS = 4;
    /** The salt source of the app-password hash made for unknown accounts (only its cost matters). */
    private static final String DUMMY_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BEARER = "bearer";

    private final ServiceContext ctx;
    private final SessionIssuer issuer;
    private final Object dummyHashLock = new Object();
    private volatile String dummyHash;

    /**
     * The service over the shared collaborators.
     *
     * @param ctx the collaborators
     */
    public SessionService(ServiceContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.issuer = new SessionIssuer(ctx);
    }

    // ---------------------------------------------------------------------------------------------- login

    /**
     * Logs in ({@code com.atproto.server.createSession}).
     *
     * <p>The identifier is an email when it contains {@code @} (compared lower-cased), else a handle when it is
     * a valid one (compared lower-cased), else a DID when it is a valid one (compared exactly, DIDs being
     * case-sensitive). The password is checked against the account's password; if it does not match and the
     * account is not taken down, against its app passwords. A password login whose stored hash is outdated
     * ({@link PasswordHasher#needsRehash}) stores a fresh hash. Deactivated accounts log in
     * ({@code active: false}).
     *
     * @param identifier     handle, email or DID
     * @param password       the account password or one of its app passwords
     * @param allowTakendown whether a taken-down account gets a (non-refreshable) {@link Scope#TAKENDOWN}
     *                       session instead of an error
     * @return the new session
     * @throws LexiconException {@code InvalidRequest} when an argument is null; {@code AuthenticationRequired}
     *                          (401) "Invalid identifier or password" for an unknown identifier or a wrong
     *                          password alike, or "Password too long. Consider resetting your password." above
     *                          {@value #MAX_LOGIN_PASSWORD_LENGTH} characters; {@code AccountTakedown} (401)
     *                          when taken down and {@code allowTakendown} is false
     */
    public SessionOutput createSession(String identifier, String password, boolean allowTakendown) {
        if (identifier == null) {
            throw SessionErrors.missingProperty("identifier");
        }
        if (password == null) {
            throw SessionErrors.missingProperty("password");
        }
        if (password.length() > MAX_LOGIN_PASSWORD_LENGTH) {
            throw SessionErrors.passwordTooLong();
        }
        Account account = lookUp(identifier).orElse(null);
        PasswordHasher hasher = ctx.passwordHasher();
        Optional<String> storedHash = account == null ? Optional.empty() : account.passwordHash();
        boolean passwordMatches;
        if (storedHash.isPresent()) {
            passwordMatches = hasher.verify(password, storedHash.get());
        } else {
            hasher.verify(password, dummyHash()); // the same work as a real verification; never matches
            passwordMatches = false;
        }
        if (passwordMatches) {
            return passwordLogin(account, password, storedHash.get(), allowTakendown);
        }
        // Every failed attempt also pays for one app-password hash, so no failure path is measurably cheaper.
        String candidate = ReferenceScryptHasher.appPasswordHash(password, account == null ? DUMMY_DID : account.did());
        if (account == null || account.isTakenDown()) {
            throw SessionErrors.invalidCredentials();
        }
        AppPassword appPassword = matchAppPassword(account.did(), candidate);
        if (appPassword == null) {
            throw SessionErrors.invalidCredentials();
        }
        return appPasswordLogin(account, appPassword);
    }

    private SessionOutput passwordLogin(Account account, String password, String verifiedHash,
                                        boolean allowTakendown) {
        if (account.isTakenDown()) {
            if (!allowTakendown) {
                throw SessionErrors.takedown();
            }
            return output(account, issuer.issueTakendown(account.did()));
        }
        PasswordHasher hasher = ctx.passwordHasher();
        // Hashing is expensive: done before the transaction, never while the account's row is locked.
        Optional<String> upgraded = hasher.needsRehash(verifiedHash) ? Optional.of(hasher.hash(password))
                : Optional.empty();
        IssuedSession session = issuer.issue(account.did(), Scope.ACCESS, Optional.empty());
        RefreshToken row = session.refreshToken().orElseThrow();
        String checkedHash = verifiedHash;
        for (int attempt = 0; attempt < MAX_ROTATION_ATTEMPTS; attempt++) {
            String expected = checkedHash;
            // One transaction with the account's row locked: a password change or takedown commits wholly before
            // or after it, so a session is stored only for the password and status just checked.
            Account now = ctx.store().inTransaction(tx -> {
                Optional<Account> current = tx.findAccountByDid(account.did());
                if (current.isEmpty() || current.get().isTakenDown()
                        || !current.get().passwordHash().map(h -> ConstantTime.equals(h, expected)).orElse(false)) {
                    return current.orElse(null);
                }
                Account stored = current.get();
                if (upgraded.isPresent()) {
                    stored = stored.withPasswordHash(upgraded.get());
                    tx.updateAccount(stored);
                }
                tx.insertRefreshToken(row);
                return stored;
            });
            if (now == null) {
                throw SessionErrors.invalidCredentials();
            }
            if (now.isTakenDown()) {
                if (!allowTakendown) {
                    throw SessionErrors.takedown();
                }
                return output(now, issuer.issueTakendown(now.did()));
            }
            if (now.passwordHash().map(h -> ConstantTime.equals(h, expected)
                    || upgraded.map(u -> ConstantTime.equals(h, u)).orElse(false)).orElse(false)) {
                return output(now, session);
            }
            // The hash changed meanwhile (a concurrent rehash, or a new password): the password must match it.
            if (now.passwordHash().isEmpty() || !hasher.verify(password, now.passwordHash().get())) {
                throw SessionErrors.invalidCredentials();
            }
            checkedHash = now.passwordHash().get();
        }
        throw SessionErrors.invalidCredentials();
    }

    private SessionOutput appPasswordLogin(Account account, AppPassword appPassword) {
        Scope scope = appPassword.privileged() ? Scope.APP_PASS_PRIVILEGED : Scope.APP_PASS;
        IssuedSession session = issuer.issue(account.did(), scope, Optional.of(appPassword.name()));
        RefreshToken row = session.refreshToken().orElseThrow();
        // One transaction with the account's row locked: a revocation of this app password or a takedown
        // commits wholly before or after it, so the session is stored only while both still allow it.
        Account now = ctx.store().inTransaction(tx -> {
            Optional<Account> current = tx.findAccountByDid(account.did());
            boolean stillValid = current.isPresent() && !current.get().isTakenDown()
                    && findAppPassword(tx, account.did(), appPassword.name())
                    .map(p -> ConstantTime.equals(p.passwordHash(), appPassword.passwordHash())).orElse(false);
            if (stillValid) {
                tx.insertRefreshToken(row);
            }
            return stillValid ? current.get() : current.map(a -> a.isTakenDown() ? a : null).orElse(null);
        });
        if (now == null) {
            throw SessionErrors.invalidCredentials();
        }
        if (now.isTakenDown()) {
            throw SessionErrors.takedown();
        }
        return output(now, session);
    }

    /** Compares the candidate with every app password of the account (all of them, in constant time each). */
    private AppPassword matchAppPassword(String did, String candidateHash) {
        AppPassword match = null;
        for (AppPassword p : ctx.store().appPasswordsOf(did)) {
            if (ConstantTime.equals(candidateHash, p.passwordHash()) && match == null) {
                match = p;
            }
        }
        return match;
    }

    private Optional<Account> lookUp(String identifier) {
        if (identifier.isEmpty() || identifier.length() > MAX_IDENTIFIER_LENGTH || !isPlainText(identifier)) {
            return Optional.empty();
        }
        AccountStore store = ctx.store();
        if (identifier.indexOf('@') >= 0) {
            return store.findAccountByEmail(ctx.emailPolicy().normalize(identifier));
        }
        if (Handle.isValid(identifier)) {
            return store.findAccountByHandle(Handle.normalizeAndParse(identifier).value());
        }
        if (Did.isValid(identifier)) {
            return store.findAccountByDid(identifier);
        }
        return Optional.empty();
    }

    /** A hash of a random password made once with the configured hasher: what unknown accounts verify against. */
    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            synchronized (dummyHashLock) {
                h = dummyHash;
                if (h == null) {
                    h = ctx.passwordHasher().hash(SessionTokens.newJti(ctx.random()));
                    dummyHash = h;
                }
            }
        }
        return h;
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
        return ctx.sessionTokens().verifyAccessToken(bearerToken(bearerOrJwt), allowed);
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
        Account account = ctx.store().findAccountByDid(claims.did()).orElseThrow(SessionErrors::accountNotFound);
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
        Account account = ctx.store().findAccountByDid(claims.did())
                .orElseThrow(() -> SessionErrors.userInfoMissing(claims.did()));
        return new SessionInfo(displayHandle(account), account.did(), account.email(), account.emailConfirmed(),
                account.status().isActive(), account.status().lexiconValue(), didDoc(account.did()));
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
        RefreshClaims claims = ctx.sessionTokens().verifyRefreshToken(bearerToken(refreshJwt), false);
        String did = claims.did();
        AccountStore store = ctx.store();
        Account account = store.findAccountByDid(did).orElseThrow(() -> SessionErrors.userInfoMissing(did));
        if (account.isTakenDown()) {
            throw SessionErrors.takedown();
        }
        for (int attempt = 0; attempt < MAX_ROTATION_ATTEMPTS; attempt++) {
            RefreshToken row = store.findRefreshToken(claims.jti()).orElseThrow(SessionErrors::revoked);
            if (!row.did().equals(did)) {
                throw SessionErrors.revoked();
            }
            Instant now = ctx.now();
            if (attempt == 0) {
                sweepExpired(did, now);
            }
            Instant graceExpiry = now.plus(ctx.config().refreshGracePeriod());
            if (row.expiresAt().isBefore(graceExpiry)) {
                graceExpiry = row.expiresAt();
            }
            if (!graceExpiry.isAfter(now)) {
                throw SessionErrors.revoked();
            }
            String nextId = row.nextId().orElseGet(() -> SessionTokens.newJti(ctx.random()));
            Scope scope = Scope.ACCESS;
            if (row.appPasswordName().isPresent()) {
                AppPassword appPassword = findAppPassword(store, did, row.appPasswordName().get())
                        .orElseThrow(SessionErrors::revoked);
                scope = appPassword.privileged() ? Scope.APP_PASS_PRIVILEGED : Scope.APP_PASS;
            }
            IssuedSession session = issuer.issueWithJti(did, scope, row.appPasswordName(), nextId);
            Instant grace = graceExpiry;
            // The account's row is locked first: a takedown or password change that deletes the account's rows
            // commits wholly before (the row is gone) or after (the successor goes too) the rotation.
            RotateResult result = store.inTransaction(tx -> {
                tx.findAccountByDid(did);
                return tx.rotateRefreshToken(row.id(), grace, session.refreshToken().orElseThrow());
            });
            if (result instanceof RotateResult.Rotated) {
                return output(account, session);
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
            AccountChanges.deleteExpiredSessions(ctx.store(), did, now);
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
        RefreshClaims claims = ctx.sessionTokens().verifyRefreshToken(bearerToken(refreshJwt), true);
        String did = claims.did();
        Map<String, String> predecessorOf = new HashMap<>();
        for (RefreshToken row : ctx.store().refreshTokensOf(did)) {
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
        AccountStore store = ctx.store();
        RefreshToken row = store.findRefreshToken(id).orElse(null);
        if (row == null || !row.did().equals(did)) {
            return null;
        }
        Instant sealedAt = ctx.now();
        String next = row.nextId().orElse(null);
        boolean placeholder = next == null;
        String successor = placeholder ? SessionTokens.newJti(ctx.random()) : next;
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
        store.deleteRefreshTokens(List.of(id));
        if (placeholder) {
            store.deleteRefreshTokens(List.of(successor)); // never signed: nobody holds a token with this id
            return null;
        }
        return successor;
    }

    // ------------------------------------------------------------------------------------- app passwords

    /**
     * Creates an app password ({@code com.atproto.server.createAppPassword}). The host's XRPC layer requires a
     * {@link Scope#FULL} session and passes its {@link AccessClaims#did()}; app-password sessions must not
     * create app passwords.
     *
     * <p>The password is 16 characters of lower-case base32 ({@code a-z2-7}) from 16 random bytes, shown as
     * {@code xxxx-xxxx-xxxx-xxxx}; it is stored as the reference's app-password hash (scrypt with the
     * per-account salt, {@link ReferenceScryptHasher#appPasswordHash}), so a login needs one extra hash at
     * most whatever the number of app passwords, and a reference PDS database stays compatible.
     *
     * @param did        the account (from the verified claims)
     * @param name       a name unique for the account: not blank, at most {@value #MAX_APP_PASSWORD_NAME_LENGTH}
     *                   characters, no control characters; stored as given
     * @param privileged whether its sessions get {@link Scope#APP_PASS_PRIVILEGED}
     * @return the app password, with its plaintext shown this once
     * @throws LexiconException {@code InvalidRequest} for a bad DID or name, or "An app password with this name
     *                          already exists"; {@code AccountNotFound} (403); {@code AccountTakedown} (401)
     */
    public AppPasswordCreated createAppPassword(String did, String name, boolean privileged) {
        requireDid(did);
        requireValidName(name);
        AccountStore store = ctx.store();
        Account account = store.findAccountByDid(did).orElseThrow(SessionErrors::accountNotFound);
        if (account.isTakenDown()) {
            throw SessionErrors.takedown();
        }
        if (findAppPassword(store, did, name).isPresent()) {
            throw SessionErrors.duplicateAppPassword();
        }
        String password = newAppPassword(ctx.random());
        String hash = ReferenceScryptHasher.appPasswordHash(password, did);
        Instant createdAt = ctx.now();
        AppPassword row = new AppPassword(did, name, hash, createdAt, privileged);
        CreateAppPasswordResult result = store.inTransaction(tx -> {
            if (tx.findAccountByDid(did).isEmpty()) {
                return new CreateAppPasswordResult.AccountNotFound();
            }
            return tx.insertAppPassword(row) ? new CreateAppPasswordResult.Created()
                    : new CreateAppPasswordResult.DuplicateName();
        });
        if (result instanceof CreateAppPasswordResult.DuplicateName) {
            throw SessionErrors.duplicateAppPassword();
        } else if (result instanceof CreateAppPasswordResult.AccountNotFound) {
            throw SessionErrors.accountNotFound();
        }
        return new AppPasswordCreated(name, password, createdAt, privileged);
    }

    /**
     * The account's app passwords, newest first, without secrets ({@code com.atproto.server.listAppPasswords};
     * the host requires a {@link Scope#STANDARD} session).
     *
     * @param did the account (from the verified claims)
     * @return the app passwords; empty when there are none (or no such account)
     * @throws LexiconException {@code InvalidRequest} for a bad DID
     */
    public List<AppPasswordInfo> listAppPasswords(String did) {
        requireDid(did);
        return ctx.store().appPasswordsOf(did).stream()
                .map(p -> new AppPasswordInfo(p.name(), p.createdAt(), p.privileged()))
                .toList();
    }

    /**
     * Revokes an app password and every session made with it, in one step
     * ({@code com.atproto.server.revokeAppPassword}; the host requires a {@link Scope#STANDARD} session).
     * Idempotent: revoking an unknown name succeeds.
     *
     * @param did  the account (from the verified claims)
     * @param name the app password's name
     * @throws LexiconException {@code InvalidRequest} for a bad DID or a null name
     */
    public void revokeAppPassword(String did, String name) {
        requireDid(did);
        if (name == null) {
            throw SessionErrors.missingProperty("name");
        }
        if (nameProblem(name) != null) {
            return; // no app password can have this name
        }
        ctx.store().inTransaction(tx -> AccountChanges.revokeAppPassword(tx, did, name));
    }

    private static Optional<AppPassword> findAppPassword(StoreAccess access, String did, String name) {
        return access.appPasswordsOf(did).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Sixteen random bytes as lower-case base32, the first sixteen characters in groups of four. */
    static String newAppPassword(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        StringBuilder chars = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                chars.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        String s = chars.substring(0, 16);
        return s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16);
    }

    private static void requireDid(String did) {
        if (did == null) {
            throw SessionErrors.missingProperty("did");
        }
        Did.parse(did);
    }

    private static void requireValidName(String name) {
        if (name == null) {
            throw SessionErrors.missingProperty("name");
        }
        String problem = nameProblem(name);
        if (problem != null) {
            throw SessionErrors.invalidAppPasswordName(problem);
        }
    }

    private static String nameProblem(String name) {
        if (name.isBlank()) {
            return "must not be blank";
        }
        if (name.length() > MAX_APP_PASSWORD_NAME_LENGTH) {
            return "must be at most " + MAX_APP_PASSWORD_NAME_LENGTH + " characters";
        }
        if (!isPlainText(name)) {
            return "must not contain control characters";
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** No control characters and no unpaired surrogates: safe to hand to any store. */
    private static boolean isPlainText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The token of an {@code Authorization} header value, or the value itself when it is a bare token. */
    private static String bearerToken(String value) {
        if (value == null) {
            throw SessionErrors.authMissing();
        }
        String v = value.strip();
        if (v.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (v.length() == BEARER.length() || Character.isWhitespace(v.charAt(BEARER.length())))) {
            v = v.substring(BEARER.length()).strip();
        }
        if (v.isEmpty()) {
            throw SessionErrors.authMissing();
        }
        return v;
    }

    private SessionOutput output(Account account, IssuedSession session) {
        return new SessionOutput(session.accessJwt(), session.refreshJwt(), displayHandle(account), account.did(),
                account.email(), account.emailConfirmed(), account.status().isActive(),
                account.status().lexiconValue(), didDoc(account.did()));
    }

    private static String displayHandle(Account account) {
        return Handle.isValid(account.handle()) ? account.handle() : Handle.INVALID_HANDLE;
    }

    private Optional<Map<String, Object>> didDoc(String did) {
        if (!ctx.config().didDocWithSession()) {
            return Optional.empty();
        }
        try {
            return ctx.plcDirectory().resolveDocument(did);
        } catch (RuntimeException e) {
            return Optional.empty(); // as the reference: the document is a courtesy, the session stands
        }
    }

    /** The configured hasher; never a secret. */
    @Override
    public String toString() {
        return "SessionService[hasher=" + ctx.passwordHasher() + "]";
    }
}
