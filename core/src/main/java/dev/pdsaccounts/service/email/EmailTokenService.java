package dev.pdsaccounts.service.email;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.account.PasswordPolicy;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.service.internal.EmailTokens;
import dev.pdsaccounts.service.internal.TokenEffect;
import dev.pdsaccounts.service.internal.TokenUseResult;
import dev.pdsaccounts.service.internal.UpdateResult;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.token.EmailTokenFormat;
import dev.pdsaccounts.token.EmailTokenPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The use cases driven by emailed tokens: password reset, email confirmation and update, account deletion, and
 * issuing PLC-operation tokens.
 *
 * <p>Tokens ({@link EmailTokenFormat}) are {@code XXXXX-XXXXX}, case-insensitive, stored only as a SHA-256 hash,
 * one live token per purpose and account (requesting again replaces it), valid while
 * {@code now < requestedAt + emailTokenTtl} (15 minutes by default). A wrong, used or malformed token is
 * {@code InvalidToken} "Token is invalid"; a matching but old one is {@code ExpiredToken} "Token is expired"
 * (checked in that order). A failed use consumes nothing and changes nothing; a successful use applies its
 * effect and consumes the token in one atomic store step, so of two concurrent uses exactly one wins.
 *
 * <p>Mails are sent after the token is stored. When the {@link dev.pdsaccounts.mail.Mailer} fails, the token stays
 * stored and the {@link InfrastructureException} propagates, except for {@link #requestPasswordReset}: it is
 * unauthenticated, so it must not reveal by its timing whether an email is registered. The caller's time holds
 * one submission of the same task to the background {@link Executor} for either outcome; the task looks the email
 * up, then writes the token and sends the mail for a registered email. Failures of that task are logged
 * (without the token) through SLF4J, never thrown at the caller.
 *
 * <p>The legacy methods map here: {@code com.atproto.account.requestPasswordReset} and {@code resetPassword} to
 * {@link #requestPasswordReset} and {@link #resetPassword}, {@code com.atproto.account.requestDelete} and
 * {@code delete} to {@link #requestAccountDelete} and {@link #deleteAccount}.
 *
 * <pre>{@code
 * pds.email().requestPasswordReset("alice@example.com");
 * pds.email().resetPassword("ABCDE-FGH23", "new password");
 * }</pre>
 */
public final class EmailTokenService {
    private static final Logger LOG = LoggerFactory.getLogger(EmailTokenService.class);
    /** Longest email looked up at all; longer input cannot be stored, so it is simply unknown. */
    private static final int MAX_EMAIL_LOOKUP_LENGTH = 1024;
    /**
     * How long a password-reset task waits, on its background thread, before it does anything. Handing the task
     * over wakes a worker; a worker that then ran straight into a registered email's token write and mail could
     * take the CPU from the caller before the caller's response is out, and that would show in the caller's time
     * only for a registered email. Waiting first makes the wake-up the same short step for every email and leaves
     * the caller's response time to leave first.
     */
    static final long RESET_TASK_START_DELAY_NANOS = 2_000_000;
    /** The {@code InvalidRequest} message of {@code emailAuthFactor: true} without a confirmed current email. */
    public static final String FACTOR_NEEDS_CONFIRMED_EMAIL = "A confirmed email is required to turn on emailAuthFactor";

    private final PdsConfig config;
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Mailer mailer;
    private final PasswordHasher passwordHasher;
    private final EmailPolicy emailPolicy;
    private final PasswordPolicy passwordPolicy;
    private final AccountEventPublisher events;
    private final Executor background;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config the configuration
     * @param store the store port
     * @param clock the clock (millisecond precision)
     * @param random the randomness
     * @param mailer the mailer port
     * @param passwordHasher hashes and verifies passwords
     * @param emailPolicy the email rules
     * @param passwordPolicy the new-password rules
     * @param events publishes deletions after commit
     * @param background runs the password-reset token write and mail off the caller's thread (a direct executor,
     *                   {@code Runnable::run}, in deterministic tests)
     */
    public EmailTokenService(PdsConfig config,
            AccountStore store,
            Clock clock,
            SecureRandom random,
            Mailer mailer,
            PasswordHasher passwordHasher,
            EmailPolicy emailPolicy,
            PasswordPolicy passwordPolicy,
            AccountEventPublisher events,
            Executor background) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.emailPolicy = Objects.requireNonNull(emailPolicy, "emailPolicy");
        this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        this.events = Objects.requireNonNull(events, "events");
        this.background = Objects.requireNonNull(background, "background");
    }

    // ------------------------------------------------------------------------------------ password reset

    /**
     * {@code com.atproto.server.requestPasswordReset} (no auth): mails a {@code reset_password} token to the account
     * with this email (deactivated and taken-down accounts included). An unknown email is a silent success unless
     * {@link dev.pdsaccounts.config.PdsConfig#revealUnknownEmailOnPasswordReset()} is set.
     *
     * <p>No enumeration by timing: in the caller's time, a registered and an unknown email do the same work,
     * one submission of the same task to the background executor (unless configured to reveal unknown emails,
     * when the lookup is made first). The task first waits 2 ms (so its work does not start while the caller
     * is still answering), then looks the email up, stores the token (only while the account still
     * exists) and sends the mail for a registered email, and does nothing more for an unknown one. A failure of
     * the task (store or mailer) is logged without the token, never thrown here: the user simply asks again.
     *
     * @param email the email, any case
     * @throws LexiconException {@code InvalidRequest} "Email is required" when missing; {@code InvalidRequest}
     *                          "account does not have an email address" for an unknown email when configured to
     *                          reveal it
     * @throws InfrastructureException when the background executor refuses the task (its queue is full), for a
     *                                 registered and an unknown email alike
     */
    public void requestPasswordReset(String email) {
        if (email == null || email.isEmpty()) {
            throw LexiconException.invalidRequest("Email is required");
        }
        if (config.revealUnknownEmailOnPasswordReset()) {
            // The reference's behaviour: the caller learns whether the email is registered anyway.
            Account target = findResetTarget(email).orElseThrow(EmailTokenService::noEmail);
            submit(() -> issueResetInBackground(target));
            return;
        }
        // Nothing but one submission in the caller's time: the lookup too runs in the task, so a registered and
        // an unknown email cost the caller exactly the same.
        submit(() -> findResetTarget(email).ifPresent(this::issueResetInBackground));
    }

    private Optional<Account> findResetTarget(String email) {
        Optional<Account> account = email.length() > MAX_EMAIL_LOOKUP_LENGTH ? Optional.empty()
                : store.findAccountByEmail(emailPolicy.normalize(email));
        return account.filter(a -> a.email().isPresent());
    }

    private void submit(Runnable task) {
        try {
            background.execute(() -> {
                try {
                    LockSupport.parkNanos(RESET_TASK_START_DELAY_NANOS);
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("password reset failed: {}", e.getClass().getName());
                }
            });
        } catch (RejectedExecutionException e) {
            throw new InfrastructureException("the background executor refused the password-reset task", e);
        }
    }

    private void issueResetInBackground(Account account) {
        try {
            issue(account, EmailTokenPurpose.RESET_PASSWORD, MailTemplate.RESET_PASSWORD, Optional.of(account.handle()));
        } catch (RuntimeException e) {
            // Never the exception's message: a host mailer's message may quote the mail, token included.
            LOG.warn("password reset for {} failed: {}{}", account.did(),
                    e.getClass().getName(), e.getCause() == null ? "" : " caused by " + e.getCause().getClass().getName());
        }
    }

    /**
     * {@code com.atproto.server.resetPassword} (no auth): sets a new password with a {@code reset_password} token
     * and, in the same atomic step, revokes every refresh token of the account and consumes the token.
     *
     * @param token    the mailed token, any case
     * @param password the new password
     * @throws LexiconException {@code InvalidRequest} "Invalid password length." (too long, or shorter than the
     *                          configured minimum) or "Password is required"; {@code InvalidToken};
     *                          {@code ExpiredToken}
     */
    public void resetPassword(String token, String password) {
        passwordPolicy.checkReset(password);
        String hash = EmailTokens.hashOf(token);
        // A cheap check first, so a wrong token costs no password hashing; the atomic use below decides.
        use(EmailTokenPurpose.RESET_PASSWORD, Optional.empty(), hash, new TokenEffect.CheckOnly());
        String passwordHash = passwordHasher.hash(password);
        use(EmailTokenPurpose.RESET_PASSWORD, Optional.empty(), hash, new TokenEffect.SetPassword(passwordHash));
    }

    // ------------------------------------------------------------------------------------ email confirmation

    /**
     * {@code com.atproto.server.requestEmailConfirmation}: mails a {@code confirm_email} token to the account's
     * current address (even when it is already confirmed).
     *
     * @param did the authenticated account
     * @throws LexiconException {@code InvalidRequest} "account not found" or "account does not have an email
     *                          address"; {@code AccountTakedown}
     */
    public void requestEmailConfirmation(String did) {
        issue(requireMailableAccount(did), EmailTokenPurpose.CONFIRM_EMAIL, MailTemplate.CONFIRM_EMAIL, Optional.empty());
    }

    /**
     * {@code com.atproto.server.confirmEmail}: marks the email confirmed with a {@code confirm_email} token.
     *
     * @param did   the authenticated account
     * @param email the email being confirmed, any case; must be the account's current one
     * @param token the mailed token, any case
     * @throws LexiconException {@code AccountNotFound} "user not found"; {@code AccountTakedown};
     *                          {@code InvalidEmail} "invalid email"; {@code InvalidToken}; {@code ExpiredToken}
     */
    public void confirmEmail(String did, String email, String token) {
        Optional<Account> found = findAccount(did);
        if (found.isEmpty()) {
            throw new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "user not found");
        }
        Account account = found.get();
        requireNotTakenDown(account);
        if (email == null || email.length() > MAX_EMAIL_LOOKUP_LENGTH
                || !account.email().equals(Optional.of(emailPolicy.normalize(email)))) {
            throw invalidEmail();
        }
        TokenUseResult result = use(EmailTokenPurpose.CONFIRM_EMAIL, Optional.of(account.did()), EmailTokens.hashOf(token),
                new TokenEffect.ConfirmEmail(account.email().get(), clock.instant()));
        if (result instanceof TokenUseResult.EmailMismatch) {
            throw invalidEmail(); // the email changed between the check and the use
        }
    }

    // ------------------------------------------------------------------------------------ email update

    /**
     * {@code com.atproto.server.requestEmailUpdate}: when the current email is confirmed, mails an
     * {@code update_email} token to the CURRENT address.
     *
     * @param did the authenticated account
     * @return {@code tokenRequired}: whether {@link #updateEmail} will need a token
     * @throws LexiconException {@code InvalidRequest} "account not found" or "account does not have an email
     *                          address"; {@code AccountTakedown}
     */
    public boolean requestEmailUpdate(String did) {
        Account account = requireMailableAccount(did);
        if (!account.emailConfirmed()) {
            return false;
        }
        issue(account, EmailTokenPurpose.UPDATE_EMAIL, MailTemplate.UPDATE_EMAIL, Optional.empty());
        return true;
    }

    /**
     * {@code com.atproto.server.updateEmail} without {@code emailAuthFactor}: as
     * {@link #updateEmail(String, String, Optional, Optional)} with the factor left as it is.
     *
     * @param did   the authenticated account
     * @param email the new email
     * @param token the mailed token (empty, or an empty string, for none)
     */
    public void updateEmail(String did, String email, Optional<String> token) {
        updateEmail(did, email, token, Optional.empty());
    }

    /**
     * {@code com.atproto.server.updateEmail}: changes the email and turns the email auth factor (sign-in codes,
     * see {@link dev.pdsaccounts.service.session.Login}) on or off. A confirmed email needs an
     * {@code update_email} token; a token given although not needed must still be valid.
     *
     * <ul>
     *   <li>A new email clears its confirmation, turns the factor off and deletes every email token of the
     *       account: sign-in codes go only to a confirmed address.</li>
     *   <li>The current email (any case) stays as it is, confirmed if it was (the reference's local PDS clears the
     *       confirmation even then; its entryway, and cocoon, keep it, which is how clients toggle the factor:
     *       {@code requestEmailUpdate}, then {@code updateEmail} with the same email, the token and
     *       {@code emailAuthFactor}). Every email token of the account is deleted.</li>
     *   <li>{@code emailAuthFactor: true} needs the current email, confirmed, else {@value #FACTOR_NEEDS_CONFIRMED_EMAIL}
     *       and nothing changes (the token is not used up); {@code false} turns it off.</li>
     * </ul>
     *
     * @param did             the authenticated account
     * @param email           the new (or current) email
     * @param token           the mailed token (empty, or an empty string, for none)
     * @param emailAuthFactor the factor to set, if given
     * @throws LexiconException {@code InvalidRequest} for a missing, invalid or disposable email (checked first);
     *                          {@code InvalidRequest} "account not found"; {@code AccountTakedown};
     *                          {@code TokenRequired} "confirmation token required"; {@code InvalidRequest}
     *                          {@value #FACTOR_NEEDS_CONFIRMED_EMAIL}; {@code InvalidToken}; {@code ExpiredToken};
     *                          {@code InvalidRequest} "This email address is already in use, please use a
     *                          different email."
     */
    public void updateEmail(String did, String email, Optional<String> token, Optional<Boolean> emailAuthFactor) {
        String normalized = emailPolicy.requireValid(email);
        Optional<Boolean> factor = emailAuthFactor == null ? Optional.empty() : emailAuthFactor;
        Account account = requireAccount(did);
        requireNotTakenDown(account);
        Optional<String> given = token == null ? Optional.empty() : token.filter(t -> !t.isEmpty());
        if (account.emailConfirmed() && given.isEmpty()) {
            throw new LexiconException(LexiconError.TOKEN_REQUIRED, "confirmation token required");
        }
        // Checked before the token is used, so a refused request leaves it usable; re-checked atomically below.
        if (factor.orElse(false) && !account.mayTurnOnEmailAuthFactor(normalized)) {
            throw factorNeedsConfirmedEmail();
        }
        if (given.isPresent()) {
            TokenUseResult result = use(EmailTokenPurpose.UPDATE_EMAIL, Optional.of(account.did()),
                    EmailTokens.hashOf(given.get()), new TokenEffect.UpdateEmail(normalized, factor));
            if (result instanceof TokenUseResult.EmailTaken) {
                throw emailInUse();
            }
            if (result instanceof TokenUseResult.EmailUnconfirmed) {
                throw factorNeedsConfirmedEmail();
            }
            logFactorChange(account, factor);
            return;
        }
        UpdateResult result = store.inTransaction(tx -> tx.findAccountByDid(account.did())
                .map(current -> AccountChanges.updateOwnEmail(tx, current, normalized, factor))
                .orElseGet(UpdateResult.NotFound::new));
        if (result instanceof UpdateResult.EmailTaken) {
            throw emailInUse();
        } else if (result instanceof UpdateResult.EmailUnconfirmed) {
            throw factorNeedsConfirmedEmail();
        } else if (result instanceof UpdateResult.NotFound) {
            throw accountNotFound();
        }
        logFactorChange(account, factor);
    }

    private static void logFactorChange(Account before, Optional<Boolean> factor) {
        if (factor.isPresent() && factor.get() != before.emailAuthFactor()) {
            LOG.info("email auth factor of {} turned {}", before.did(), factor.get() ? "on" : "off");
        }
    }

    // ------------------------------------------------------------------------------------ account deletion

    /**
     * {@code com.atproto.server.requestAccountDelete} (legacy {@code com.atproto.account.requestDelete}): mails a
     * {@code delete_account} token.
     *
     * @param did the authenticated account
     * @throws LexiconException {@code InvalidRequest} "account not found" or "account does not have an email
     *                          address"; {@code AccountTakedown}
     */
    public void requestAccountDelete(String did) {
        issue(requireMailableAccount(did), EmailTokenPurpose.DELETE_ACCOUNT, MailTemplate.DELETE_ACCOUNT, Optional.empty());
    }

    /**
     * {@code com.atproto.server.deleteAccount} (no auth; legacy {@code com.atproto.account.delete}): deletes the
     * account and everything the store holds for it, given its MAIN password (app passwords are not accepted) and
     * a {@code delete_account} token. Works for deactivated and taken-down accounts. Afterwards the handle and
     * email are free again. The DID is not tombstoned.
     *
     * @param did      the account
     * @param password its main password
     * @param token    the mailed token, any case
     * @throws LexiconException {@code AuthenticationRequired} (401) "Password too long. Consider resetting your
     *                          password." (over 512 characters); {@code InvalidRequest} "account not found";
     *                          {@code AuthenticationRequired} "Invalid did or password"; {@code InvalidToken};
     *                          {@code ExpiredToken}
     */
    public void deleteAccount(String did, String password, String token) {
        if (password != null && !passwordPolicy.fitsOld(password)) {
            throw new LexiconException(LexiconError.AUTHENTICATION_REQUIRED,
                    "Password too long. Consider resetting your password.");
        }
        Account account = requireAccount(did);
        if (password == null || !passwordHasher.verify(password, account.passwordHash().orElse(null))) {
            throw new LexiconException(LexiconError.AUTHENTICATION_REQUIRED, "Invalid did or password");
        }
        use(EmailTokenPurpose.DELETE_ACCOUNT, Optional.of(account.did()), EmailTokens.hashOf(token),
                new TokenEffect.DeleteAccount());
        // The token's use is the one winner (a failed or lost use throws above): exactly one deletion event.
        LOG.info("account {} deleted by its owner", account.did());
        events.deleted(account.did());
    }

    // ------------------------------------------------------------------------------------ PLC operations

    /**
     * {@code com.atproto.identity.requestPlcOperationSignature}: mails a {@code plc_operation} token, to be used
     * with {@link #consumeToken} by the PLC-operation signing use case.
     *
     * @param did the authenticated account
     * @throws LexiconException {@code InvalidRequest} "account not found" or "account does not have an email
     *                          address"; {@code AccountTakedown}
     */
    public void requestPlcOperationSignature(String did) {
        issue(requireMailableAccount(did), EmailTokenPurpose.PLC_OPERATION, MailTemplate.PLC_OPERATION, Optional.empty());
    }

    // ------------------------------------------------------------------------------------ generic use

    /**
     * Checks a token of the account without consuming it.
     *
     * @param purpose what it must authorise
     * @param did     the account
     * @param token   the token as typed
     * @throws LexiconException {@code InvalidToken}; {@code ExpiredToken}
     */
    public void checkToken(EmailTokenPurpose purpose, String did, String token) {
        useOwnToken(purpose, did, token, new TokenEffect.CheckOnly());
    }

    /**
     * Uses up a token of the account (for use cases built on other purposes, e.g. signing a PLC operation with a
     * {@code plc_operation} token): checked and consumed in one step, so two concurrent uses never both pass.
     *
     * @param purpose what it must authorise
     * @param did     the account
     * @param token   the token as typed
     * @throws LexiconException {@code InvalidToken}; {@code ExpiredToken}; {@code InvalidRequest} when the
     *                          purpose is missing
     */
    public void consumeToken(EmailTokenPurpose purpose, String did, String token) {
        useOwnToken(purpose, did, token, new TokenEffect.ConsumeOnly());
    }

    private void useOwnToken(EmailTokenPurpose purpose, String did, String token, TokenEffect effect) {
        if (purpose == null) {
            throw LexiconException.invalidRequest("purpose is required");
        }
        if (did == null || !Did.isValid(did)) {
            throw EmailTokens.invalid();
        }
        use(purpose, Optional.of(did), EmailTokens.hashOf(token), effect);
    }

    // ------------------------------------------------------------------------------------ helpers

    private void issue(Account account, EmailTokenPurpose purpose, MailTemplate template, Optional<String> handle) {
        // Not logged here: the failure reaches the caller (or the background task, which logs it once), and a
        // mailer's exception message may quote the mail, token included.
        EmailTokens.issue(store, mailer, random, clock.instant(), account, purpose, template, handle);
    }

    private TokenUseResult use(EmailTokenPurpose purpose, Optional<String> did, String hash, TokenEffect effect) {
        return EmailTokens.use(store, random, clock.instant(), config.emailTokenTtl(), purpose, did, hash, effect);
    }

    private Optional<Account> findAccount(String did) {
        if (did == null || !Did.isValid(did)) {
            return Optional.empty();
        }
        return store.findAccountByDid(did);
    }

    private Account requireAccount(String did) {
        return findAccount(did).orElseThrow(EmailTokenService::accountNotFound);
    }

    /** The account a token is mailed to: it exists, is not taken down, and has an email (checked in that order). */
    private Account requireMailableAccount(String did) {
        Account account = requireAccount(did);
        requireNotTakenDown(account);
        requireEmail(account);
        return account;
    }

    private static void requireNotTakenDown(Account account) {
        if (account.isTakenDown()) {
            throw new LexiconException(LexiconError.ACCOUNT_TAKEDOWN, "Account has been taken down");
        }
    }

    private static void requireEmail(Account account) {
        if (account.email().isEmpty()) {
            throw noEmail();
        }
    }

    private static LexiconException accountNotFound() {
        return LexiconException.invalidRequest("account not found");
    }

    private static LexiconException noEmail() {
        return LexiconException.invalidRequest("account does not have an email address");
    }

    private static LexiconException invalidEmail() {
        return new LexiconException(LexiconError.INVALID_EMAIL, "invalid email");
    }

    private static LexiconException factorNeedsConfirmedEmail() {
        return LexiconException.invalidRequest(FACTOR_NEEDS_CONFIRMED_EMAIL);
    }

    private static LexiconException emailInUse() {
        return LexiconException.invalidRequest("This email address is already in use, please use a different email.");
    }
}
