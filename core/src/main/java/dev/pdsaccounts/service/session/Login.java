package dev.pdsaccounts.service.session;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.crypto.AppPasswordHasher;
import dev.pdsaccounts.crypto.ConstantTime;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.EmailTokens;
import dev.pdsaccounts.service.internal.SessionErrors;
import dev.pdsaccounts.service.internal.SessionIssuer;
import dev.pdsaccounts.service.internal.TokenEffect;
import dev.pdsaccounts.service.internal.TokenUseResult;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
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
 * by a session that was being created.
 *
 * <p>Email sign-in codes (the account's {@link Account#emailAuthFactor()}, turned on by {@code updateEmail}): a
 * login with the MAIN password of such an account needs the code mailed to its email (purpose
 * {@link EmailTokenPurpose#AUTH_FACTOR}, {@code XXXXX-XXXXX}, valid for the configured email-token TTL, 15 minutes
 * by default, stored hashed, one use). App-password logins skip the factor. The factor is consulted only once the
 * password holds, so a wrong password answers "Invalid identifier or password" whatever the code and the factor.
 * A login that reaches the factor first pays the work of a failed login (one app-password hash and one exact
 * lookup of it), whatever the code, so checking a code, missing, malformed, wrong, expired or valid, costs the
 * same hashing as a wrong password. The code is used up in the transaction that stores the session.
 * Thread-safe.
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

    private final PdsConfig config;
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Mailer mailer;
    private final PasswordHasher passwordHasher;
    private final AppPasswordHasher appPasswordHasher;
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
     * @param clock          the clock (sign-in code validity)
     * @param random         the randomness
     * @param mailer         mails sign-in codes
     * @param passwordHasher hashes and verifies passwords
     * @param appPasswordHasher hashes app passwords (every failed attempt pays one such hash)
     * @param plcDirectory   the PLC directory (the DID document of a new session)
     * @param emailPolicy    the email rules (login by email)
     * @param issuer         mints sessions
     */
    public Login(PdsConfig config, AccountStore store, Clock clock, SecureRandom random, Mailer mailer,
                 PasswordHasher passwordHasher, AppPasswordHasher appPasswordHasher, PlcDirectory plcDirectory,
                 EmailPolicy emailPolicy, SessionIssuer issuer) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.appPasswordHasher = Objects.requireNonNull(appPasswordHasher, "appPasswordHasher");
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
     * ({@code active: false}). When the account's email auth factor is on, a login with its main password (a
     * {@link Scope#TAKENDOWN} session included) needs {@code authFactorToken}, the sign-in code: without one a
     * fresh code is mailed (replacing the previous one) and the login refused; with one it is checked and, when
     * the session is stored, used up.
     *
     * @param input the identifier (handle, email or DID), the account password or one of its app passwords,
     *              whether a taken-down account gets a (non-refreshable) {@link Scope#TAKENDOWN} session
     *              instead of an error, and the mailed sign-in code if any
     * @return the new session
     * @throws LexiconException {@code InvalidRequest} when an argument is null; {@code AuthenticationRequired}
     *                          (401) "Invalid identifier or password" for an unknown identifier or a wrong
     *                          password alike (whatever the code), or "Password too long. Consider resetting your
     *                          password." above {@value #MAX_LOGIN_PASSWORD_LENGTH} characters;
     *                          {@code AccountTakedown} (401) when taken down and {@code allowTakendown} is false;
     *                          {@code AuthFactorTokenRequired} (401) "A sign in code has been sent to your email
     *                          address" when the factor is on and no code is given; {@code InvalidToken} "Token is
     *                          invalid" for a wrong, used or malformed code; {@code ExpiredToken} "Token is
     *                          expired"
     * @throws dev.pdsaccounts.error.InfrastructureException when the mailer fails to send a sign-in code
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
            Optional<String> code = input.authFactorToken().filter(c -> !c.isEmpty());
            return passwordLogin(account, password, storedHash.get(), allowTakendown, code);
        }
        String did = account == null ? DUMMY_DID : account.did();
        Optional<AppPassword> found = failedAttemptWork(did, password);
        if (account == null || account.isTakenDown() || found.isEmpty()) {
            throw loginFailed(identifier, account);
        }
        AppPassword appPassword = found.get();
        return appPasswordLogin(account, appPassword);
    }

    /**
     * The work every failed attempt pays: one app-password hash and one exact lookup of it (for a dummy DID when
     * there is no account, and also for a taken-down account), so no failure path is measurably cheaper and the
     * cost does not grow with the number of app passwords the account has. A login stopped by the email auth
     * factor pays it too.
     *
     * @return the account's app password that is {@code password}, if any
     */
    private Optional<AppPassword> failedAttemptWork(String did, String password) {
        String candidate = appPasswordHasher.hash(password, did);
        return store.findAppPasswordByHash(did, candidate)
                .filter(p -> ConstantTime.equals(candidate, p.passwordHash()));
    }

    private SessionOutput passwordLogin(Account account, String password, String verifiedHash,
                                        boolean allowTakendown, Optional<String> code) {
        if (account.isTakenDown() && !allowTakendown) {
            LOG.info("login refused: account {} is taken down", account.did());
            throw SessionErrors.takedown();
        }
        Optional<String> codeHash = Optional.empty();
        if (account.requiresSignInCode()) {
            // The password holds: from here the factor may show. The work of a failed attempt first, whatever the
            // code, so a code check costs the same hashing as a wrong password.
            failedAttemptWork(account.did(), password);
            codeHash = Optional.of(signInCodeHash(account, code));
        }
        if (account.isTakenDown()) {
            useSignInCodeAlone(account, codeHash);
            return views.output(account, issuer.issueTakendown(account.did()));
        }
        PasswordHasher hasher = passwordHasher;
        // Hashing is expensive: done before the transaction, never while the account's row is locked.
        Optional<String> upgraded = hasher.needsRehash(verifiedHash) ? Optional.of(hasher.hash(password))
                : Optional.empty();
        IssuedSession session = issuer.issue(account.did(), Scope.ACCESS, Optional.empty());
        RefreshToken row = session.refreshToken().orElseThrow();
        String checkedHash = verifiedHash;
        Optional<String> givenCode = codeHash;
        for (int attempt = 0; attempt < MAX_LOGIN_ATTEMPTS; attempt++) {
            String expected = checkedHash;
            Instant codesNotBefore = EmailTokens.issuedNotBefore(clock.instant(), config.emailTokenTtl());
            // One transaction with the account's row locked: a password change, takedown or change of the email
            // auth factor commits wholly before or after it, so a session is stored only for the password, status
            // and factor just checked, and the sign-in code is used up only with the session it opens.
            Attempt done = store.inTransaction(tx -> {
                Optional<Account> current = tx.findAccountByDid(account.did());
                if (current.isEmpty() || current.get().isTakenDown()
                        || !current.get().passwordHash().map(h -> ConstantTime.equals(h, expected)).orElse(false)) {
                    return new Attempt(current.orElse(null), Optional.empty());
                }
                Account stored = current.get();
                if (stored.requiresSignInCode()) {
                    if (givenCode.isEmpty()) {
                        return new Attempt(stored, Optional.of(CodeOutcome.MISSING)); // the factor was just turned on
                    }
                    TokenUseResult used = AccountChanges.useEmailToken(tx, EmailTokenPurpose.AUTH_FACTOR,
                            Optional.of(stored.did()), givenCode.get(), codesNotBefore, new TokenEffect.ConsumeOnly(),
                            random);
                    if (!(used instanceof TokenUseResult.Used)) {
                        return new Attempt(stored, Optional.of(used instanceof TokenUseResult.Expired
                                ? CodeOutcome.EXPIRED : CodeOutcome.INVALID));
                    }
                }
                if (upgraded.isPresent()) {
                    stored = stored.withPasswordHash(upgraded.get());
                    tx.updateAccount(stored);
                }
                tx.insertRefreshToken(row);
                return new Attempt(stored, Optional.of(CodeOutcome.PASSED));
            });
            Account now = done.account();
            if (now == null) {
                throw SessionErrors.invalidCredentials();
            }
            if (now.isTakenDown()) {
                if (!allowTakendown) {
                    throw SessionErrors.takedown();
                }
                useSignInCodeAlone(now, givenCode);
                return views.output(now, issuer.issueTakendown(now.did()));
            }
            if (done.code().isPresent()) {
                switch (done.code().get()) {
                    case PASSED -> {
                        return views.output(now, session);
                    }
                    case MISSING -> throw refuseWithoutCode(now, password);
                    case EXPIRED -> throw EmailTokens.expired();
                    default -> throw EmailTokens.invalid();
                }
            }
            // The hash changed meanwhile (a concurrent rehash, or a new password): the password must match it.
            if (now.passwordHash().isEmpty() || !hasher.verify(password, now.passwordHash().get())) {
                throw SessionErrors.invalidCredentials();
            }
            checkedHash = now.passwordHash().get();
        }
        throw SessionErrors.invalidCredentials();
    }

    /**
     * The stored form of the sign-in code given for an account whose factor is on. Without a code, a fresh one is
     * mailed and the login refused; a code that cannot be one is invalid without reaching the store.
     */
    private String signInCodeHash(Account account, Optional<String> code) {
        if (code.isEmpty()) {
            throw sendSignInCode(account);
        }
        return EmailTokens.hashOf(code.get());
    }

    /** The factor turned on while this login ran: pays the failed-attempt work, then mails a code and refuses. */
    private RuntimeException refuseWithoutCode(Account account, String password) {
        failedAttemptWork(account.did(), password);
        return sendSignInCode(account);
    }

    /** Mails a fresh sign-in code (replacing the account's previous one); the login's refusal to throw. */
    private RuntimeException sendSignInCode(Account account) {
        EmailTokens.issue(store, mailer, random, clock.instant(), account, EmailTokenPurpose.AUTH_FACTOR,
                MailTemplate.SIGN_IN_CODE, Optional.of(account.handle()));
        LOG.info("login of {} needs a sign-in code: one was mailed", account.did());
        return SessionErrors.authFactorTokenRequired();
    }

    /**
     * For a session stored nowhere (the non-refreshable {@link Scope#TAKENDOWN} one): uses up the sign-in code on
     * its own when the account's factor is on.
     */
    private void useSignInCodeAlone(Account account, Optional<String> codeHash) {
        if (!account.requiresSignInCode()) {
            return;
        }
        if (codeHash.isEmpty()) {
            throw sendSignInCode(account); // the factor was turned on while this login ran
        }
        TokenUseResult used = EmailTokens.use(store, random, clock.instant(), config.emailTokenTtl(),
                EmailTokenPurpose.AUTH_FACTOR, Optional.of(account.did()), codeHash.get(), new TokenEffect.ConsumeOnly());
        if (!(used instanceof TokenUseResult.Used)) {
            throw EmailTokens.invalid();
        }
    }

    /** What the session transaction found: the account as locked, and the sign-in code's outcome when it got there. */
    private record Attempt(Account account, Optional<CodeOutcome> code) {}

    /** How the session transaction settled the email auth factor. */
    private enum CodeOutcome {
        /** Not needed, or the code was valid and is used up: the session is stored. */
        PASSED,
        /** Needed but none given (the factor was turned on while this login ran). */
        MISSING,
        /** Wrong or used. */
        INVALID,
        /** Valid but too old. */
        EXPIRED
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
        return "Login[hasher=" + passwordHasher + ", appPasswordHasher=" + appPasswordHasher + "]";
    }
}
