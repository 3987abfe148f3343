package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.UseCaseAsserts.account;
import static dev.pdsaccounts.testkit.UseCaseAsserts.assertLexicon;
import static dev.pdsaccounts.testkit.UseCaseAsserts.emailOf;
import static dev.pdsaccounts.testkit.UseCaseAsserts.mailedToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.service.account.AccountService;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.AccountStatusView;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.admin.AccountSearchPage;
import dev.pdsaccounts.admin.AccountView;
import dev.pdsaccounts.service.admin.AdminService;
import dev.pdsaccounts.admin.SubjectStatus;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.syntax.Datetime;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Account lifecycle end to end over the adapter under test: handle update (with its PLC operation), deactivation,
 * status derivation and view, and the admin operations (subject status, password, email, handle, deletion,
 * account views and search).
 */
public interface LifecycleContract extends UseCaseFixture {

    private AccountService accounts() {
        return tp().pds().accounts();
    }

    private AdminService admin() {
        return tp().pds().admin();
    }

    private CreateAccountOutput newAccount() {
        return tp().createAccount(TestPds.randomName());
    }

    private static List<?> alsoKnownAs(TestPds tp, String did) {
        return (List<?>) tp.plc().resolveDocument(did).orElseThrow().get("alsoKnownAs");
    }

    // ------------------------------------------------------------------------------------ handle update

    /**
     * A handle update (given in upper case) stores the lower-case handle, frees the old one, and sends the PLC
     * directory an operation chained to the genesis that changes only {@code alsoKnownAs}.
     */
    @Test
    default void updateHandleChangesStoreAndPlcDocument() {
        CreateAccountOutput acct = newAccount();
        Map<String, Object> genesis = tp().plc().lastOperation(acct.did()).orElseThrow();
        String name = TestPds.randomName();
        assertEquals(name + ".test", accounts().updateHandle(acct.did(), name.toUpperCase(Locale.ROOT) + ".TEST"));
        assertEquals(name + ".test", account(tp(), acct.did()).handle());
        assertEquals(acct.did(), tp().store().findAccountByHandle(name + ".test").orElseThrow().did());
        assertTrue(tp().store().findAccountByHandle(acct.handle()).isEmpty(), "the old handle is free");
        assertEquals(List.of("at://" + name + ".test"), alsoKnownAs(tp(), acct.did()));
        Map<String, Object> update = tp().plc().lastOperation(acct.did()).orElseThrow();
        assertEquals(PlcOperations.cid(genesis), update.get("prev"));
        assertEquals(genesis.get("rotationKeys"), update.get("rotationKeys"));
        assertEquals(genesis.get("services"), update.get("services"));
        assertEquals(genesis.get("verificationMethods"), update.get("verificationMethods"));
        assertEquals(2, tp().plc().auditLog(acct.did()).size());
        assertTrue(accounts().accountStatus(acct.did()).validDid(), "the document still points here");
    }

    /** Updating to the account's own handle, in any case, succeeds without sending a PLC operation. */
    @Test
    default void updatingToTheOwnHandleIsANoOp() {
        CreateAccountOutput acct = newAccount();
        assertEquals(acct.handle(), accounts().updateHandle(acct.did(), acct.handle().toUpperCase(Locale.ROOT)));
        assertEquals(1, tp().plc().auditLog(acct.did()).size(), "no PLC operation");
    }

    /**
     * A handle update is refused with the reference's error for a handle held by another account (even deactivated), a
     * reserved, short, malformed or bad-TLD handle, an external handle that does not resolve, an unknown account and a
     * taken-down one; none changes the handle or reaches the PLC directory.
     */
    @Test
    default void handleUpdateRules() {
        CreateAccountOutput acct = newAccount();
        CreateAccountOutput other = newAccount();
        StoreSteps.updateDeactivation(tp().store(), other.did(), Optional.of(tp().clock().instant()), Optional.empty());
        assertLexicon(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: " + other.handle(),
                () -> accounts().updateHandle(acct.did(), other.handle().toUpperCase(Locale.ROOT)));
        assertLexicon(LexiconError.HANDLE_NOT_AVAILABLE, "Reserved handle",
                () -> accounts().updateHandle(acct.did(), "admin.test"));
        assertLexicon(LexiconError.INVALID_HANDLE, "Handle too short", () -> accounts().updateHandle(acct.did(), "ab.test"));
        assertEquals(LexiconError.INVALID_HANDLE,
                assertThrows(LexiconException.class, () -> accounts().updateHandle(acct.did(), "-x-")).error());
        assertLexicon(LexiconError.INVALID_HANDLE, "Handle TLD is invalid or disallowed",
                () -> accounts().updateHandle(acct.did(), "alice.local"));
        assertLexicon(LexiconError.INVALID_REQUEST, "External handle did not resolve to DID",
                () -> accounts().updateHandle(acct.did(), "alice.example.com"));
        assertLexicon(LexiconError.INVALID_REQUEST, "account not found",
                () -> accounts().updateHandle(StoreFixtures.randomDid(), TestPds.randomName() + ".test"));
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod"));
        assertLexicon(LexiconError.ACCOUNT_TAKEDOWN, "Account has been taken down",
                () -> accounts().updateHandle(acct.did(), TestPds.randomName() + ".test"));
        assertEquals(acct.handle(), account(tp(), acct.did()).handle());
        assertEquals(1, tp().plc().auditLog(acct.did()).size(), "no refused update reached the directory");
    }

    /**
     * An external handle is accepted only when the handle resolver says it points at the account; it is then stored in
     * lower case and in the DID document.
     */
    @Test
    default void externalHandlesNeedAResolverPointingAtTheAccount() {
        CreateAccountOutput acct = newAccount();
        String external = TestPds.randomName() + ".example.org";
        PdsAccounts resolving = UseCaseAsserts.sameServiceOver(tp(), tp().store())
                .handleResolver(h -> h.equals(external) ? Optional.of(acct.did()) : Optional.of("did:plc:someoneelse"))
                .build();
        assertLexicon(LexiconError.INVALID_REQUEST, "External handle did not resolve to DID",
                () -> resolving.accounts().updateHandle(acct.did(), "other-" + external));
        assertEquals(external, resolving.accounts().updateHandle(acct.did(), external.toUpperCase(Locale.ROOT)));
        assertEquals(external, account(tp(), acct.did()).handle());
        assertEquals(List.of("at://" + external), alsoKnownAs(tp(), acct.did()));
    }

    /**
     * Two accounts racing to take one handle: exactly one gets it, the other keeps its old handle, and each DID
     * document names the handle its account holds, round after round.
     */
    @Test
    default void racingHandleUpdatesLeaveOneHolderAndTheLoserDocumentUnchanged() {
        try (Race race = new Race(2)) {
            int rounds = Math.max(1, raceRounds() / 5);
            for (int round = 0; round < rounds; round++) {
                List<CreateAccountOutput> racers = List.of(newAccount(), newAccount());
                String wanted = TestPds.randomName() + ".test";
                List<Boolean> won = race.run(i -> () -> {
                    try {
                        accounts().updateHandle(racers.get(i).did(), wanted);
                        return true;
                    } catch (LexiconException e) {
                        assertEquals(LexiconError.HANDLE_NOT_AVAILABLE, e.error());
                        return false;
                    }
                });
                assertEquals(1, won.stream().filter(b -> b).count(), "round " + round);
                for (int i = 0; i < 2; i++) {
                    String did = racers.get(i).did();
                    String handle = account(tp(), did).handle();
                    assertEquals(won.get(i) ? wanted : racers.get(i).handle(), handle);
                    assertEquals(List.of("at://" + handle), alsoKnownAs(tp(), did), "round " + round);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ deactivation, status

    /**
     * Deactivating sets the deactivation time to now and the delete-after hint as given (cleared when absent), keeps
     * the sessions, and makes the status view deactivated; an unknown account is refused.
     */
    @Test
    default void deactivateAccountSetsTheDateAndHintAndKeepsSessions() {
        CreateAccountOutput acct = newAccount();
        Instant hint = tp().clock().instant().plus(Duration.ofDays(30));
        accounts().deactivateAccount(acct.did(), Optional.of(hint));
        Account stored = account(tp(), acct.did());
        assertEquals(Optional.of(tp().clock().instant()), stored.deactivatedAt());
        assertEquals(Optional.of(hint), stored.deleteAfter());
        assertEquals(1, tp().store().refreshTokensOf(acct.did()).size(), "the XRPC path keeps sessions");
        AccountStatusView view = accounts().accountStatus(acct.did());
        assertEquals(AccountStatus.DEACTIVATED, view.status());
        assertFalse(view.active());
        assertFalse(view.activated());
        assertEquals(stored.deactivatedAt(), view.deactivatedAt());
        tp().clock().advance(Duration.ofMinutes(1));
        accounts().deactivateAccount(acct.did(), Optional.empty());
        assertEquals(Optional.of(tp().clock().instant()), account(tp(), acct.did()).deactivatedAt());
        assertTrue(account(tp(), acct.did()).deleteAfter().isEmpty());
        assertLexicon(LexiconError.INVALID_REQUEST, "account not found",
                () -> accounts().deactivateAccount(StoreFixtures.randomDid(), Optional.empty()));
    }

    /**
     * A takedown wins over a deactivation in the derived status ({@code takendown}); lifting it shows the deactivation
     * again, reactivating shows active, and an unknown DID is deleted.
     */
    @Test
    default void statusDerivationTakedownWins() {
        CreateAccountOutput acct = newAccount();
        AccountStatusView fresh = accounts().accountStatus(acct.did());
        assertEquals(AccountStatus.ACTIVE, fresh.status());
        assertTrue(fresh.active() && fresh.activated() && fresh.validDid() && !fresh.takenDown());
        accounts().deactivateAccount(acct.did(), Optional.empty());
        admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.of("mod-9"), Optional.empty());
        AccountStatusView both = accounts().accountStatus(acct.did());
        assertEquals(AccountStatus.TAKENDOWN, both.status());
        assertEquals(Optional.of("takendown"), both.status().lexiconValue());
        assertTrue(both.takenDown());
        admin().updateSubjectStatus(acct.did(), Optional.of(false), Optional.empty(), Optional.empty());
        assertEquals(AccountStatus.DEACTIVATED, accounts().accountStatus(acct.did()).status());
        admin().updateSubjectStatus(acct.did(), Optional.empty(), Optional.empty(), Optional.of(false));
        assertEquals(AccountStatus.ACTIVE, accounts().accountStatus(acct.did()).status());
        AccountStatusView gone = accounts().accountStatus(StoreFixtures.randomDid());
        assertEquals(AccountStatus.DELETED, gone.status());
        assertFalse(gone.active() || gone.activated() || gone.validDid());
    }

    /** An account whose DID the PLC directory does not know is active but not {@code validDid}. */
    @Test
    default void validDidNeedsADocumentPointingHere() {
        String did = StoreFixtures.randomDid();
        StoreSteps.createAccount(tp().store(), StoreFixtures.anAccount(did,
                TestPds.randomName() + TestPds.DOMAIN, TestPds.randomName() + "@mail.test"));
        AccountStatusView view = accounts().accountStatus(did);
        assertEquals(AccountStatus.ACTIVE, view.status());
        assertFalse(view.validDid(), "the directory does not know this DID");
    }

    /** The legacy account get answers {@code MethodNotImplemented}, HTTP 501. */
    @Test
    default void legacyAccountGetIsNotImplemented() {
        LexiconException e = assertLexicon(LexiconError.METHOD_NOT_IMPLEMENTED, "Not implemented",
                () -> accounts().legacyAccountGet());
        assertEquals(501, e.status());
    }

    // ------------------------------------------------------------------------------------ admin: status

    /**
     * An admin takedown stores its reference, revokes the account's refresh tokens and is what the subject status
     * shows; lifting it clears the reference (a reference given with the lift is ignored).
     */
    @Test
    default void adminTakedownSetsRefRevokesSessionsAndLiftsAgain() {
        CreateAccountOutput acct = newAccount();
        SubjectStatus status = admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.of("mod-1"),
                Optional.empty());
        assertTrue(status.takedown().applied());
        assertEquals(Optional.of("mod-1"), status.takedown().ref());
        assertFalse(status.deactivated().applied());
        assertTrue(tp().store().refreshTokensOf(acct.did()).isEmpty(), "takedown revokes refresh tokens");
        assertEquals(status, admin().getSubjectStatus(acct.did()));
        SubjectStatus lifted = admin().updateSubjectStatus(acct.did(), Optional.of(false), Optional.of("ignored"),
                Optional.empty());
        assertFalse(lifted.takedown().applied());
        assertTrue(lifted.takedown().ref().isEmpty());
        assertTrue(account(tp(), acct.did()).takedownRef().isEmpty());
    }

    /**
     * An admin takedown without a reference stores the current time, in the reference's datetime format, as its
     * reference.
     */
    @Test
    default void adminTakedownRefDefaultsToTheCurrentDatetime() {
        CreateAccountOutput acct = newAccount();
        admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.empty(), Optional.empty());
        assertEquals(Optional.of(Datetime.format(tp().clock().instant())), account(tp(), acct.did()).takedownRef());
    }

    /**
     * Any takedown update, also lifting a takedown that was never applied, revokes the account's refresh tokens, as the
     * reference does.
     */
    @Test
    default void everyTakedownUpdateRevokesSessions() {
        CreateAccountOutput acct = newAccount();
        admin().updateSubjectStatus(acct.did(), Optional.of(false), Optional.empty(), Optional.empty());
        assertTrue(tp().store().refreshTokensOf(acct.did()).isEmpty(), "lifting revokes too, as the reference");
    }

    /**
     * A subject-status update that takes down and activates at once is refused and applies nothing; an unknown or
     * malformed DID is "Subject not found" or {@code InvalidRequest}; a takedown with a deactivation is accepted.
     */
    @Test
    default void adminStatusErrors() {
        CreateAccountOutput acct = newAccount();
        assertLexicon(LexiconError.INVALID_REQUEST, "Cannot activate and takedown an account at the same time",
                () -> admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.empty(), Optional.of(false)));
        assertTrue(account(tp(), acct.did()).takedownRef().isEmpty(), "nothing applied");
        assertLexicon(LexiconError.INVALID_REQUEST, "Subject not found",
                () -> admin().getSubjectStatus(StoreFixtures.randomDid()));
        assertLexicon(LexiconError.INVALID_REQUEST, "Subject not found",
                () -> admin().updateSubjectStatus(StoreFixtures.randomDid(), Optional.of(true), Optional.empty(),
                        Optional.empty()));
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> admin().getSubjectStatus("not-a-did")).error());
        // A takedown with deactivation applied is fine.
        SubjectStatus both = admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.empty(),
                Optional.of(true));
        assertTrue(both.takedown().applied() && both.deactivated().applied());
    }

    /**
     * An admin deactivation sets the time to now and clears the delete-after hint; reactivation clears the
     * deactivation; neither revokes sessions.
     */
    @Test
    default void adminDeactivationAndReactivation() {
        CreateAccountOutput acct = newAccount();
        accounts().deactivateAccount(acct.did(), Optional.of(tp().clock().instant().plusSeconds(60)));
        tp().clock().advance(Duration.ofMinutes(5));
        SubjectStatus on = admin().updateSubjectStatus(acct.did(), Optional.empty(), Optional.empty(), Optional.of(true));
        assertTrue(on.deactivated().applied());
        assertEquals(Optional.of(tp().clock().instant()), account(tp(), acct.did()).deactivatedAt());
        assertTrue(account(tp(), acct.did()).deleteAfter().isEmpty());
        SubjectStatus off = admin().updateSubjectStatus(acct.did(), Optional.empty(), Optional.empty(), Optional.of(false));
        assertFalse(off.deactivated().applied());
        assertTrue(account(tp(), acct.did()).deactivatedAt().isEmpty());
        assertEquals(1, tp().store().refreshTokensOf(acct.did()).size(), "deactivation keeps sessions");
    }

    // ------------------------------------------------------------------------------------ admin: changes

    /**
     * An admin password change sets the password, revokes sessions and deletes the reset token; a password over 256
     * characters and an unknown account are refused.
     */
    @Test
    default void adminUpdateAccountPassword() {
        CreateAccountOutput acct = newAccount();
        tp().pds().email().requestPasswordReset(emailOf(acct.handle()));
        admin().updateAccountPassword(acct.did(), "admin-set-password");
        assertTrue(tp().hasher().verify("admin-set-password", account(tp(), acct.did()).passwordHash().orElseThrow()));
        assertTrue(tp().store().refreshTokensOf(acct.did()).isEmpty(), "sessions revoked");
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).isEmpty());
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid password length.",
                () -> admin().updateAccountPassword(acct.did(), "p".repeat(257)));
        assertLexicon(LexiconError.INVALID_REQUEST, "Account not found",
                () -> admin().updateAccountPassword(StoreFixtures.randomDid(), "whatever"));
        admin().updateAccountPassword(acct.did(), "p".repeat(256));
    }

    /**
     * An admin email change (by handle in any case or by DID) stores the email lower-cased without a format check,
     * unconfirms it and deletes every email token; an email held by another account, an empty or too long email, and an
     * unknown or malformed account are refused.
     */
    @Test
    default void adminUpdateAccountEmailByHandleOrDid() {
        CreateAccountOutput acct = newAccount();
        tp().pds().email().requestEmailConfirmation(acct.did());
        tp().pds().email().confirmEmail(acct.did(), emailOf(acct.handle()),
                mailedToken(tp(), emailOf(acct.handle()), MailTemplate.CONFIRM_EMAIL));
        tp().pds().email().requestAccountDelete(acct.did());
        admin().updateAccountEmail(acct.handle().toUpperCase(Locale.ROOT), "Not-Checked@Anything");
        Account stored = account(tp(), acct.did());
        assertEquals(Optional.of("not-checked@anything"), stored.email(), "no validity check, lower-cased");
        assertTrue(stored.emailConfirmedAt().isEmpty());
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertTrue(tp().store().findEmailToken(purpose, acct.did()).isEmpty());
        }
        admin().updateAccountEmail(acct.did(), "by-did@mail.test");
        assertEquals(Optional.of("by-did@mail.test"), account(tp(), acct.did()).email());
        CreateAccountOutput other = newAccount();
        assertLexicon(LexiconError.INVALID_REQUEST,
                "This email address is already in use, please use a different email.",
                () -> admin().updateAccountEmail(other.did(), "BY-DID@mail.test"));
        assertLexicon(LexiconError.INVALID_REQUEST, "Email is required", () -> admin().updateAccountEmail(acct.did(), ""));
        assertLexicon(LexiconError.INVALID_REQUEST, "Email is too long",
                () -> admin().updateAccountEmail(acct.did(), "x".repeat(300)));
        assertLexicon(LexiconError.INVALID_REQUEST, "Account does not exist: nobody-here.test",
                () -> admin().updateAccountEmail("nobody-here.test", "a@b.c"));
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> admin().updateAccountEmail("not valid", "a@b.c")).error());
    }

    /**
     * An admin may give an account a reserved handle and rename a taken-down account, but not to a handle already held
     * or one too long.
     */
    @Test
    default void adminUpdateAccountHandleMayTakeReservedHandles() {
        CreateAccountOutput acct = newAccount();
        assertEquals("admin.test", admin().updateAccountHandle(acct.did(), "Admin.test"));
        assertEquals("admin.test", account(tp(), acct.did()).handle());
        assertEquals(List.of("at://admin.test"), alsoKnownAs(tp(), acct.did()));
        CreateAccountOutput other = newAccount();
        assertLexicon(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: admin.test",
                () -> admin().updateAccountHandle(other.did(), "admin.test"));
        assertLexicon(LexiconError.INVALID_HANDLE, "Handle too long",
                () -> admin().updateAccountHandle(other.did(), "a".repeat(19) + ".test"));
        // Taken-down accounts can be renamed by an admin.
        StoreSteps.updateTakedown(tp().store(), other.did(), Optional.of("mod"));
        String name = TestPds.randomName() + ".test";
        assertEquals(name, admin().updateAccountHandle(other.did(), name));
    }

    /**
     * An admin deletion removes the account with its sessions, app passwords, email tokens, invite codes and sign-up
     * use, returns false when repeated, refuses a malformed DID, and frees the handle and email.
     */
    @Test
    default void adminDeleteAccountCascadesAndIsIdempotent() {
        CreateAccountOutput acct = newAccount();
        tp().store().insertAppPassword(StoreFixtures.anAppPassword(acct.did(), "app", tp().clock().instant()));
        tp().pds().email().requestPasswordReset(emailOf(acct.handle()));
        tp().pds().invites().createInviteCode(2, Optional.of(acct.did()));
        assertTrue(admin().deleteAccount(acct.did()));
        assertFalse(admin().deleteAccount(acct.did()));
        assertTrue(tp().store().findAccountByDid(acct.did()).isEmpty());
        assertTrue(tp().store().findAccountByHandle(acct.handle()).isEmpty());
        assertTrue(tp().store().findAccountByEmail(emailOf(acct.handle())).isEmpty());
        assertTrue(tp().store().refreshTokensOf(acct.did()).isEmpty());
        assertTrue(tp().store().appPasswordsOf(acct.did()).isEmpty());
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).isEmpty());
        assertTrue(tp().store().inviteCodesForAccount(acct.did()).isEmpty());
        assertTrue(StoreSteps.inviteCodeUseOf(tp().store(), acct.did()).isEmpty());
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> admin().deleteAccount("x")).error());
        String name = acct.handle().substring(0, acct.handle().length() - TestPds.DOMAIN.length());
        assertEquals(acct.handle(), tp().createAccount(name).handle(), "the handle and email are free again");
    }

    // ------------------------------------------------------------------------------------ admin: views

    /**
     * The admin account view shows the stored account (handle, email, creation and deactivation times), the code it
     * signed up with and the codes issued to it; an unknown account is refused.
     */
    @Test
    default void adminAccountInfoShowsTheAccountAndItsInvites() {
        CreateAccountOutput acct = newAccount();
        String signupCode = StoreSteps.inviteCodeUseOf(tp().store(), acct.did()).orElseThrow().code();
        String issued = tp().pds().invites().createInviteCode(3, Optional.of(acct.did()));
        accounts().deactivateAccount(acct.did(), Optional.empty());
        AccountView view = admin().getAccountInfo(acct.did());
        Account stored = account(tp(), acct.did());
        assertEquals(acct.did(), view.did());
        assertEquals(acct.handle(), view.handle());
        assertEquals(stored.email(), view.email());
        assertEquals(stored.createdAt(), view.indexedAt());
        assertEquals(stored.deactivatedAt(), view.deactivatedAt());
        assertTrue(view.emailConfirmedAt().isEmpty());
        assertFalse(view.invitesDisabled());
        InviteCodeDetails invitedBy = view.invitedBy().orElseThrow();
        assertEquals(signupCode, invitedBy.code().code());
        assertEquals(acct.did(), invitedBy.uses().get(0).usedBy());
        assertEquals(List.of(issued), view.invites().stream().map(d -> d.code().code()).toList());
        assertLexicon(LexiconError.INVALID_REQUEST, "Account not found",
                () -> admin().getAccountInfo(StoreFixtures.randomDid()));
    }

    /**
     * The admin views of several accounts follow the order asked, once per DID, skipping unknown DIDs; an empty list
     * gives none and a malformed DID is refused.
     */
    @Test
    default void adminAccountInfosSkipsUnknownDidsAndKeepsOrder() {
        CreateAccountOutput a = newAccount();
        CreateAccountOutput b = newAccount();
        List<AccountView> views = admin().getAccountInfos(List.of(b.did(), StoreFixtures.randomDid(), a.did(), b.did()));
        assertEquals(List.of(b.did(), a.did()), views.stream().map(AccountView::did).toList());
        assertTrue(admin().getAccountInfos(List.of()).isEmpty());
        assertEquals(LexiconError.INVALID_REQUEST, assertThrows(LexiconException.class,
                () -> admin().getAccountInfos(List.of("nope"))).error());
    }

    /**
     * An admin search by email prefix (any case) pages through the matches in DID order with a cursor; without a prefix
     * it lists every account; a limit outside 1..100 or a malformed cursor is refused.
     */
    @Test
    default void adminSearchAccountsPagesByEmailPrefix() {
        String prefix = "s" + StoreFixtures.randomBase32(6);
        List<String> dids = new ArrayList<>();
        TestPds open = withConfig(b -> b.inviteRequired(false));
        for (int i = 0; i < 5; i++) {
            String name = TestPds.randomName();
            dids.add(open.pds().accounts().createAccount(dev.pdsaccounts.account.CreateAccountInput.builder()
                    .handle(name + TestPds.DOMAIN).email(prefix + i + "@mail.test").password("pw").build()).did());
        }
        newAccount();
        dids.sort(null);
        AccountSearchPage first = admin().searchAccounts(Optional.of(prefix.toUpperCase(Locale.ROOT)), Optional.empty(),
                Optional.of(3));
        assertEquals(dids.subList(0, 3), first.accounts().stream().map(AccountView::did).toList());
        AccountSearchPage second = admin().searchAccounts(Optional.of(prefix), first.cursor(), Optional.of(3));
        assertEquals(dids.subList(3, 5), second.accounts().stream().map(AccountView::did).toList());
        assertTrue(second.cursor().isEmpty(), "last page");
        AccountSearchPage all = admin().searchAccounts(Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(6, all.accounts().size());
        assertLexicon(LexiconError.INVALID_REQUEST, "limit must be between 1 and 100",
                () -> admin().searchAccounts(Optional.empty(), Optional.empty(), Optional.of(0)));
        assertLexicon(LexiconError.INVALID_REQUEST, "limit must be between 1 and 100",
                () -> admin().searchAccounts(Optional.empty(), Optional.empty(), Optional.of(101)));
        assertLexicon(LexiconError.INVALID_REQUEST, "Malformed cursor",
                () -> admin().searchAccounts(Optional.empty(), Optional.of("garbage cursor"), Optional.empty()));
        assertTrue(admin().searchAccounts(Optional.of("zz-none"), Optional.empty(), Optional.of(100)).accounts()
                .isEmpty());
    }

    /**
     * Hostile strings or null as the arguments of every lifecycle and admin call end in success or a lexicon error,
     * never another exception.
     */
    @Test
    default void noInputMakesLifecycleOrAdminThrowAnythingButATypedError() {
        CreateAccountOutput acct = newAccount();
        SeededProperty.forAll(150, r -> {
            String[] in = new String[2];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextInt(4) == 0 ? null : SeededProperty.nastyString(r);
            }
            String did = r.nextBoolean() ? acct.did() : in[0];
            List<Runnable> calls = List.of(
                    () -> accounts().updateHandle(did, in[1]),
                    () -> accounts().deactivateAccount(in[0], Optional.empty()),
                    () -> accounts().accountStatus(in[0]),
                    () -> admin().updateSubjectStatus(in[0], Optional.of(true), Optional.ofNullable(in[1]),
                            Optional.empty()),
                    () -> admin().getSubjectStatus(in[0]),
                    () -> admin().updateAccountPassword(in[0], in[1]),
                    () -> admin().updateAccountEmail(in[0], in[1]),
                    () -> admin().updateAccountHandle(in[0], in[1]),
                    () -> admin().getAccountInfo(in[0]),
                    () -> admin().getAccountInfos(java.util.Arrays.asList(in)),
                    () -> admin().searchAccounts(Optional.ofNullable(in[0]), Optional.ofNullable(in[1]),
                            Optional.of(r.nextInt(120))),
                    () -> admin().deleteAccount(in[0]));
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (LexiconException expected) {
                    // the only failure allowed
                }
            }
        });
        assertTrue(tp().store().findAccountByDid(acct.did()).isPresent());
    }

    /**
     * Admin inputs that would be stored (a takedown reference with a NUL or over the maximum length, an email with a
     * NUL) are {@code InvalidRequest} and change nothing.
     */
    @Test
    default void adminInputsThatGetStoredRejectControlCharacters() {
        CreateAccountOutput a = tp().createAccount(TestPds.randomName());
        AdminService admin = tp().pds().admin();
        LexiconException ref = assertThrows(LexiconException.class, () -> admin.updateSubjectStatus(a.did(),
                Optional.of(true), Optional.of("ticket\u0000"), Optional.empty()));
        assertEquals(LexiconError.INVALID_REQUEST, ref.error());
        LexiconException longRef = assertThrows(LexiconException.class, () -> admin.updateSubjectStatus(a.did(),
                Optional.of(true), Optional.of("r".repeat(AdminService.MAX_TAKEDOWN_REF_LENGTH + 1)), Optional.empty()));
        assertEquals(LexiconError.INVALID_REQUEST, longRef.error());
        LexiconException mail = assertThrows(LexiconException.class,
                () -> admin.updateAccountEmail(a.did(), "new\u0000@mail.test"));
        assertEquals(LexiconError.INVALID_REQUEST, mail.error());
        Account after = tp().store().findAccountByDid(a.did()).orElseThrow();
        assertFalse(after.isTakenDown(), "a rejected takedown changed nothing");
        assertTrue(after.email().orElseThrow().endsWith("@mail.test"));
    }
}
