package dev.pdsaccounts.service.session;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.crypto.ConstantTime;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.service.internal.SessionErrors;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login ({@code com.atproto.server.createSession}), one use case with one job: unknown identifiers and wrong
 * passwords are indistinguishable (same error, and the same work: one verification with the configured hasher,
 * against a dummy hash of the same parameters when there is no account, plus one app-password hash and one exact
 * store lookup of that hash, whatever the number of app passwords the account has).
 * The session is stored in one transaction that locks the account's row and re-checks the password hash and the
 * status just verified, so a concurrent password change, takedown or app-password revocation is never outlived
 * by a session that was being created. Thread-safe.
 */
public final class Login {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);
    /** Longest password a login accepts (the reference's {@code OLD_PASSWORD_MAX_LENGTH}), in UTF-16 units. */
    public static final int MAX_LOGIN_PASSWORD_LENGTH = 512;
    /** Longest identifier looked up; longer ones cannot belong to an account. */
    private static final int MAX_IDENTIFIER_LENGTH = 2048;
    /** A stored hash changes at most a few times during one login (rehash, new password); the rest is margin. */
    private static final int MAX_LOGIN_ATTEMPTS = 4;
    /** The salt source of the app-password hash made for unknown accounts (only its cost matters). */
    private static final String DUMMY_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

    private final AccountStore store;
    private final SecureRandom random;
    private final PasswordHasher passwordHasher;
    private final EmailPolicy emailPolicy;
    private final SessionIssuer issuer;
    private final SessionViews views;
    private final Object dummyHashLock = new Object();
    private volatile String dummyHash;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config         the configuration
     * @param store          the store port
     * @param random         the randomness
     * @param passwordHasher hashes and verifies passwords
     * @param plcDirectory   the PLC directory (the DID document of a new session)
     * @param emailPolicy    the email rules (login by email)
     * @param issuer         mints sessions
     */
    public Login(PdsConfig config, AccountStore store, SecureRandom random, PasswordHasher passwordHasher,
                 PlcDirectory plcDirectory, EmailPolicy emailPolicy, SessionIssuer issuer) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.emailPolicy = Objects.requireNonNull(emailPolicy, "emailPolicy");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.views = new SessionViews(config, plcDirectory);
    }

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
     * @param input the identifier (handle, email or DID), the account password or one of its app passwords,
     *              and whether a taken-down account gets a (non-refreshable) {@link Scope#TAKENDOWN} session
     *              instead of an error
     * @return the new session
     * @throws LexiconException {@code InvalidRequest} when an argument is null; {@code AuthenticationRequired}
     *                          (401) "Invalid identifier or password" for an unknown identifier or a wrong
     *                          password alike, or "Password too long. Consider resetting your password." above
     *                          {@value #MAX_LOGIN_PASSWORD_LENGTH} characters; {@code AccountTakedown} (401)
     *                          when taken down and {@code allowTakendown} is false
     */
    public SessionOutput createSession(CreateSessionInput input) {
        if (input == null) {
            throw SessionErrors.missingProperty("identifier");
        }
        String identifier = input.identifier();
        String password = input.password();
        boolean allowTakendown = input.allowTakendown();
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
        PasswordHasher hasher = passwordHasher;
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
        // Every failed attempt pays for one app-password hash and one exact lookup of it (for a dummy DID when
        // there is no account, and also for a taken-down account), so no failure path is measurably cheaper and
        // the cost does not grow with the number of app passwords the account has.
        String did = account == null ? DUMMY_DID : account.did();
        String candidate = ReferenceScryptHasher.appPasswordHash(password, did);
        Optional<AppPassword> found = store.findAppPasswordByHash(did, candidate)
                .filter(p -> ConstantTime.equals(candidate, p.passwordHash()));
        if (account == null || account.isTakenDown() || found.isEmpty()) {
            throw loginFailed(identifier, account);
        }
        AppPassword appPassword = found.get();
        return appPasswordLogin(account, appPassword);
    }

    private SessionOutput passwordLogin(Account account, String password, String verifiedHash,
                                        boolean allowTakendown) {
        if (account.isTakenDown()) {
            if (!allowTakendown) {
                LOG.info("login refused: account {} is taken down", account.did());
                throw SessionErrors.takedown();
            }
            return views.output(account, issuer.issueTakendown(account.did()));
        }
        PasswordHasher hasher = passwordHasher;
        // Hashing is expensive: done before the transaction, never while the account's row is locked.
        Optional<String> upgraded = hasher.needsRehash(verifiedHash) ? Optional.of(hasher.hash(password))
                : Optional.empty();
        IssuedSession session = issuer.issue(account.did(), Scope.ACCESS, Optional.empty());
        RefreshToken row = session.refreshToken().orElseThrow();
        String checkedHash = verifiedHash;
        for (int attempt = 0; attempt < MAX_LOGIN_ATTEMPTS; attempt++) {
            String expected = checkedHash;
            // One transaction with the account's row locked: a password change or takedown commits wholly before
            // or after it, so a session is stored only for the password and status just checked.
            Account now = store.inTransaction(tx -> {
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
                return views.output(now, issuer.issueTakendown(now.did()));
            }
            if (now.passwordHash().map(h -> ConstantTime.equals(h, expected)
                    || upgraded.map(u -> ConstantTime.equals(h, u)).orElse(false)).orElse(false)) {
                return views.output(now, session);
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
        Account now = store.inTransaction(tx -> {
            Optional<Account> current = tx.findAccountByDid(account.did());
            boolean stillValid = current.isPresent() && !current.get().isTakenDown()
                    && SessionViews.findAppPassword(tx, account.did(), appPassword.name())
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
        return views.output(now, session);
    }

    /**
     * Logs a failed login for the operator and returns its error. Only the identifier's kind is logged (never the
     * identifier, which may be an email, nor the password); the account's DID when there is one.
     */
    private static LexiconException loginFailed(String identifier, Account account) {
        String kind = identifier.indexOf('@') >= 0 ? "email" : Handle.isValid(identifier) ? "handle"
                : Did.isValid(identifier) ? "did" : "other";
        if (account == null) {
            LOG.info("login failed: no account for the {} given", kind);
        } else {
            LOG.info("login failed: wrong password for account {} (identified by {}{})", account.did(), kind,
                    account.isTakenDown() ? ", taken down" : "");
        }
        return SessionErrors.invalidCredentials();
    }

    private Optional<Account> lookUp(String identifier) {
        if (identifier.isEmpty() || identifier.length() > MAX_IDENTIFIER_LENGTH || !SessionViews.isPlainText(identifier)) {
            return Optional.empty();
        }
        if (identifier.indexOf('@') >= 0) {
            return store.findAccountByEmail(emailPolicy.normalize(identifier));
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
                    h = passwordHasher.hash(SessionTokens.newJti(random));
                    dummyHash = h;
                }
            }
        }
        return h;
    }

    /** The configured hasher; never a secret. */
    @Override
    public String toString() {
        return "Login[hasher=" + passwordHasher + "]";
    }
}
