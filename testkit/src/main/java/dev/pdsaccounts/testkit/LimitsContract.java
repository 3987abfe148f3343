package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.service.admin.AdminService;
import dev.pdsaccounts.service.invite.InviteService;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.token.EmailTokenPurpose;
import org.junit.jupiter.api.Test;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Input limits of every public use case, end to end over the adapter under test: each string input has a
 * documented maximum, and a worst-case value (10 MB, a million capital sigmas, 1001 list entries) is refused
 * (or, where the reference answers success, ignored) with a {@link LexiconException} BEFORE any expensive
 * work. Proven with counters, not timing: the {@link CountingHasher} sees no hash or verification, and a
 * recording store proxy sees no call at all (or, where the use case must first load the account, never a
 * string longer than {@value #STORE_MAX_STRING} characters). The elapsed time is only a coarse backstop.
 */
public interface LimitsContract extends UseCaseFixture {
    /** The longest string the store may ever receive from a use case (the DID limit). */
    int STORE_MAX_STRING = Did.MAX_LENGTH;

    /** 10 MB of ASCII. */
    String HUGE = "a".repeat(10_000_000);
    /** A million capital sigmas (the JDK's toLowerCase is quadratic on them). */
    String SIGMAS = "\u03a3".repeat(1_000_000);

    /** What the checks run against: a service over a recording store with a counting hasher, and a victim. */
    final class Rig {
        final CountingHasher hasher = new CountingHasher(TestPds.cheapHasher());
        final AtomicInteger storeCalls = new AtomicInteger();
        final AtomicInteger longestStoreString = new AtomicInteger();
        final TestPds tp;
        final PdsAccounts pds;
        final CreateAccountOutput victim;
        final String victimEmail;

        Rig(AccountStore store) {
            AccountStore recording = (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                    new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                        storeCalls.incrementAndGet();
                        if (args != null) {
                            for (Object a : args) {
                                record(a);
                            }
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            tp = TestPds.over(recording, b -> b, hasher);
            pds = tp.pds();
            String name = TestPds.randomName();
            victim = tp.createAccount(name);
            victimEmail = name + "@mail.test";
        }

        private void record(Object a) {
            if (a instanceof String s) {
                longestStoreString.accumulateAndGet(s.length(), Math::max);
            } else if (a instanceof Optional<?> o) {
                o.ifPresent(this::record);
            } else if (a instanceof Collection<?> c) {
                c.forEach(this::record);
            }
        }

        void reset() {
            hasher.reset();
            storeCalls.set(0);
            longestStoreString.set(0);
        }

        String mailed(MailTemplate template) {
            return tp.mailer().latest(victimEmail, template).orElseThrow().token();
        }
    }

    /** How much a call may touch before it refuses the oversize input. */
    enum Reach {
        /** Refused before any store call and any hashing. */
        NOTHING,
        /** May load rows by its other (valid) inputs first, but never hashes and never hands the store the input. */
        NO_HASHING,
        /** Hashes by design (e.g. login's equal work for unknown identifiers) but never hands the store the input. */
        STORE_NEVER_SEES_IT
    }

    private static void bounded(Rig rig, String what, Reach reach, Optional<LexiconError> expected, Call call) {
        rig.reset();
        long start = System.nanoTime();
        try {
            call.run();
            if (expected.isPresent()) {
                fail(what + ": expected " + expected.get() + " but succeeded");
            }
        } catch (LexiconException e) {
            expected.ifPresent(err -> assertEquals(err, e.error(), what + ": " + e));
            assertTrue(e.getMessage().length() < 1000, what + ": the message echoes the input");
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": threw " + e, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, what + " took " + millis + " ms");
        if (reach == Reach.NOTHING) {
            assertEquals(0, rig.storeCalls.get(), what + ": store calls");
        }
        if (reach != Reach.STORE_NEVER_SEES_IT) {
            assertEquals(0, rig.hasher.hashes() + rig.hasher.verifiedAgainst().size(), what + ": hashing");
        }
        assertTrue(rig.longestStoreString.get() <= STORE_MAX_STRING,
                what + ": the store received a string of " + rig.longestStoreString.get() + " characters");
    }

    /** A call under test. */
    @FunctionalInterface
    interface Call {
        /** Runs it. */
        void run();
    }

    private static Optional<LexiconError> err(LexiconError e) {
        return Optional.of(e);
    }

    private static List<String> many(int n, String value) {
        return new ArrayList<>(Collections.nCopies(n, value));
    }

    private Rig rig() {
        return new Rig(tp().store());
    }

    /**
     * A 10 MB or million-sigma password, handle, email, invite code, recovery key, DID or phone verification given to
     * {@code createAccount} is refused (or ignored) before any store call or password hashing, with a short message.
     */
    @Test
    default void createAccountLimits() {
        Rig rig = rig();
        var accounts = rig.pds.accounts();
        String name = TestPds.randomName();
        CreateAccountInput.Builder valid = CreateAccountInput.builder().handle(name + TestPds.DOMAIN)
                .email(name + "@mail.test").password("hunter22").inviteCode(rig.tp.inviteCode());
        for (String big : List.of(HUGE, SIGMAS)) {
            bounded(rig, "createAccount password", Reach.NOTHING, err(LexiconError.INVALID_PASSWORD),
                    () -> accounts.createAccount(valid.password(big).build()));
            valid.password("hunter22");
            bounded(rig, "createAccount handle", Reach.NOTHING, err(LexiconError.INVALID_HANDLE),
                    () -> accounts.createAccount(valid.handle(big).build()));
            valid.handle(name + TestPds.DOMAIN);
            bounded(rig, "createAccount email", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> accounts.createAccount(valid.email(big + "@mail.test").build()));
            valid.email(name + "@mail.test");
            bounded(rig, "createAccount inviteCode", Reach.NOTHING, err(LexiconError.INVALID_INVITE_CODE),
                    () -> accounts.createAccount(valid.inviteCode(big).build()));
            valid.inviteCode(rig.tp.inviteCode());
            bounded(rig, "createAccount recoveryKey", Reach.NOTHING, Optional.empty(),
                    () -> accounts.createAccount(valid.recoveryKey("did:key:z" + big).build()));
            valid.recoveryKey(null);
            bounded(rig, "createAccount did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> accounts.createAccount(valid.did(big).build()));
            valid.did(null);
        }
        PdsAccounts phones = TestPds.over(rig.tp.store(), b -> b.phoneVerificationRequired(true), rig.hasher).pds();
        bounded(rig, "createAccount verificationPhone", Reach.NOTHING, Optional.empty(),
                () -> phones.accounts().createAccount(valid.verificationPhone(HUGE).verificationCode(HUGE).build()));
    }

    /**
     * An oversize handle or DID given to the handle update, deactivation or status call is refused (or ignored)
     * without hashing and without reaching the store (the handle update may first load the account by its valid
     * DID).
     */
    @Test
    default void accountLifecycleLimits() {
        Rig rig = rig();
        var accounts = rig.pds.accounts();
        String did = rig.victim.did();
        bounded(rig, "updateHandle handle", Reach.NO_HASHING, Optional.empty(), () -> accounts.updateHandle(did, HUGE));
        bounded(rig, "updateHandle did", Reach.NOTHING, Optional.empty(),
                () -> accounts.updateHandle(HUGE, "fine" + TestPds.DOMAIN));
        bounded(rig, "deactivateAccount did", Reach.NOTHING, Optional.empty(),
                () -> accounts.deactivateAccount(HUGE, Optional.empty()));
        bounded(rig, "accountStatus did", Reach.NOTHING, Optional.empty(), () -> accounts.accountStatus(HUGE));
    }

    /**
     * Oversize passwords, identifiers, tokens, app-password names and DIDs given to the session and app-password calls
     * are refused (or, for a logout or an app-password revocation, ignored) before any store call and any hashing,
     * except that login hashes as much for an unknown identifier as for a known one; the store never receives the
     * oversize string.
     */
    @Test
    default void sessionLimits() {
        Rig rig = rig();
        var sessions = rig.pds.sessions();
        var appPasswords = rig.pds.appPasswords();
        for (String big : List.of(HUGE, SIGMAS)) {
            bounded(rig, "createSession password", Reach.NOTHING, err(LexiconError.AUTHENTICATION_REQUIRED),
                    () -> sessions.createSession(CreateSessionInput.of(rig.victim.handle(), big)));
            // Unknown identifiers pay the same hashing as known ones (login timing), but reach no store.
            bounded(rig, "createSession identifier", Reach.STORE_NEVER_SEES_IT,
                    err(LexiconError.AUTHENTICATION_REQUIRED), () -> sessions.createSession(CreateSessionInput.of(big, "hunter22")));
            bounded(rig, "createSession email identifier", Reach.STORE_NEVER_SEES_IT,
                    err(LexiconError.AUTHENTICATION_REQUIRED),
                    () -> sessions.createSession(CreateSessionInput.of(big + "@mail.test", "hunter22")));
            bounded(rig, "verifyAccessToken", Reach.NOTHING, Optional.empty(),
                    () -> sessions.verifyAccessToken("Bearer " + big, Scope.STANDARD));
            bounded(rig, "getSession", Reach.NOTHING, Optional.empty(), () -> sessions.getSession(big));
            bounded(rig, "refreshSession", Reach.NOTHING, Optional.empty(), () -> sessions.refreshSession(big));
            bounded(rig, "deleteSession", Reach.NOTHING, Optional.empty(), () -> sessions.deleteSession(big));
            bounded(rig, "createAppPassword name", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> appPasswords.createAppPassword(rig.victim.did(), big, false));
            bounded(rig, "createAppPassword did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> appPasswords.createAppPassword(big, "app", false));
            bounded(rig, "listAppPasswords did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> appPasswords.listAppPasswords(big));
            bounded(rig, "revokeAppPassword name", Reach.NOTHING, Optional.empty(),
                    () -> appPasswords.revokeAppPassword(rig.victim.did(), big));
        }
        // The email lookup lower-cases with the linear rule: the longest identifier it examines is fast.
        String sigmaEmail = "\u03a3".repeat(2038) + "@mail.test";
        bounded(rig, "createSession sigma identifier", Reach.STORE_NEVER_SEES_IT,
                err(LexiconError.AUTHENTICATION_REQUIRED), () -> sessions.createSession(CreateSessionInput.of(sigmaEmail, "hunter22")));
    }

    /** An oversize sign-in code is refused as {@code InvalidToken} quickly and never handed to the store. */
    @Test
    default void signInCodeLimits() {
        Rig rig = rig();
        var store = rig.tp.store();
        store.updateAccount(store.findAccountByDid(rig.victim.did()).orElseThrow()
                .withEmailConfirmedAt(rig.tp.clock().instant()).withEmailAuthFactor(true));
        for (String big : List.of(HUGE, SIGMAS)) {
            // The password holds, so the login does its usual hashing; the oversize code never reaches the store.
            bounded(rig, "createSession authFactorToken", Reach.STORE_NEVER_SEES_IT, err(LexiconError.INVALID_TOKEN),
                    () -> rig.pds.sessions().createSession(CreateSessionInput.of(rig.victim.handle(), TestPds.PASSWORD)
                            .withAuthFactorToken(Optional.of(big))));
        }
    }

    /**
     * Oversize emails, passwords, tokens and DIDs given to every email-token call are refused (or, for an unknown
     * email's reset, ignored) without hashing (except the deletion's check of the valid password, which comes before
     * its token), and without reaching the store except to load the account by its valid inputs; the store never
     * receives the oversize string.
     */
    @Test
    default void emailTokenLimits() {
        Rig rig = rig();
        var email = rig.pds.email();
        String did = rig.victim.did();
        email.requestPasswordReset(rig.victimEmail);
        email.requestAccountDelete(did);
        String reset = rig.mailed(MailTemplate.RESET_PASSWORD);
        String delete = rig.mailed(MailTemplate.DELETE_ACCOUNT);
        for (String big : List.of(HUGE, SIGMAS)) {
            bounded(rig, "requestPasswordReset email", Reach.NOTHING, Optional.empty(),
                    () -> email.requestPasswordReset(big + "@mail.test"));
            bounded(rig, "resetPassword password", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.resetPassword(reset, big));
            bounded(rig, "resetPassword token", Reach.NOTHING, err(LexiconError.INVALID_TOKEN),
                    () -> email.resetPassword(big, "new-password"));
            bounded(rig, "confirmEmail email", Reach.NO_HASHING, err(LexiconError.INVALID_EMAIL),
                    () -> email.confirmEmail(did, big, "AAAAA-AAAAA"));
            bounded(rig, "confirmEmail token", Reach.NO_HASHING, err(LexiconError.INVALID_TOKEN),
                    () -> email.confirmEmail(did, rig.victimEmail, big));
            bounded(rig, "updateEmail email", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.updateEmail(did, big + "@mail.test", Optional.empty()));
            bounded(rig, "updateEmail token", Reach.NO_HASHING, err(LexiconError.INVALID_TOKEN),
                    () -> email.updateEmail(did, "other@mail.test", Optional.of(big)));
            bounded(rig, "deleteAccount password", Reach.NOTHING, err(LexiconError.AUTHENTICATION_REQUIRED),
                    () -> email.deleteAccount(did, big, delete));
            // The main password is checked before the token (reference order), so hashing happens here.
            bounded(rig, "deleteAccount token", Reach.STORE_NEVER_SEES_IT, err(LexiconError.INVALID_TOKEN),
                    () -> email.deleteAccount(did, TestPds.PASSWORD, big));
            bounded(rig, "deleteAccount did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.deleteAccount(big, TestPds.PASSWORD, delete));
            bounded(rig, "requestEmailConfirmation did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.requestEmailConfirmation(big));
            bounded(rig, "requestEmailUpdate did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.requestEmailUpdate(big));
            bounded(rig, "requestAccountDelete did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.requestAccountDelete(big));
            bounded(rig, "requestPlcOperationSignature did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> email.requestPlcOperationSignature(big));
            bounded(rig, "checkToken token", Reach.NOTHING, err(LexiconError.INVALID_TOKEN),
                    () -> email.checkToken(EmailTokenPurpose.PLC_OPERATION, did, big));
            bounded(rig, "consumeToken did", Reach.NOTHING, err(LexiconError.INVALID_TOKEN),
                    () -> email.consumeToken(EmailTokenPurpose.PLC_OPERATION, big, "AAAAA-AAAAA"));
        }
    }

    /**
     * Oversize DIDs, codes, cursors and sort names and over-long lists (1001 accounts, more codes than a disable
     * accepts) given to the invite calls are refused or ignored without hashing, and the store never receives the
     * oversize string.
     */
    @Test
    default void inviteLimits() {
        Rig rig = rig();
        InviteService invites = rig.pds.invites();
        for (String big : List.of(HUGE, SIGMAS)) {
            bounded(rig, "createInviteCode forAccount", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.createInviteCode(1, Optional.of(big)));
            bounded(rig, "createInviteCodes forAccounts", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.createInviteCodes(1, 1, many(1001, rig.victim.did())));
            bounded(rig, "getAccountInviteCodes did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.getAccountInviteCodes(big, true, true));
            bounded(rig, "disableInviteCodes code", Reach.NO_HASHING, Optional.empty(),
                    () -> invites.disableInviteCodes(List.of(big), List.of()));
            bounded(rig, "disableInviteCodes account", Reach.NO_HASHING, Optional.empty(),
                    () -> invites.disableInviteCodes(List.of(), List.of(big)));
            bounded(rig, "disableInviteCodes many", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.disableInviteCodes(many(InviteService.MAX_DISABLE_ENTRIES + 1, "x"), List.of()));
            bounded(rig, "enableAccountInvites did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.enableAccountInvites(big, Optional.of(big)));
            bounded(rig, "disableAccountInvites did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.disableAccountInvites(big, Optional.of(big)));
            bounded(rig, "getInviteCodes cursor", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.getInviteCodes("recent", 10, big));
            bounded(rig, "getInviteCodes sort", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.getInviteCodes(big, 10, null));
            bounded(rig, "invitesFor did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.invitesFor(big));
            bounded(rig, "invitedBy did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> invites.invitedBy(big));
        }
    }

    /**
     * Oversize takedown references, DIDs, passwords, emails, handles, search prefixes and cursors, and too many DIDs
     * for the account views, given to the admin calls are refused or ignored without hashing, and the store never
     * receives the oversize string.
     */
    @Test
    default void adminLimits() {
        Rig rig = rig();
        AdminService admin = rig.pds.admin();
        String did = rig.victim.did();
        for (String big : List.of(HUGE, SIGMAS)) {
            bounded(rig, "updateSubjectStatus ref", Reach.NO_HASHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.updateSubjectStatus(did, Optional.of(true), Optional.of(big), Optional.empty()));
            bounded(rig, "updateSubjectStatus did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.updateSubjectStatus(big, Optional.of(true), Optional.empty(), Optional.empty()));
            bounded(rig, "getSubjectStatus did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.getSubjectStatus(big));
            bounded(rig, "updateAccountPassword password", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.updateAccountPassword(did, big));
            bounded(rig, "updateAccountEmail email", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.updateAccountEmail(did, big));
            bounded(rig, "updateAccountEmail account", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.updateAccountEmail(big, "x@mail.test"));
            bounded(rig, "updateAccountHandle handle", Reach.NOTHING, Optional.empty(),
                    () -> admin.updateAccountHandle(did, big));
            bounded(rig, "deleteAccount did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.deleteAccount(big));
            bounded(rig, "getAccountInfo did", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.getAccountInfo(big));
            bounded(rig, "getAccountInfos many", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.getAccountInfos(many(AdminService.MAX_ACCOUNT_INFOS + 1, did)));
            bounded(rig, "searchAccounts prefix", Reach.NOTHING, Optional.empty(),
                    () -> admin.searchAccounts(Optional.of(big), Optional.empty(), Optional.empty()));
            bounded(rig, "searchAccounts cursor", Reach.NOTHING, err(LexiconError.INVALID_REQUEST),
                    () -> admin.searchAccounts(Optional.empty(), Optional.of(big), Optional.empty()));
        }
    }
}
