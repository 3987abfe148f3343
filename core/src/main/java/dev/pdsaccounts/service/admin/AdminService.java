package dev.pdsaccounts.service.admin;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.EmailPolicy;
import dev.pdsaccounts.account.PasswordPolicy;
import dev.pdsaccounts.service.internal.UpdateResult;
import dev.pdsaccounts.admin.AccountSearchPage;
import dev.pdsaccounts.admin.AccountView;
import dev.pdsaccounts.admin.StatusAttr;
import dev.pdsaccounts.admin.SubjectStatus;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.service.account.HandleUpdates;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.AtIdentifier;
import dev.pdsaccounts.syntax.Datetime;
import dev.pdsaccounts.syntax.Did;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin use cases ({@code com.atproto.admin.*}) over accounts. The caller must already have authorised the admin
 * (Basic {@code admin} credentials or a moderation service token); nothing here checks it.
 *
 * <pre>{@code
 * pds.admin().updateSubjectStatus(did, Optional.of(true), Optional.of("mod-123"), Optional.empty());
 * AccountView view = pds.admin().getAccountInfo(did);
 * }</pre>
 */
public final class AdminService {
    private static final Logger LOG = LoggerFactory.getLogger(AdminService.class);
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final PasswordHasher passwordHasher;
    private final EmailPolicy emailPolicy;
    private final PasswordPolicy passwordPolicy;
    private final HandleUpdates handles;
    private final AccountEventPublisher events;
    private final Mailer mailer;
    /** Longest takedown reference accepted. */
    public static final int MAX_TAKEDOWN_REF_LENGTH = 512;
    /** Most DIDs one {@link #getAccountInfos} call accepts. */
    public static final int MAX_ACCOUNT_INFOS = 1_000;

    /** Default page size of {@link #searchAccounts}. */
    public static final int DEFAULT_SEARCH_LIMIT = 50;
    /** Largest page size of {@link #searchAccounts}. */
    public static final int MAX_SEARCH_LIMIT = 100;


    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param store the store port
     * @param clock the clock (millisecond precision)
     * @param random the randomness
     * @param passwordHasher hashes and verifies passwords
     * @param emailPolicy the email rules
     * @param passwordPolicy the new-password rules
     * @param handles the handle-change rules
     * @param events publishes status changes and deletions after commit
     * @param mailer sends the administrators' messages ({@link #sendEmail})
     */
    public AdminService(AccountStore store,
            Clock clock,
            SecureRandom random,
            PasswordHasher passwordHasher,
            EmailPolicy emailPolicy,
            PasswordPolicy passwordPolicy,
            HandleUpdates handles,
            AccountEventPublisher events,
            Mailer mailer) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.emailPolicy = Objects.requireNonNull(emailPolicy, "emailPolicy");
        this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
        this.handles = Objects.requireNonNull(handles, "handles");
        this.events = Objects.requireNonNull(events, "events");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    // ------------------------------------------------------------------------------------ subject status

    /**
     * {@code com.atproto.admin.updateSubjectStatus} for an account. A takedown update (applied or lifted) sets or
     * clears the takedown reference (default: the current datetime) and revokes every refresh token of the
     * account; a deactivation update deactivates the account ({@code deleteAfter} cleared) or clears the
     * deactivation. Takedown is applied first. A field left empty is left as it is.
     *
     * @param did                the account
     * @param takedownApplied    apply or lift a takedown
     * @param takedownRef        the takedown reference (used only when applying)
     * @param deactivatedApplied deactivate or re-activate
     * @return the resulting status
     * @throws LexiconException {@code InvalidRequest}: a malformed DID; "Cannot activate and takedown an account at
     *                          the same time"; "Subject not found"; {@code AccountNotFound} "user not found" when
     *                          asked to re-activate an account that is (and stays) taken down, as the reference
     *                          refuses to activate taken-down accounts (nothing is changed then)
     */
    public SubjectStatus updateSubjectStatus(String did, Optional<Boolean> takedownApplied,
                                             Optional<String> takedownRef, Optional<Boolean> deactivatedApplied) {
        Did.parse(did);
        Optional<Boolean> takedown = takedownApplied == null ? Optional.empty() : takedownApplied;
        Optional<Boolean> deactivated = deactivatedApplied == null ? Optional.empty() : deactivatedApplied;
        if (takedown.orElse(false) && deactivated.equals(Optional.of(false))) {
            throw LexiconException.invalidRequest("Cannot activate and takedown an account at the same time");
        }
        Account subject = requireSubject(did);
        // The reference refuses to activate a taken-down account (unless this very call lifts the takedown).
        boolean stillTakenDown = takedown.map(t -> t).orElse(subject.isTakenDown());
        if (deactivated.equals(Optional.of(false)) && stillTakenDown) {
            throw activationOfTakenDown();
        }
        if (takedown.isPresent()) {
            Optional<String> ref = Optional.empty();
            if (takedown.get()) {
                Optional<String> given = takedownRef == null ? Optional.empty() : takedownRef.filter(r -> !r.isEmpty());
                given.ifPresent(r -> requirePrintable(r, "takedown ref", MAX_TAKEDOWN_REF_LENGTH));
                ref = Optional.of(given.orElseGet(() -> Datetime.format(clock.instant())));
            }
            Optional<String> newRef = ref;
            if (!events.inTransaction(did, tx -> AccountChanges.setTakedown(tx, did, newRef))) {
                throw subjectNotFound();
            }
            LOG.info("admin: takedown of {} {}", did, newRef.map(r -> "applied, ref " + r).orElse("lifted"));
        }
        if (deactivated.isPresent()) {
            Optional<Instant> at = deactivated.get() ? Optional.of(clock.instant()) : Optional.empty();
            if (!events.inTransaction(did, tx -> AccountChanges.update(tx, did, a -> {
                if (at.isEmpty() && a.isTakenDown()) {
                    throw activationOfTakenDown(); // taken down concurrently: roll back, change nothing
                }
                return a.withDeactivation(at, Optional.empty());
            }))) {
                throw subjectNotFound();
            }
            LOG.info("admin: {} {}", deactivated.get() ? "deactivated" : "reactivated", did);
        }
        return getSubjectStatus(did);
    }

    private static LexiconException activationOfTakenDown() {
        return new LexiconException(LexiconError.ACCOUNT_NOT_FOUND, "user not found");
    }

    /**
     * {@code com.atproto.admin.getSubjectStatus} for an account.
     *
     * @param did the account
     * @return its takedown (with reference) and deactivation
     * @throws LexiconException {@code InvalidRequest}: a malformed DID; "Subject not found"
     */
    public SubjectStatus getSubjectStatus(String did) {
        Did.parse(did);
        Account a = requireSubject(did);
        return new SubjectStatus(a.did(), new StatusAttr(a.isTakenDown(), a.takedownRef()),
                new StatusAttr(a.deactivatedAt().isPresent(), Optional.empty()));
    }

    // ------------------------------------------------------------------------------------ account changes

    /**
     * {@code com.atproto.admin.updateAccountPassword}: sets a new password and, in the same step, revokes every
     * refresh token of the account (app passwords survive).
     *
     * @param did      the account
     * @param password the new password
     * @throws LexiconException {@code InvalidRequest} for a malformed DID or "Account not found";
     *                          {@code InvalidRequest} "Invalid password length." (over 256, or under the
     *                          configured minimum) or "Password is required"
     */
    public void updateAccountPassword(String did, String password) {
        Did.parse(did);
        passwordPolicy.checkReset(password);
        requireAccount(did);
        String hash = passwordHasher.hash(password);
        if (!store.inTransaction(tx -> AccountChanges.setPassword(tx, did, hash))) {
            throw accountNotFound();
        }
        LOG.info("admin: password of {} replaced, its sessions revoked", did);
    }

    /**
     * {@code com.atproto.admin.updateAccountEmail}: sets the email of the account named by handle or DID, with no
     * validity or disposable check (as the reference), lower-cased; clears the confirmation and deletes every
     * email token of the account.
     *
     * @param account the account's handle or DID
     * @param email   the new email; non-empty, at most {@value EmailPolicy#MAX_LENGTH} characters (a bound the
     *                reference does not have, so the store's unique index can always hold it)
     * @throws LexiconException {@code InvalidRequest}: a malformed identifier; "Account does not exist:
     *                          &lt;account&gt;"; "Email is required"; "Email is too long"; "This email address is
     *                          already in use, please use a different email."
     */
    public void updateAccountEmail(String account, String email) {
        AtIdentifier id = AtIdentifier.parse(account);
        if (email == null || email.isEmpty()) {
            throw LexiconException.invalidRequest("Email is required");
        }
        if (email.length() > EmailPolicy.MAX_LENGTH) {
            throw LexiconException.invalidRequest("Email is too long");
        }
        requirePrintable(email, "email", EmailPolicy.MAX_LENGTH);
        Optional<Account> found = id.isDid() ? store.findAccountByDid(id.value())
                : store.findAccountByHandle(id.asHandle().orElseThrow().value().toLowerCase(Locale.ROOT));
        Account a = found.orElseThrow(() -> LexiconException.invalidRequest("Account does not exist: " + account));
        String normalized = emailPolicy.normalize(email);
        UpdateResult result = store.inTransaction(tx -> tx.findAccountByDid(a.did())
                .map(current -> AccountChanges.setEmail(tx, current, normalized))
                .orElseGet(UpdateResult.NotFound::new));
        if (result instanceof UpdateResult.EmailTaken) {
            throw LexiconException.invalidRequest(
                    "This email address is already in use, please use a different email.");
        } else if (result instanceof UpdateResult.NotFound) {
            throw LexiconException.invalidRequest("Account does not exist: " + account);
        }
        LOG.info("admin: email of {} replaced", a.did());
    }

    /**
     * {@code com.atproto.admin.updateAccountHandle}: as the owner's handle update, but reserved handles and the
     * handle filter are waived.
     *
     * @param did    the account
     * @param handle the new handle, any case
     * @return the normalised handle now held
     * @throws LexiconException {@code InvalidRequest} (malformed DID, "account not found", "External handle did not
     *                          resolve to DID"), {@code InvalidHandle}, {@code HandleNotAvailable} "Handle already
     *                          taken: &lt;handle&gt;", {@code IncompatibleDidDoc}
     * @throws InfrastructureException when the PLC directory, the resolver or the store fails
     */
    public String updateAccountHandle(String did, String handle) {
        Did.parse(did);
        String updated = handles.updateHandle(did, handle, true);
        LOG.info("admin: handle of {} set to {}", did, updated);
        return updated;
    }

    /**
     * {@code com.atproto.admin.deleteAccount}: deletes the account with everything the store holds for it, with no
     * further check. Idempotent.
     *
     * @param did the account
     * @return whether there was an account
     * @throws LexiconException {@code InvalidRequest} for a malformed DID
     */
    public boolean deleteAccount(String did) {
        Did.parse(did);
        boolean existed = events.inTransaction(did, tx -> AccountChanges.deleteAccount(tx, did, random));
        LOG.info(existed ? "admin: account {} deleted" : "admin: deletion of {}: no such account", did);
        return existed;
    }

    // ------------------------------------------------------------------------------------ views

    /**
     * {@code com.atproto.admin.getAccountInfo}.
     *
     * @param did the account
     * @return its view, invite codes included
     * @throws LexiconException {@code InvalidRequest}: a malformed DID; "Account not found"
     */
    public AccountView getAccountInfo(String did) {
        Did.parse(did);
        return view(requireAccount(did));
    }

    /**
     * {@code com.atproto.admin.getAccountInfos}: the views of the accounts that exist, in the order asked (each DID
     * once); unknown DIDs are left out.
     *
     * @param dids the accounts
     * @return their views
     * @throws LexiconException {@code InvalidRequest} when the list is missing, longer than
     *                          {@value #MAX_ACCOUNT_INFOS}, or a DID is malformed
     */
    public List<AccountView> getAccountInfos(List<String> dids) {
        if (dids == null) {
            throw LexiconException.invalidRequest("dids is required");
        }
        if (dids.size() > MAX_ACCOUNT_INFOS) {
            throw LexiconException.invalidRequest("at most " + MAX_ACCOUNT_INFOS + " dids may be asked at once");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String did : dids) {
            unique.add(Did.parse(did).value());
        }
        List<AccountView> views = new ArrayList<>();
        for (String did : unique) {
            store.findAccountByDid(did).ifPresent(a -> views.add(view(a)));
        }
        return List.copyOf(views);
    }

    /**
     * {@code com.atproto.admin.searchAccounts}: accounts whose email starts with a prefix, ordered by DID.
     *
     * @param emailPrefix the prefix, any case (empty for every account with an email)
     * @param cursor      the cursor of the previous page
     * @param limit       page size, 1 to {@value #MAX_SEARCH_LIMIT} (default {@value #DEFAULT_SEARCH_LIMIT})
     * @return the page
     * @throws LexiconException {@code InvalidRequest} for a limit out of range or a malformed cursor
     */
    public AccountSearchPage searchAccounts(Optional<String> emailPrefix, Optional<String> cursor,
                                            Optional<Integer> limit) {
        int n = limit == null ? DEFAULT_SEARCH_LIMIT : limit.orElse(DEFAULT_SEARCH_LIMIT);
        if (n < 1 || n > MAX_SEARCH_LIMIT) {
            throw LexiconException.invalidRequest("limit must be between 1 and " + MAX_SEARCH_LIMIT);
        }
        Optional<String> after = cursor == null ? Optional.empty() : cursor.filter(c -> !c.isEmpty());
        if (after.isPresent() && !Did.isValid(after.get())) {
            throw LexiconException.invalidRequest("Malformed cursor");
        }
        String prefix = emailPrefix == null ? "" : emailPrefix.orElse("");
        if (prefix.length() > EmailPolicy.MAX_LENGTH) {
            return new AccountSearchPage(List.of(), Optional.empty()); // no stored email is that long
        }
        List<Account> found = store.listAccounts(Optional.of(emailPolicy.normalize(prefix)), after, n + 1);
        boolean more = found.size() > n;
        List<Account> page = more ? found.subList(0, n) : found;
        List<AccountView> views = new ArrayList<>(page.size());
        for (Account a : page) {
            views.add(view(a));
        }
        Optional<String> next = more ? Optional.of(page.get(page.size() - 1).did()) : Optional.empty();
        return new AccountSearchPage(views, next);
    }

    // ------------------------------------------------------------------------------------ helpers

    private AccountView view(Account a) {
        Optional<InviteCodeDetails> invitedBy = AccountChanges.signUpCode(store, a.did());
        List<InviteCodeDetails> invites = store.inviteCodesForAccount(a.did());
        return new AccountView(a.did(), a.handle(), a.email(), a.createdAt(), a.emailConfirmedAt(), a.deactivatedAt(),
                a.invitesDisabled(), invitedBy, invites);
    }

    // ------------------------------------------------------------------------------------ mail

    /** Longest {@code content} of {@link #sendEmail}, in characters. */
    public static final int MAX_EMAIL_CONTENT_LENGTH = 100_000;
    /** Longest {@code subject} of {@link #sendEmail}, in characters. */
    public static final int MAX_EMAIL_SUBJECT_LENGTH = 1_000;

    /**
     * {@code com.atproto.admin.sendEmail}: sends a free message to an account's email address through the
     * {@link Mailer} port (any account status, as the reference). The content and the comment are never logged.
     *
     * @param recipientDid the account
     * @param content      the message, plain text
     * @param subject      the subject; empty or blank for "Message via your PDS"
     * @param senderDid    the moderator who sends it (logged)
     * @param comment      a moderator's note, not sent
     * @return {@code true} (the lexicon's {@code sent}) once the mailer accepted the mail
     * @throws LexiconException {@code InvalidRequest}: "Recipient not found"; "account does not have an email
     *                          address"; a malformed recipient or sender DID; content over
     *                          {@value #MAX_EMAIL_CONTENT_LENGTH} or subject over {@value #MAX_EMAIL_SUBJECT_LENGTH}
     *                          characters
     * @throws InfrastructureException when the mailer fails
     */
    public boolean sendEmail(String recipientDid, String content, Optional<String> subject, String senderDid,
                             Optional<String> comment) {
        Objects.requireNonNull(comment, "comment");
        if (recipientDid == null || !Did.isValid(recipientDid)) {
            throw LexiconException.invalidRequest("Invalid recipientDid: must be a DID");
        }
        if (senderDid == null || !Did.isValid(senderDid)) {
            throw LexiconException.invalidRequest("Invalid senderDid: must be a DID");
        }
        if (content == null || content.length() > MAX_EMAIL_CONTENT_LENGTH) {
            throw LexiconException.invalidRequest("content is required, at most " + MAX_EMAIL_CONTENT_LENGTH
                    + " characters");
        }
        Optional<String> subj = subject == null ? Optional.empty() : subject.filter(x -> !x.isBlank());
        if (subj.isPresent() && subj.get().length() > MAX_EMAIL_SUBJECT_LENGTH) {
            throw LexiconException.invalidRequest("subject is at most " + MAX_EMAIL_SUBJECT_LENGTH + " characters");
        }
        Account account = store.findAccountByDid(recipientDid)
                .orElseThrow(() -> LexiconException.invalidRequest("Recipient not found"));
        String to = account.email().orElseThrow(
                () -> LexiconException.invalidRequest("account does not have an email address"));
        Mail mail = Mail.adminMessage(to, subj, content, Optional.of(account.handle()));
        try {
            mailer.send(mail);
        } catch (InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureException("mailer failed to send " + mail.template().id(), e);
        }
        LOG.info("admin: {} sent an email to {}", senderDid, recipientDid);
        return true;
    }

    private Account requireAccount(String did) {
        return store.findAccountByDid(did).orElseThrow(AdminService::accountNotFound);
    }

    private Account requireSubject(String did) {
        return store.findAccountByDid(did).orElseThrow(AdminService::subjectNotFound);
    }

    private static LexiconException accountNotFound() {
        return LexiconException.invalidRequest("Account not found");
    }

    private static LexiconException subjectNotFound() {
        return LexiconException.invalidRequest("Subject not found");
    }

    /**
     * Admin inputs are stored as given, so they must be storable everywhere: no control characters (NUL
     * cannot even be stored by PostgreSQL) and a bounded length.
     */
    private static void requirePrintable(String value, String field, int maxLength) {
        if (value.length() > maxLength) {
            throw LexiconException.invalidRequest("The " + field + " is too long (at most " + maxLength + " characters)");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw LexiconException.invalidRequest("The " + field + " must not contain control characters");
            }
        }
    }
}
