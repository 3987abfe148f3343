package dev.pdsaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.pdsaccounts.session.CreateSessionInput;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.admin.AccountView;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.Argon2Parameters;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCodeView;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.session.AppPasswordCreated;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.testsupport.MapStore;
import dev.pdsaccounts.testsupport.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each use-case class driven end to end through {@link PdsAccounts#builder()} over the {@link MapStore} double:
 * the rules of {@code AccountChanges} and the aggregates, seen through the public API with no adapter.
 */
class PdsAccountsUseCaseTest {
    private static final String HOST = "pds.example.com";
    private static final String PASSWORD = "correct horse battery";

    private final SecureRandom random = new SecureRandom();
    private final TestClock clock = new TestClock(Instant.parse("2024-06-01T00:00:00Z"));
    private final InMemoryPlcDirectory plc = new InMemoryPlcDirectory();
    private final RecordingMailer mailer = new RecordingMailer();
    private final MapStore store = new MapStore();
    private final PdsAccounts pds = pds(PdsConfig.builder(HOST).build(), store);

    private PdsAccounts pds(PdsConfig config, MapStore storeOf) {
        return PdsAccounts.builder()
                .config(config)
                .secrets(PdsSecrets.generateForDevelopment(random))
                .store(storeOf)
                .clock(clock)
                .random(random)
                .plcDirectory(plc)
                .mailer(mailer)
                .passwordHasher(new Argon2idHasher(Argon2Parameters.forTestsOnly()))
                .appPasswordHasher(ReferenceAppPasswordHasher.forTestsOnly())
                .backgroundExecutor(Runnable::run)
                .build();
    }

    private static CreateAccountOutput signUp(PdsAccounts on, String name) {
        return on.accounts().createAccount(CreateAccountInput.builder()
                .handle(name + "." + on.config().hostname())
                .email(name + "@example.com")
                .password(PASSWORD)
                .inviteCode(on.invites().createInviteCode(1, Optional.empty()))
                .build());
    }

    private CreateAccountOutput signUp(String name) {
        return signUp(pds, name);
    }

    private static LexiconError error(Executable call) {
        return assertThrows(LexiconException.class, call).error();
    }

    private Account stored(String did) {
        return store.findAccountByDid(did).orElseThrow();
    }

    private String mailed(String to, MailTemplate template) {
        return mailer.latest(to, template).orElseThrow().token();
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Accounts {
        @Test
        void createAccountSpendsTheInviteAndStoresTheAccountWithItsFirstSession() {
            String code = pds.invites().createInviteCode(1, Optional.empty());
            CreateAccountOutput out = pds.accounts().createAccount(CreateAccountInput.builder()
                    .handle("Alice." + HOST).email("Alice@Example.com").password(PASSWORD).inviteCode(code).build());

            assertTrue(out.did().startsWith("did:plc:"), out.did());
            assertEquals("alice." + HOST, out.handle());
            Account a = stored(out.did());
            assertEquals(Optional.of("alice@example.com"), a.email());
            assertNotEquals(Optional.of(PASSWORD), a.passwordHash());
            assertEquals(List.of(code), store.inviteCodeUsesBy(out.did()).stream().map(InviteCodeUse::code).toList());
            assertEquals(1, store.refreshTokensOf(out.did()).size());
            assertTrue(plc.lastOperation(out.did()).isPresent(), "the genesis operation was published");
            assertEquals(AccountStatus.ACTIVE, pds.accounts().accountStatus(out.did()).status());

            // The code is spent; a second sign-up with it writes nothing.
            MapStore.Rows before = store.snapshot();
            assertEquals(LexiconError.INVALID_INVITE_CODE, error(() -> pds.accounts().createAccount(
                    CreateAccountInput.builder().handle("bob." + HOST).email("bob@example.com").password(PASSWORD)
                            .inviteCode(code).build())));
            assertEquals(before, store.snapshot());
        }

        @Test
        void aTakenHandleIsRefusedWhateverItsCase() {
            signUp("alice");
            MapStore.Rows before = store.snapshot();
            assertEquals(LexiconError.HANDLE_NOT_AVAILABLE, error(() -> pds.accounts().createAccount(
                    CreateAccountInput.builder().handle("ALICE." + HOST).email("other@example.com")
                            .password(PASSWORD).inviteCode(pds.invites().createInviteCode(1, Optional.empty()))
                            .build())));
            assertEquals(before.accounts(), store.snapshot().accounts());
        }

        @Test
        void deactivationKeepsSessionsAndIsReportedInTheStatus() {
            CreateAccountOutput out = signUp("alice");
            pds.accounts().deactivateAccount(out.did(), Optional.empty());
            assertEquals(AccountStatus.DEACTIVATED, pds.accounts().accountStatus(out.did()).status());
            assertEquals(1, store.refreshTokensOf(out.did()).size());
            assertEquals(AccountStatus.DELETED, pds.accounts().accountStatus("did:plc:nobody").status());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Sessions {
        @Test
        void aRefreshRotatesTheTokenAndAPasswordResetRevokesEverySession() {
            CreateAccountOutput out = signUp("alice");
            SessionOutput login = pds.sessions().createSession(CreateSessionInput.of("alice@example.com", PASSWORD));
            assertEquals(out.did(), login.did());
            SessionOutput refreshed = pds.sessions().refreshSession(login.refreshJwt());
            assertNotEquals(login.refreshJwt(), refreshed.refreshJwt());
            assertTrue(store.refreshTokensOf(out.did()).stream().anyMatch(t -> t.nextId().isPresent()),
                    "the rotated row names its successor");

            pds.email().requestPasswordReset("alice@example.com");
            pds.email().resetPassword(mailed("alice@example.com", MailTemplate.RESET_PASSWORD), "a new password");

            assertEquals(List.of(), store.refreshTokensOf(out.did()));
            assertEquals(LexiconError.EXPIRED_TOKEN, error(() -> pds.sessions().refreshSession(refreshed.refreshJwt())));
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED,
                    error(() -> pds.sessions().createSession(CreateSessionInput.of(out.handle(), PASSWORD))));
            assertEquals(out.did(), pds.sessions().createSession(CreateSessionInput.of(out.did(), "a new password")).did());
        }

        @Test
        void revokingAnAppPasswordEndsItsSessionsOnly() {
            CreateAccountOutput out = signUp("alice");
            AppPasswordCreated app = pds.appPasswords().createAppPassword(out.did(), "phone", false);
            SessionOutput viaApp = pds.sessions().createSession(CreateSessionInput.of(out.handle(), app.password()));
            SessionOutput main = pds.sessions().createSession(CreateSessionInput.of(out.handle(), PASSWORD));

            pds.appPasswords().revokeAppPassword(out.did(), "phone");

            assertEquals(LexiconError.EXPIRED_TOKEN, error(() -> pds.sessions().refreshSession(viaApp.refreshJwt())));
            assertEquals(out.did(), pds.sessions().refreshSession(main.refreshJwt()).did());
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED,
                    error(() -> pds.sessions().createSession(CreateSessionInput.of(out.handle(), app.password()))));
            assertTrue(store.refreshTokensOf(out.did()).stream().allMatch(t -> t.appPasswordName().isEmpty()));
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Invites {
        private final PdsAccounts earning = pds(PdsConfig.builder(HOST).inviteInterval(Duration.ofDays(1)).build(),
                store);

        @Test
        void codesAreEarnedPerIntervalNeverTwiceAndDisabledWhileInvitesAreDisabled() {
            CreateAccountOutput out = signUp(earning, "alice");
            assertEquals(List.of(), earning.invites().getAccountInviteCodes(out.did(), true, true));
            clock.advance(Duration.ofDays(3));
            List<InviteCodeView> earned = earning.invites().getAccountInviteCodes(out.did(), true, true);
            assertEquals(3, earned.size());
            assertTrue(earned.stream().allMatch(c -> c.forAccount().equals(out.did())
                    && c.createdBy().equals(out.did()) && c.available() == 1));
            assertEquals(3, earning.invites().getAccountInviteCodes(out.did(), true, true).size(), "never twice");

            earning.invites().disableAccountInvites(out.did(), Optional.empty());
            clock.advance(Duration.ofDays(1));
            assertEquals(3, earning.invites().getAccountInviteCodes(out.did(), true, true).size());
            assertEquals(4, store.inviteCodesForAccount(out.did()).size(), "the fourth is created disabled");
            assertTrue(store.inviteCodesForAccount(out.did()).get(3).code().disabled());
        }

        @Test
        void aTakenDownIssuersCodeCannotBeUsedUntilTheTakedownIsLifted() {
            CreateAccountOutput issuer = signUp(earning, "alice");
            clock.advance(Duration.ofDays(1));
            String code = earning.invites().getAccountInviteCodes(issuer.did(), true, true).get(0).code();
            earning.admin().updateSubjectStatus(issuer.did(), Optional.of(true), Optional.empty(), Optional.empty());
            CreateAccountInput bob = CreateAccountInput.builder().handle("bob." + HOST).email("bob@example.com")
                    .password(PASSWORD).inviteCode(code).build();
            assertEquals(LexiconError.INVALID_INVITE_CODE, error(() -> earning.accounts().createAccount(bob)));

            earning.admin().updateSubjectStatus(issuer.did(), Optional.of(false), Optional.empty(), Optional.empty());
            CreateAccountOutput created = earning.accounts().createAccount(bob);
            assertEquals(code, earning.invites().invitedBy(created.did()).orElseThrow().code());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class EmailTokens {
        @Test
        void aTokenIsValidForItsTtlOnlyAndOnlyOnce() {
            signUp("alice");
            pds.email().requestPasswordReset("alice@example.com");
            String token = mailed("alice@example.com", MailTemplate.RESET_PASSWORD);
            clock.advance(pds.config().emailTokenTtl());
            assertEquals(LexiconError.EXPIRED_TOKEN, error(() -> pds.email().resetPassword(token, "a new password")));

            pds.email().requestPasswordReset("alice@example.com");
            String fresh = mailed("alice@example.com", MailTemplate.RESET_PASSWORD);
            clock.advance(pds.config().emailTokenTtl().minusMillis(1));
            pds.email().resetPassword(fresh, "a new password");
            assertEquals(LexiconError.INVALID_TOKEN, error(() -> pds.email().resetPassword(fresh, "another one")));
        }

        @Test
        void confirmingThenChangingTheEmailNeedsATokenAndClearsTheConfirmation() {
            CreateAccountOutput out = signUp("alice");
            pds.email().requestEmailConfirmation(out.did());
            pds.email().confirmEmail(out.did(), "ALICE@example.com", mailed("alice@example.com",
                    MailTemplate.CONFIRM_EMAIL));
            assertTrue(stored(out.did()).emailConfirmed());

            assertEquals(LexiconError.TOKEN_REQUIRED,
                    error(() -> pds.email().updateEmail(out.did(), "new@example.com", Optional.empty())));
            assertTrue(pds.email().requestEmailUpdate(out.did()));
            String token = mailed("alice@example.com", MailTemplate.UPDATE_EMAIL);
            pds.email().requestPlcOperationSignature(out.did()); // another purpose's token, voided by the change
            pds.email().updateEmail(out.did(), "new@example.com", Optional.of(token));

            assertEquals(Optional.of("new@example.com"), stored(out.did()).email());
            assertFalse(stored(out.did()).emailConfirmed());
            assertTrue(store.snapshot().emailTokens().isEmpty());
            assertFalse(pds.email().requestEmailUpdate(out.did()), "an unconfirmed email needs no token");
        }

        @Test
        void deletingWithATokenRemovesTheAccountAndFreesItsHandleAndEmail() {
            CreateAccountOutput out = signUp("alice");
            String code = store.inviteCodeUsesBy(out.did()).get(0).code();
            pds.email().requestAccountDelete(out.did());
            String token = mailed("alice@example.com", MailTemplate.DELETE_ACCOUNT);
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED,
                    error(() -> pds.email().deleteAccount(out.did(), "wrong password", token)));
            pds.email().deleteAccount(out.did(), PASSWORD, token);

            assertEquals(Optional.empty(), store.findAccountByDid(out.did()));
            assertEquals(List.of(), store.refreshTokensOf(out.did()));
            assertTrue(store.findInviteCode(code).orElseThrow().uses().get(0).usedBy()
                    .startsWith(InviteCodeUse.DELETED_DID_PREFIX));
            assertNotEquals(out.did(), signUp("alice").did(), "handle and email are free for a new account");
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class SignInCodes {
        private static final String ALICE = "alice@example.com";

        /** Alice, with a confirmed email and the factor on (through the public API: token, then updateEmail). */
        private CreateAccountOutput aliceWithTheFactorOn() {
            CreateAccountOutput out = signUp("alice");
            pds.email().requestEmailConfirmation(out.did());
            pds.email().confirmEmail(out.did(), ALICE, mailed(ALICE, MailTemplate.CONFIRM_EMAIL));
            pds.email().requestEmailUpdate(out.did());
            pds.email().updateEmail(out.did(), "Alice@Example.com", Optional.of(mailed(ALICE, MailTemplate.UPDATE_EMAIL)),
                    Optional.of(true));
            assertTrue(stored(out.did()).emailAuthFactor());
            assertTrue(stored(out.did()).emailConfirmed(), "the same email keeps its confirmation");
            return out;
        }

        private LexiconException loginFails(String password, Optional<String> code) {
            return assertThrows(LexiconException.class, () -> pds.sessions().createSession(
                    CreateSessionInput.of("alice." + HOST, password).withAuthFactorToken(code)));
        }

        private SessionOutput login(Optional<String> code) {
            return pds.sessions().createSession(CreateSessionInput.of("alice." + HOST, PASSWORD)
                    .withAuthFactorToken(code));
        }

        @Test
        void theFactorNeedsTheConfirmedCurrentEmailAndAnEmailChangeTurnsItOff() {
            CreateAccountOutput out = signUp("alice");
            LexiconException unconfirmed = assertThrows(LexiconException.class,
                    () -> pds.email().updateEmail(out.did(), ALICE, Optional.empty(), Optional.of(true)));
            assertEquals(LexiconError.INVALID_REQUEST, unconfirmed.error());
            assertEquals("A confirmed email is required to turn on emailAuthFactor", unconfirmed.getMessage());
            assertFalse(stored(out.did()).emailAuthFactor());

            pds.email().requestEmailConfirmation(out.did());
            pds.email().confirmEmail(out.did(), ALICE, mailed(ALICE, MailTemplate.CONFIRM_EMAIL));
            pds.email().requestEmailUpdate(out.did());
            String update = mailed(ALICE, MailTemplate.UPDATE_EMAIL);
            assertEquals(LexiconError.TOKEN_REQUIRED,
                    error(() -> pds.email().updateEmail(out.did(), ALICE, Optional.empty(), Optional.of(true))));
            // Asking for it with a new (so unconfirmed) email is refused and leaves the token usable.
            assertEquals(LexiconError.INVALID_REQUEST, error(() -> pds.email().updateEmail(out.did(),
                    "new@example.com", Optional.of(update), Optional.of(true))));
            assertEquals(Optional.of(ALICE), stored(out.did()).email());
            pds.email().updateEmail(out.did(), ALICE, Optional.of(update), Optional.of(true));
            assertTrue(stored(out.did()).emailAuthFactor());
            assertTrue(pds.sessions().getSession(out.accessJwt()).emailAuthFactor());

            pds.email().requestEmailUpdate(out.did());
            pds.email().updateEmail(out.did(), "new@example.com", Optional.of(mailed(ALICE, MailTemplate.UPDATE_EMAIL)));
            Account moved = stored(out.did());
            assertEquals(Optional.of("new@example.com"), moved.email());
            assertFalse(moved.emailConfirmed());
            assertFalse(moved.emailAuthFactor(), "a new email turns the factor off");
            assertFalse(login(Optional.empty()).emailAuthFactor(), "and the login needs no code");
        }

        @Test
        void theFactorIsTurnedOffWithATokenToo() {
            CreateAccountOutput out = aliceWithTheFactorOn();
            pds.email().requestEmailUpdate(out.did());
            pds.email().updateEmail(out.did(), ALICE, Optional.of(mailed(ALICE, MailTemplate.UPDATE_EMAIL)),
                    Optional.of(false));
            assertFalse(stored(out.did()).emailAuthFactor());
            assertTrue(stored(out.did()).emailConfirmed());
            assertFalse(login(Optional.empty()).emailAuthFactor());
        }

        @Test
        void aMainPasswordLoginNeedsTheMailedCodeWhichIsUsedUpOnce() {
            CreateAccountOutput out = aliceWithTheFactorOn();
            int refreshTokens = store.refreshTokensOf(out.did()).size();
            LexiconException required = loginFails(PASSWORD, Optional.empty());
            assertEquals(LexiconError.AUTH_FACTOR_TOKEN_REQUIRED, required.error());
            assertEquals(401, required.error().status());
            assertEquals("A sign in code has been sent to your email address", required.getMessage());
            String code = mailed(ALICE, MailTemplate.SIGN_IN_CODE);
            assertTrue(dev.pdsaccounts.token.EmailTokenFormat.normalize(code).isPresent(), "XXXXX-XXXXX");
            assertEquals(refreshTokens, store.refreshTokensOf(out.did()).size(), "no session without the code");
            String stored = store.findEmailToken(dev.pdsaccounts.token.EmailTokenPurpose.AUTH_FACTOR, out.did())
                    .orElseThrow().tokenHash();
            assertNotEquals(code, stored, "hashed at rest");

            LexiconException wrong = loginFails(PASSWORD, Optional.of("AAAAA-AAAAA"));
            assertEquals(LexiconError.INVALID_TOKEN, wrong.error());
            assertEquals("Token is invalid", wrong.getMessage());
            assertEquals(LexiconError.INVALID_TOKEN, loginFails(PASSWORD, Optional.of("not a code")).error());
            LexiconException badPassword = loginFails("wrong password", Optional.of(code));
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED, badPassword.error());
            assertEquals("Invalid identifier or password", badPassword.getMessage());

            SessionOutput session = login(Optional.of(code.toLowerCase(java.util.Locale.ROOT)));
            assertTrue(session.emailAuthFactor());
            assertEquals(refreshTokens + 1, store.refreshTokensOf(out.did()).size());
            assertEquals(LexiconError.INVALID_TOKEN, loginFails(PASSWORD, Optional.of(code)).error(), "one use");
            assertTrue(pds.sessions().refreshSession(session.refreshJwt()).emailAuthFactor());
        }

        @Test
        void aCodeIsValidForTheEmailTokenTtlAndEachRequestReplacesTheLastOne() {
            aliceWithTheFactorOn();
            loginFails(PASSWORD, Optional.empty());
            String first = mailed(ALICE, MailTemplate.SIGN_IN_CODE);
            loginFails(PASSWORD, Optional.empty());
            String second = mailed(ALICE, MailTemplate.SIGN_IN_CODE);
            assertEquals(LexiconError.INVALID_TOKEN, loginFails(PASSWORD, Optional.of(first)).error());
            clock.advance(pds.config().emailTokenTtl());
            LexiconException expired = loginFails(PASSWORD, Optional.of(second));
            assertEquals(LexiconError.EXPIRED_TOKEN, expired.error());
            assertEquals("Token is expired", expired.getMessage());

            loginFails(PASSWORD, Optional.empty());
            String fresh = mailed(ALICE, MailTemplate.SIGN_IN_CODE);
            clock.advance(pds.config().emailTokenTtl().minusMillis(1));
            assertTrue(login(Optional.of(fresh)).emailAuthFactor());
        }

        @Test
        void appPasswordLoginsSkipTheFactorAndAWrongPasswordNeverMailsACode() {
            CreateAccountOutput out = aliceWithTheFactorOn();
            int mails = mailer.mails().size();
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED, loginFails("wrong password", Optional.empty()).error());
            assertEquals(mails, mailer.mails().size());
            AppPasswordCreated app = pds.appPasswords().createAppPassword(out.did(), "phone", false);
            SessionOutput session = pds.sessions().createSession(CreateSessionInput.of("alice." + HOST, app.password()));
            assertTrue(session.emailAuthFactor());
            assertEquals(mails, mailer.mails().size(), "no code for an app password");
        }

        @Test
        void aTakenDownAccountIsRefusedBeforeTheFactorAndItsTakedownSessionNeedsTheCode() {
            CreateAccountOutput out = aliceWithTheFactorOn();
            pds.admin().updateSubjectStatus(out.did(), Optional.of(true), Optional.of("ref"), Optional.empty());
            int mails = mailer.mails().size();
            assertEquals(LexiconError.ACCOUNT_TAKEDOWN, loginFails(PASSWORD, Optional.empty()).error());
            assertEquals(mails, mailer.mails().size(), "no code for a refused account");
            CreateSessionInput allow = CreateSessionInput.of("alice." + HOST, PASSWORD).withAllowTakendown(true);
            assertEquals(LexiconError.AUTH_FACTOR_TOKEN_REQUIRED,
                    error(() -> pds.sessions().createSession(allow)));
            String code = mailed(ALICE, MailTemplate.SIGN_IN_CODE);
            assertEquals(LexiconError.INVALID_TOKEN,
                    error(() -> pds.sessions().createSession(allow.withAuthFactorToken(Optional.of("AAAAA-AAAAA")))));
            SessionOutput session = pds.sessions().createSession(allow.withAuthFactorToken(Optional.of(code)));
            assertEquals(Optional.of("takendown"), session.status());
            assertEquals(LexiconError.INVALID_TOKEN,
                    error(() -> pds.sessions().createSession(allow.withAuthFactorToken(Optional.of(code)))));
        }

        @Test
        void theCodeIsNeverInTheInputsToStringAndAnEmptyCodeIsNone() {
            CreateSessionInput input = CreateSessionInput.of("alice", PASSWORD).withAuthFactorToken(Optional.of("ABCDE-FGH23"));
            assertFalse(input.toString().contains("ABCDE"), input.toString());
            assertFalse(input.toString().contains(PASSWORD), input.toString());
            assertEquals(Optional.empty(), input.withAuthFactorToken(Optional.of("")).authFactorToken(),
                    "an empty code is none");
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Admin {
        @Test
        void aTakedownRevokesSessionsAndBlocksLoginUntilLifted() {
            CreateAccountOutput out = signUp("alice");
            pds.admin().updateSubjectStatus(out.did(), Optional.of(true), Optional.of("case-1"), Optional.empty());
            assertEquals(Optional.of("case-1"), pds.admin().getSubjectStatus(out.did()).takedown().ref());
            assertEquals(List.of(), store.refreshTokensOf(out.did()));
            assertEquals(LexiconError.ACCOUNT_TAKEDOWN, error(() -> pds.sessions().refreshSession(out.refreshJwt())));
            assertEquals(LexiconError.ACCOUNT_TAKEDOWN,
                    error(() -> pds.sessions().createSession(CreateSessionInput.of(out.handle(), PASSWORD))));

            pds.admin().updateSubjectStatus(out.did(), Optional.of(false), Optional.empty(), Optional.empty());
            assertFalse(pds.admin().getSubjectStatus(out.did()).takedown().applied());
            assertEquals(LexiconError.EXPIRED_TOKEN, error(() -> pds.sessions().refreshSession(out.refreshJwt())));
            assertEquals(out.did(), pds.sessions().createSession(CreateSessionInput.of(out.handle(), PASSWORD)).did());
        }

        @Test
        void passwordChangeRevokesSessionsAndDeletionIsIdempotent() {
            CreateAccountOutput out = signUp("alice");
            AccountView view = pds.admin().getAccountInfo(out.did());
            assertEquals(store.inviteCodeUsesBy(out.did()).get(0).code(), view.invitedBy().orElseThrow().code().code());

            pds.admin().updateAccountPassword(out.did(), "an admin password");
            assertEquals(LexiconError.EXPIRED_TOKEN, error(() -> pds.sessions().refreshSession(out.refreshJwt())));

            assertTrue(pds.admin().deleteAccount(out.did()));
            MapStore.Rows before = store.snapshot();
            assertFalse(pds.admin().deleteAccount(out.did()));
            assertEquals(before, store.snapshot());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Identity {
        @Test
        void aDidsReservationIsNeverReplacedUntilItExpires() {
            String did = "did:plc:abcdefghijklmnopqrstuvwx";
            String first = pds.identity().reserveSigningKey(Optional.of(did));
            String second = pds.identity().reserveSigningKey(Optional.of(did));
            String unbound = pds.identity().reserveSigningKey(Optional.empty());
            assertEquals(first, second);
            assertEquals(first, store.findReservedSigningKeyForDid(did).orElseThrow().keyDid());
            assertTrue(store.findReservedSigningKey(unbound).isPresent());
            clock.advance(pds.config().signingKeyReservationTtl());
            String renewed = pds.identity().reserveSigningKey(Optional.of(did));
            assertNotEquals(first, renewed);
            assertEquals(List.of(renewed), List.copyOf(store.snapshot().reservations().keySet()),
                    "the expired reservations were swept");
        }

        @Test
        void anAccountWhoseDocumentPointsHereIsActivatedAgain() {
            CreateAccountOutput out = signUp("alice");
            pds.accounts().deactivateAccount(out.did(), Optional.of(clock.instant().plus(Duration.ofDays(30))));
            pds.identity().activateAccount(out.did());
            Account a = stored(out.did());
            assertEquals(AccountStatus.ACTIVE, a.status());
            assertEquals(Optional.empty(), a.deleteAfter());
            assertEquals(List.of("at://" + out.handle()),
                    pds.identity().getRecommendedDidCredentials(out.did()).alsoKnownAs());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Import {
        @Test
        void aMigratingAccountTakesItsReservedKeyAndArrivesDeactivated() {
            CreateAccountOutput old = signUp("alice");
            MapStore newStore = new MapStore();
            PdsAccounts target = pds(PdsConfig.builder("new.example.com").build(), newStore);
            String reserved = target.identity().reserveSigningKey(Optional.of(old.did()));
            ReservedSigningKey reservation = newStore.findReservedSigningKey(reserved).orElseThrow();
            String jwt = pds.identity().getServiceAuth(old.did(), target.config().serviceDid(), Optional.empty(),
                    Optional.of("com.atproto.server.createAccount"), Scope.ACCESS);

            CreateAccountInput input = CreateAccountInput.builder().did(old.did()).handle("alice.new.example.com")
                    .email("alice@example.com").password(PASSWORD)
                    .inviteCode(target.invites().createInviteCode(1, Optional.empty())).build();
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED,
                    error(() -> target.accounts().createAccount(input, Optional.empty())));
            CreateAccountOutput moved = target.accounts().createAccount(input, Optional.of(jwt));

            assertEquals(old.did(), moved.did());
            Account a = newStore.findAccountByDid(old.did()).orElseThrow();
            assertEquals(AccountStatus.DEACTIVATED, a.status());
            assertEquals(Optional.of(clock.instant().plus(Duration.ofDays(3))), a.deleteAfter());
            assertEquals(reservation.keyPair().publicKey().didKey(),
                    SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, a.signingKey().orElseThrow())
                            .publicKey().didKey());
            assertEquals(Optional.empty(), newStore.findReservedSigningKey(reserved), "the reservation is taken");
            assertEquals(1, newStore.refreshTokensOf(old.did()).stream().map(RefreshToken::id).count());
            assertEquals(LexiconError.INVALID_REQUEST, error(() -> target.accounts().createAccount(
                    CreateAccountInput.builder().did(old.did()).handle("alice2.new.example.com")
                            .email("alice2@example.com").password(PASSWORD)
                            .inviteCode(target.invites().createInviteCode(1, Optional.empty())).build(),
                    Optional.of(jwt))), "the DID is taken now");
        }
    }
}
