package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.store.TransactionWork;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fixture a fuzzer aims at: one "victim" account with a known password, live email tokens of every purpose,
 * and a many-use invite code; plus the snapshot of everything a rejected input must leave unchanged. After an
 * input succeeds, {@link #resync()} repairs the fixture (re-creates a deleted victim, lifts a takedown,
 * re-issues consumed tokens) so later inputs still reach deep code paths.
 */
final class FuzzWorld {
    private final TestPds tp;
    private String inviteCode;
    private final Map<EmailTokenPurpose, String> tokens = new EnumMap<>(EmailTokenPurpose.class);
    private String did;
    private String handle;
    private String email;
    private String password = TestPds.PASSWORD;
    private String accessJwt;
    private String refreshJwt;

    private final AtomicLong codesInserted;

    /** A world over {@code store}, wrapped so that inserted invite codes are counted cheaply. */
    FuzzWorld(AccountStore store) {
        this.codesInserted = new AtomicLong();
        this.tp = TestPds.over(countingInvites(store, codesInserted));
        this.inviteCode = tp.pds().invites().createInviteCode(tp.pds().config().maxInviteCodeUses(), Optional.empty());
        resync();
    }

    TestPds tp() {
        return tp;
    }

    String did() {
        return did;
    }

    String handle() {
        return handle;
    }

    String email() {
        return email;
    }

    String password() {
        return password;
    }

    String inviteCode() {
        return inviteCode;
    }

    String accessJwt() {
        return accessJwt;
    }

    String refreshJwt() {
        return refreshJwt;
    }

    /** The victim's live token of {@code purpose} (empty string when none could be issued). */
    String token(EmailTokenPurpose purpose) {
        return tokens.getOrDefault(purpose, "");
    }

    /** After a successful login or refresh of the victim: later inputs mutate these tokens. */
    void sessionIssued(String access, String refresh) {
        this.accessJwt = access;
        this.refreshJwt = refresh;
    }

    /** After a successful input that set the victim's password. */
    void passwordChanged(String newPassword) {
        this.password = newPassword;
    }

    /** Repairs the fixture after a successful input. */
    void resync() {
        Optional<Account> found = did == null ? Optional.empty() : tp.store().findAccountByDid(did);
        if (found.isEmpty()) {
            String name = TestPds.randomName();
            CreateAccountOutput out = tp.createAccount(name);
            did = out.did();
            password = TestPds.PASSWORD;
            accessJwt = out.accessJwt();
            refreshJwt = out.refreshJwt();
            found = tp.store().findAccountByDid(did);
        }
        Account a = found.orElseThrow();
        if (a.isTakenDown()) {
            StoreSteps.updateTakedown(tp.store(), did, Optional.empty());
        }
        if (a.deactivatedAt().isPresent()) {
            StoreSteps.updateDeactivation(tp.store(), did, Optional.empty(), Optional.empty());
        }
        if (a.email().isEmpty()) {
            StoreSteps.updateEmail(tp.store(), did, TestPds.randomName() + "@mail.test");
        }
        InviteCodeDetails shared = tp.store().findInviteCode(inviteCode).orElse(null);
        if (shared == null || shared.code().disabled() || shared.uses().size() > 200) {
            inviteCode = tp.pds().invites().createInviteCode(tp.pds().config().maxInviteCodeUses(), Optional.empty());
        }
        a = tp.store().findAccountByDid(did).orElseThrow();
        handle = a.handle();
        email = a.email().orElseThrow();
        if (tp.store().refreshTokensOf(did).isEmpty()) {
            var out = tp.pds().sessions().createSession(CreateSessionInput.of(did, password));
            sessionIssued(out.accessJwt(), out.refreshJwt());
        }
        issueTokens(a);
    }

    private void issueTokens(Account a) {
        tokens.clear();
        var email = tp.pds().email();
        email.requestPasswordReset(this.email);
        email.requestEmailConfirmation(did);
        email.requestAccountDelete(did);
        email.requestPlcOperationSignature(did);
        if (a.emailConfirmed()) {
            email.requestEmailUpdate(did);
        }
        put(EmailTokenPurpose.RESET_PASSWORD, MailTemplate.RESET_PASSWORD);
        put(EmailTokenPurpose.CONFIRM_EMAIL, MailTemplate.CONFIRM_EMAIL);
        put(EmailTokenPurpose.DELETE_ACCOUNT, MailTemplate.DELETE_ACCOUNT);
        put(EmailTokenPurpose.PLC_OPERATION, MailTemplate.PLC_OPERATION);
        if (a.emailConfirmed()) {
            put(EmailTokenPurpose.UPDATE_EMAIL, MailTemplate.UPDATE_EMAIL);
        }
        tp.mailer().clear();
    }

    private void put(EmailTokenPurpose purpose, MailTemplate template) {
        tp.mailer().latest(email, template).map(Mail::token).ifPresent(t -> tokens.put(purpose, t));
    }

    /**
     * Everything a rejected input must leave as it was, read in one transaction (one consistent view, and on a
     * database one connection and one commit instead of one per read).
     */
    Snapshot snapshot() {
        return tp.store().inTransaction(s -> {
            List<RefreshToken> refresh = new ArrayList<>(s.refreshTokensOf(did));
            refresh.sort(Comparator.comparing(RefreshToken::id));
            List<AppPassword> apps = new ArrayList<>(s.appPasswordsOf(did));
            apps.sort(Comparator.comparing(AppPassword::name));
            List<Optional<EmailToken>> emailTokens = new ArrayList<>();
            for (EmailTokenPurpose p : EmailTokenPurpose.values()) {
                emailTokens.add(s.findEmailToken(p, did));
            }
            return new Snapshot(s.countAccounts(), s.findAccountByDid(did), refresh, apps, emailTokens,
                    s.inviteCodesForAccount(did), s.findInviteCode(inviteCode), codesInserted.get(),
                    tp.mailer().mails().size(), tp.plc().lastOperation(did));
        });
    }

    /**
     * The store, counting the invite codes inserted through it (a count no store port offers), in auto-commit
     * calls and inside transactions alike.
     */
    private static AccountStore countingInvites(AccountStore store, AtomicLong inserted) {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                    Object[] actual = args;
                    if (method.getName().equals("inTransaction")) {
                        TransactionWork<?> work = (TransactionWork<?>) args[0];
                        actual = new Object[] {(TransactionWork<Object>) tx -> work.run(
                                (StoreAccess) countingAccess(tx, inserted))};
                    }
                    return invokeCounting(store, method, actual, inserted);
                });
    }

    private static Object countingAccess(StoreAccess tx, AtomicLong inserted) {
        return Proxy.newProxyInstance(StoreAccess.class.getClassLoader(), new Class<?>[] {StoreAccess.class},
                (proxy, method, args) -> invokeCounting(tx, method, args, inserted));
    }

    private static Object invokeCounting(Object target, java.lang.reflect.Method method, Object[] args,
                                         AtomicLong inserted) throws Throwable {
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (method.getName().equals("insertInviteCodes")) {
            inserted.addAndGet(((List<?>) args[0]).size());
        }
        return result;
    }

    /** The observable state of the store, the mailer and the PLC directory around the victim. */
    record Snapshot(long accounts, Optional<Account> victim, List<RefreshToken> refreshTokens,
                    List<AppPassword> appPasswords, List<Optional<EmailToken>> emailTokens,
                    List<InviteCodeDetails> victimCodes, Optional<InviteCodeDetails> sharedInvite,
                    long codesInserted, int mails, Optional<Map<String, Object>> plcLast) {
    }

    /** One fuzz input: its description, the call, and what to do when it succeeds. */
    record FuzzCase(String description, java.util.concurrent.Callable<?> call, Runnable onSuccess) {
    }

    /** An input generator. */
    @FunctionalInterface
    interface Generator {
        /** The next input, from the run's randomness and the world. */
        FuzzCase next(java.util.SplittableRandom r, FuzzWorld world);
    }
}
