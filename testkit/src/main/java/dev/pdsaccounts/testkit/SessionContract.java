package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.service.session.AppPasswordService;
import dev.pdsaccounts.service.session.SessionService;
import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.AppPasswordCreated;
import dev.pdsaccounts.session.AppPasswordInfo;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionInfo;
import dev.pdsaccounts.session.SessionOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Sessions and app passwords end to end over the adapter under test: {@code createSession},
 * {@code refreshSession} (rotation, grace window, races), {@code deleteSession}, {@code getSession}, the
 * access-token checks and the app-password use cases, with the revocations that password changes, takedowns
 * and app-password revocation make.
 */
public interface SessionContract extends UseCaseFixture {

    private SessionService sessions() {
        return tp().pds().sessions();
    }

    private AppPasswordService appPasswords() {
        return tp().pds().appPasswords();
    }

    private static String nameOf(CreateAccountOutput account) {
        return account.handle().substring(0, account.handle().length() - TestPds.DOMAIN.length());
    }

    private static LexiconException fails(Executable call) {
        return assertThrows(LexiconException.class, call);
    }

    private static void assertError(LexiconError error, int status, String message, Executable call) {
        LexiconException e = fails(call);
        assertEquals(error, e.error(), () -> "error: " + e);
        assertEquals(status, e.status(), () -> "status: " + e);
        assertEquals(message, e.getMessage());
    }

    private static void assertInvalidCredentials(Executable call) {
        assertError(LexiconError.AUTHENTICATION_REQUIRED, 401, "Invalid identifier or password", call);
    }

    private static void assertRevoked(Executable call) {
        assertError(LexiconError.EXPIRED_TOKEN, 400, "Token has been revoked", call);
    }

    private String jti(String refreshJwt) {
        return tp().sessionTokens().verifyRefreshToken(refreshJwt, true).jti();
    }

    private Scope scopeOf(String accessJwt) {
        return sessions().verifyAccessToken(accessJwt, Set.of(Scope.ACCESS, Scope.APP_PASS,
                Scope.APP_PASS_PRIVILEGED, Scope.TAKENDOWN, Scope.SIGNUP_QUEUED)).scope();
    }

    /** Inserts an account with the given DID and a password hash of {@link TestPds#PASSWORD}. */
    private Account insertAccount(String did, String passwordHash) {
        String name = TestPds.randomName();
        Account account = Account.newAccount(did, name + TestPds.DOMAIN, Optional.of(name + "@mail.test"),
                Optional.of(passwordHash), tp().clock().instant(), Optional.empty());
        StoreSteps.createAccount(tp().store(), new NewAccount(account, Optional.empty(), Optional.empty()));
        return account;
    }

    // ------------------------------------------------------------------------------------------- login

    /**
     * Logging in by handle, in any case, returns the account's DID, handle, email and status (no DID document unless
     * configured), a full-access token, and a refresh token stored as a row of the account without an app password.
     */
    @Test
    default void loginByHandleInAnyCase() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        for (String id : List.of(acct.handle(), acct.handle().toUpperCase(Locale.ROOT))) {
            SessionOutput s = sessions().createSession(CreateSessionInput.of(id, TestPds.PASSWORD));
            assertEquals(acct.did(), s.did());
            assertEquals(acct.handle(), s.handle());
            assertEquals(Optional.of(nameOf(acct) + "@mail.test"), s.email());
            assertFalse(s.emailConfirmed());
            assertTrue(s.active());
            assertEquals(Optional.empty(), s.status());
            assertEquals(Optional.empty(), s.didDoc(), "no DID document unless configured");
            AccessClaims claims = sessions().verifyAccessToken(s.accessJwt(), Scope.FULL);
            assertEquals(acct.did(), claims.did());
            RefreshToken row = tp().store().findRefreshToken(jti(s.refreshJwt())).orElseThrow();
            assertEquals(acct.did(), row.did());
            assertEquals(Optional.empty(), row.appPasswordName());
        }
        assertEquals(3, tp().store().refreshTokensOf(acct.did()).size(), "signup + two logins");
    }

    /** Logging in by email, in any case, opens the account's session. */
    @Test
    default void loginByEmailInAnyCase() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String email = nameOf(acct) + "@mail.test";
        assertEquals(acct.did(), sessions().createSession(CreateSessionInput.of(email, TestPds.PASSWORD)).did());
        assertEquals(acct.did(), sessions().createSession(CreateSessionInput.of(email.toUpperCase(Locale.ROOT), TestPds.PASSWORD)).did());
    }

    /**
     * Logging in by DID compares the DID exactly: a lower-case DID in upper case is refused, and an account whose DID
     * has upper-case letters is found as stored, not under the lower-cased form.
     */
    @Test
    default void loginByDidComparesTheDidExactly() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        assertEquals(acct.did(), sessions().createSession(CreateSessionInput.of(acct.did(), TestPds.PASSWORD)).did());
        String upper = "did:plc:" + acct.did().substring("did:plc:".length()).toUpperCase(Locale.ROOT);
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(upper, TestPds.PASSWORD)));

        // A DID with upper-case letters is found as it is, and not under its lower-cased form.
        String mixed = "did:web:Mixed" + TestPds.randomName().toUpperCase(Locale.ROOT) + ".example";
        insertAccount(mixed, tp().hasher().hash(TestPds.PASSWORD));
        assertEquals(mixed, sessions().createSession(CreateSessionInput.of(mixed, TestPds.PASSWORD)).did());
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(mixed.toLowerCase(Locale.ROOT), TestPds.PASSWORD)));
    }

    /**
     * A wrong password (by handle, email or DID) and an unknown or malformed identifier get the same error, status and
     * message, "Invalid identifier or password", and store no session.
     */
    @Test
    default void unknownIdentifierAndWrongPasswordAreIndistinguishable() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        List<LexiconException> errors = new ArrayList<>();
        for (String id : List.of(acct.handle(), nameOf(acct) + "@mail.test", acct.did())) {
            errors.add(fails(() -> sessions().createSession(CreateSessionInput.of(id, "wrong-password"))));
        }
        for (String id : List.of("nobody.test", "nobody@mail.test", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa",
                "not an identifier", "", "@", "did:")) {
            errors.add(fails(() -> sessions().createSession(CreateSessionInput.of(id, TestPds.PASSWORD))));
        }
        for (LexiconException e : errors) {
            assertEquals(LexiconError.AUTHENTICATION_REQUIRED, e.error());
            assertEquals(401, e.status());
            assertEquals("Invalid identifier or password", e.getMessage());
        }
        assertEquals(1, tp().store().refreshTokensOf(acct.did()).size(), "no failed login stored a session");
    }

    /**
     * A login password over 512 characters is refused as too long, for a known and an unknown identifier alike; 512
     * characters are merely a wrong password.
     */
    @Test
    default void tooLongPasswordIsRejectedBeforeAnyLookup() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        assertError(LexiconError.AUTHENTICATION_REQUIRED, 401, "Password too long. Consider resetting your password.",
                () -> sessions().createSession(CreateSessionInput.of(acct.handle(), "p".repeat(513))));
        assertError(LexiconError.AUTHENTICATION_REQUIRED, 401, "Password too long. Consider resetting your password.",
                () -> sessions().createSession(CreateSessionInput.of("nobody.test", "p".repeat(513))));
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), "p".repeat(512))));
    }

    /** A login without an identifier or a password is {@code InvalidRequest}. */
    @Test
    default void missingInputIsAnInvalidRequest() {
        assertEquals(LexiconError.INVALID_REQUEST, fails(() -> sessions().createSession(CreateSessionInput.of(null, "pw"))).error());
        assertEquals(LexiconError.INVALID_REQUEST, fails(() -> sessions().createSession(CreateSessionInput.of("a.test", null))).error());
    }

    /**
     * A taken-down account logs in only with its main password and {@code allowTakendown}, getting a takendown-scope
     * session that stores no row and cannot refresh; a wrong or app password reveals nothing of the takedown; after the
     * takedown is lifted, the earlier sessions stay revoked.
     */
    @Test
    default void takenDownAccountsLogInOnlyWithAllowTakendownAndCannotRefresh() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app", false);
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod-1"));
        assertError(LexiconError.ACCOUNT_TAKEDOWN, 401, "Account has been taken down",
                () -> sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD)));
        // A wrong password (an app password included) reveals nothing about the takedown.
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), "wrong")));
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), app.password())));
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), app.password()).withAllowTakendown(true)));

        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD).withAllowTakendown(true));
        assertEquals(Scope.TAKENDOWN, scopeOf(s.accessJwt()));
        assertFalse(s.active());
        assertEquals(Optional.of("takendown"), s.status());
        assertEquals(List.of(), tp().store().refreshTokensOf(acct.did()), "a takendown session stores no row");
        assertError(LexiconError.ACCOUNT_TAKEDOWN, 401, "Account has been taken down",
                () -> sessions().refreshSession(s.refreshJwt()));
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.empty());
        assertRevoked(() -> sessions().refreshSession(s.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(acct.refreshJwt()));
    }

    /**
     * A deactivated account logs in with full access, refreshes, and reads its session, each reported inactive with
     * status {@code deactivated}.
     */
    @Test
    default void deactivatedAccountsLogInAndRefresh() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        StoreSteps.updateDeactivation(tp().store(), acct.did(), Optional.of(tp().clock().instant()), Optional.empty());
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        assertFalse(s.active());
        assertEquals(Optional.of("deactivated"), s.status());
        assertEquals(Scope.ACCESS, scopeOf(s.accessJwt()));
        SessionOutput next = sessions().refreshSession(s.refreshJwt());
        assertFalse(next.active());
        assertEquals(Optional.of("deactivated"), next.status());
        SessionInfo info = sessions().getSession(next.accessJwt());
        assertFalse(info.active());
        assertEquals(Optional.of("deactivated"), info.status());
    }

    /**
     * An account with a reference scrypt password hash logs in, its hash is replaced by one of the current scheme, and
     * the password still works afterwards (a wrong one does not).
     */
    @Test
    default void referenceScryptPasswordsLogInAndAreRehashed() {
        Account account = insertAccount("did:plc:" + StoreFixtures.randomBase32(24),
                new ReferenceScryptHasher().hash(TestPds.PASSWORD));
        assertEquals(account.did(), sessions().createSession(CreateSessionInput.of(account.handle(), TestPds.PASSWORD)).did());
        String stored = tp().store().findAccountByDid(account.did()).orElseThrow().passwordHash().orElseThrow();
        assertFalse(tp().hasher().needsRehash(stored), "rehashed to the current scheme on login");
        assertTrue(tp().hasher().verify(TestPds.PASSWORD, stored));
        assertEquals(account.did(), sessions().createSession(CreateSessionInput.of(account.handle(), TestPds.PASSWORD)).did());
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(account.handle(), "wrong")));
    }

    /** When configured, login, refresh and {@code getSession} include the account's DID document. */
    @Test
    default void didDocumentIsIncludedWhenConfigured() {
        TestPds withDoc = withConfig(b -> b.didDocWithSession(true));
        CreateAccountOutput acct = withDoc.createAccount(TestPds.randomName());
        SessionOutput s = withDoc.pds().sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        assertEquals(acct.did(), s.didDoc().orElseThrow().get("id"));
        assertEquals(acct.did(), withDoc.pds().sessions().refreshSession(s.refreshJwt()).didDoc().orElseThrow().get("id"));
        assertEquals(acct.did(), withDoc.pds().sessions().getSession(s.accessJwt()).didDoc().orElseThrow().get("id"));
    }

    /**
     * The {@code toString} of session outputs, of a new app password and of the service shows no token, app password or
     * password.
     */
    @Test
    default void outputsNeverShowSecrets() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        assertFalse(s.toString().contains(s.accessJwt()));
        assertFalse(s.toString().contains(s.refreshJwt()));
        AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app", false);
        assertFalse(app.toString().contains(app.password()));
        assertFalse(sessions().toString().contains(TestPds.PASSWORD));
    }

    // ---------------------------------------------------------------------------------- equal hashing work

    /**
     * A login with an unknown identifier verifies the password exactly once, against a dummy hash made once with the
     * real hashes' parameters, as much work as a wrong password for a real account.
     */
    @Test
    default void unknownIdentifierCostsTheSameHashingWorkAsAWrongPassword() {
        CountingHasher counting = new CountingHasher(TestPds.cheapHasher());
        TestPds counted = TestPds.over(tp().store(), b -> b, counting);
        CreateAccountOutput acct = counted.createAccount(TestPds.randomName());
        String realHash = counted.store().findAccountByDid(acct.did()).orElseThrow().passwordHash().orElseThrow();

        counting.reset();
        fails(() -> counted.pds().sessions().createSession(CreateSessionInput.of(acct.handle(), "wrong-password")));
        assertEquals(List.of(realHash), counting.verifiedAgainst(), "a wrong password verifies once");

        counting.reset();
        fails(() -> counted.pds().sessions().createSession(CreateSessionInput.of("nobody.test", "wrong-password")));
        fails(() -> counted.pds().sessions().createSession(CreateSessionInput.of("nobody@mail.test", "wrong-password")));
        fails(() -> counted.pds().sessions().createSession(CreateSessionInput.of("no identifier at all", "wrong-password")));
        List<String> dummies = counting.verifiedAgainst();
        assertEquals(3, dummies.size(), "each unknown identifier verifies exactly once");
        assertEquals(1, new HashSet<>(dummies).size(), "against one dummy hash");
        assertEquals(1, counting.hashes(), "the dummy hash is made once");
        assertEquals(parameters(realHash), parameters(dummies.get(0)), "the dummy has the real hashes' parameters");
        assertEquals(realHash.length(), dummies.get(0).length());
        assertNotEquals(realHash, dummies.get(0));

        counting.reset();
        fails(() -> counted.pds().sessions().createSession(CreateSessionInput.of("nobody.test", "wrong-password")));
        assertEquals(0, counting.hashes(), "the dummy hash is reused");
        assertEquals(1, counting.verifiedAgainst().size());
    }

    /** The scheme and parameters of a PHC-style hash: everything before the salt. */
    private static String parameters(String phc) {
        int hashStart = phc.lastIndexOf('$');
        return phc.substring(0, phc.lastIndexOf('$', hashStart - 1));
    }

    // ----------------------------------------------------------------------------------- app passwords

    /**
     * An app password (four groups of four base32 characters) logs in with the app-password scope, privileged or not,
     * kept across refreshes and refused where full access is needed; its stored hash is the configured app-password
     * hash of it for its account.
     */
    @Test
    default void appPasswordsLogInWithTheirScopeAndKeepItAcrossRefresh() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        AppPasswordCreated plain = appPasswords().createAppPassword(acct.did(), "plain", false);
        AppPasswordCreated privileged = appPasswords().createAppPassword(acct.did(), "privileged", true);
        assertTrue(plain.password().matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"), "format");
        assertNotEquals(plain.password(), privileged.password());
        assertFalse(plain.privileged());
        assertTrue(privileged.privileged());

        Map<AppPasswordCreated, Scope> expected = Map.of(plain, Scope.APP_PASS, privileged, Scope.APP_PASS_PRIVILEGED);
        for (Map.Entry<AppPasswordCreated, Scope> e : expected.entrySet()) {
            SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), e.getKey().password()));
            assertEquals(e.getValue(), scopeOf(s.accessJwt()));
            assertEquals(Optional.of(e.getKey().name()),
                    tp().store().findRefreshToken(jti(s.refreshJwt())).orElseThrow().appPasswordName());
            SessionOutput next = sessions().refreshSession(s.refreshJwt());
            assertEquals(e.getValue(), scopeOf(next.accessJwt()), "scope kept across refresh");
            assertEquals(Optional.of(e.getKey().name()),
                    tp().store().findRefreshToken(jti(next.refreshJwt())).orElseThrow().appPasswordName());
            SessionOutput again = sessions().refreshSession(next.refreshJwt());
            assertEquals(e.getValue(), scopeOf(again.accessJwt()));
            // App-password sessions are refused where full access is required.
            assertEquals(LexiconError.INVALID_TOKEN,
                    fails(() -> sessions().verifyAccessToken(again.accessJwt(), Scope.FULL)).error());
        }
        // The stored hash is the configured hash of the password for this account (found by one exact lookup).
        AppPassword stored = StoreSteps.findAppPassword(tp().store(), acct.did(), "plain").orElseThrow();
        assertEquals(tp().appPasswordHasher().hash(plain.password(), acct.did()), stored.passwordHash());
    }

    /**
     * With the production app-password hash ({@link ReferenceAppPasswordHasher}), an app password stored by a
     * reference PDS logs in to its own account only, with its privileged scope, and a new app password is stored as
     * the reference would store it.
     */
    @Test
    default void referenceFormatAppPasswordHashLogsIn() {
        ReferenceAppPasswordHasher production = new ReferenceAppPasswordHasher();
        TestPds ref = TestPds.over(tp().store(), b -> b, tp().hasher(), production);
        CreateAccountOutput acct = ref.createAccount(TestPds.randomName());
        String password = "abcd-efgh-ijkl-mnop";
        ref.store().insertAppPassword(new AppPassword(acct.did(), "imported",
                production.hash(password, acct.did()), ref.clock().instant(), true));
        SessionOutput s = ref.pds().sessions().createSession(
                CreateSessionInput.of(nameOf(acct) + "@MAIL.test", password));
        assertEquals(acct.did(), s.did());
        assertEquals(Scope.APP_PASS_PRIVILEGED, ref.pds().sessions().verifyAccessToken(s.accessJwt(),
                Set.of(Scope.ACCESS, Scope.APP_PASS, Scope.APP_PASS_PRIVILEGED)).scope());
        // The same app password does not open another account.
        CreateAccountOutput other = ref.createAccount(TestPds.randomName());
        assertInvalidCredentials(() -> ref.pds().sessions().createSession(
                CreateSessionInput.of(other.handle(), password)));
        // A new one is stored in the reference's form.
        AppPasswordCreated made = ref.pds().appPasswords().createAppPassword(acct.did(), "new", false);
        AppPassword stored = StoreSteps.findAppPassword(ref.store(), acct.did(), "new").orElseThrow();
        assertEquals(production.hash(made.password(), acct.did()), stored.passwordHash());
        assertTrue(new ReferenceScryptHasher().verify(made.password(), stored.passwordHash()), "reference scrypt form");
    }

    /** App passwords are listed newest first, with name, creation time and privilege only. */
    @Test
    default void appPasswordsAreListedNewestFirstWithoutSecrets() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        assertEquals(List.of(), appPasswords().listAppPasswords(acct.did()));
        AppPasswordCreated first = appPasswords().createAppPassword(acct.did(), "first", false);
        tp().clock().advance(Duration.ofSeconds(5));
        AppPasswordCreated second = appPasswords().createAppPassword(acct.did(), "second", true);
        assertEquals(List.of(new AppPasswordInfo("second", second.createdAt(), true),
                        new AppPasswordInfo("first", first.createdAt(), false)),
                appPasswords().listAppPasswords(acct.did()));
        assertEquals(tp().clock().instant(), second.createdAt());
    }

    /**
     * App-password names are unique per account and case-sensitive; missing, blank, over-long names or names with
     * control characters or lone surrogates are refused; another account may reuse a name.
     */
    @Test
    default void appPasswordNamesAreCheckedAndUnique() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        appPasswords().createAppPassword(acct.did(), "My App", false);
        assertError(LexiconError.INVALID_REQUEST, 400, "An app password with this name already exists",
                () -> appPasswords().createAppPassword(acct.did(), "My App", true));
        for (String bad : new String[] {null, "", "   ", "x".repeat(AppPasswordService.MAX_APP_PASSWORD_NAME_LENGTH + 1),
                "a\u0000b", "tab\there", "\uD800"}) {
            assertEquals(LexiconError.INVALID_REQUEST,
                    fails(() -> appPasswords().createAppPassword(acct.did(), bad, false)).error(), () -> "name " + bad);
        }
        appPasswords().createAppPassword(acct.did(), "x".repeat(AppPasswordService.MAX_APP_PASSWORD_NAME_LENGTH), false);
        appPasswords().createAppPassword(acct.did(), "my app", false); // names are case-sensitive
        appPasswords().createAppPassword(acct.did(), "Émoji 🙂", false);
        assertEquals(4, appPasswords().listAppPasswords(acct.did()).size());
        // Another account may use the same name.
        CreateAccountOutput other = tp().createAccount(TestPds.randomName());
        appPasswords().createAppPassword(other.did(), "My App", false);
    }

    /**
     * Creating an app password for an unknown account is {@code AccountNotFound}, for a malformed or missing DID {@code
     * InvalidRequest}, and for a taken-down account {@code AccountTakedown}, storing none.
     */
    @Test
    default void appPasswordCreationNeedsAnExistingAccountNotTakenDown() {
        assertError(LexiconError.ACCOUNT_NOT_FOUND, 403, "Account not found",
                () -> appPasswords().createAppPassword("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "app", false));
        assertEquals(LexiconError.INVALID_REQUEST, fails(() -> appPasswords().createAppPassword("nope", "a", false)).error());
        assertEquals(LexiconError.INVALID_REQUEST, fails(() -> appPasswords().createAppPassword(null, "a", false)).error());
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod-1"));
        assertError(LexiconError.ACCOUNT_TAKEDOWN, 401, "Account has been taken down",
                () -> appPasswords().createAppPassword(acct.did(), "app", false));
        assertEquals(List.of(), tp().store().appPasswordsOf(acct.did()));
    }

    /**
     * Revoking an app password ends its sessions and their rotations and its login, leaving the other app passwords'
     * and the main password's sessions; revoking again or an unknown name is a no-op, a missing name {@code
     * InvalidRequest}.
     */
    @Test
    default void revokingAnAppPasswordEndsItsSessionsOnlyAndIsIdempotent() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app", false);
        AppPasswordCreated kept = appPasswords().createAppPassword(acct.did(), "kept", false);
        SessionOutput viaApp = sessions().createSession(CreateSessionInput.of(acct.handle(), app.password()));
        SessionOutput rotated = sessions().refreshSession(viaApp.refreshJwt());
        SessionOutput viaKept = sessions().createSession(CreateSessionInput.of(acct.handle(), kept.password()));
        SessionOutput main = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));

        appPasswords().revokeAppPassword(acct.did(), "app");
        appPasswords().revokeAppPassword(acct.did(), "app");
        appPasswords().revokeAppPassword(acct.did(), "never existed");
        appPasswords().revokeAppPassword(acct.did(), "bad\u0000name");
        assertRevoked(() -> sessions().refreshSession(viaApp.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(rotated.refreshJwt()));
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), app.password())));
        sessions().refreshSession(viaKept.refreshJwt());
        sessions().refreshSession(main.refreshJwt());
        assertEquals(List.of("kept"),
                appPasswords().listAppPasswords(acct.did()).stream().map(AppPasswordInfo::name).toList());
        assertEquals(LexiconError.INVALID_REQUEST, fails(() -> appPasswords().revokeAppPassword(acct.did(), null)).error());
    }

    /**
     * An app password revoked and created again under the same name revives neither the old sessions nor the old
     * password; the new one logs in with its own scope.
     */
    @Test
    default void anAppPasswordRecreatedUnderTheSameNameDoesNotReviveOldSessions() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app", false);
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), app.password()));
        appPasswords().revokeAppPassword(acct.did(), "app");
        AppPasswordCreated again = appPasswords().createAppPassword(acct.did(), "app", true);
        assertRevoked(() -> sessions().refreshSession(s.refreshJwt()));
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), app.password())));
        assertEquals(Scope.APP_PASS_PRIVILEGED,
                scopeOf(sessions().createSession(CreateSessionInput.of(acct.handle(), again.password())).accessJwt()));
    }

    /**
     * Logins with the old password racing a password change: no session made with the old password survives the change,
     * round after round.
     */
    @Test
    default void aLoginRacingAPasswordChangeNeverOutlivesIt() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String password = TestPds.PASSWORD;
        // Each failed login pays for a memory-hard app-password hash: few rounds, few threads.
        try (Race race = new Race(5)) {
            for (int round = 0; round < Math.max(1, raceRounds() / 5); round++) {
                String current = password;
                String next = "password-" + round;
                String nextHash = tp().hasher().hash(next);
                List<Boolean> loggedIn = race.run(i -> () -> {
                    if (i == 0) {
                        assertTrue(StoreSteps.updatePassword(tp().store(), acct.did(), nextHash));
                        return false;
                    }
                    try {
                        sessions().createSession(CreateSessionInput.of(acct.handle(), current));
                        return true;
                    } catch (LexiconException e) {
                        assertEquals("Invalid identifier or password", e.getMessage());
                        return false;
                    }
                });
                assertEquals(List.of(), tp().store().refreshTokensOf(acct.did()),
                        "round " + round + ": a session made with the old password survived the change ("
                                + loggedIn.stream().filter(b -> b).count() + " logins succeeded)");
                password = next;
            }
        }
    }

    /**
     * Logins with an app password racing its revocation: no session of the revoked app password survives, round after
     * round.
     */
    @Test
    default void anAppPasswordLoginRacingItsRevocationNeverOutlivesIt() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        try (Race race = new Race(4)) {
            for (int round = 0; round < Math.max(1, raceRounds() / 5); round++) {
                AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app-" + round, false);
                race.run(i -> () -> {
                    if (i == 0) {
                        appPasswords().revokeAppPassword(acct.did(), app.name());
                        return false;
                    }
                    try {
                        sessions().createSession(CreateSessionInput.of(acct.handle(), app.password()));
                        return true;
                    } catch (LexiconException e) {
                        assertEquals("Invalid identifier or password", e.getMessage());
                        return false;
                    }
                });
                assertTrue(tp().store().refreshTokensOf(acct.did()).stream()
                                .noneMatch(t -> t.appPasswordName().equals(Optional.of(app.name()))),
                        "round " + round + ": a session of a revoked app password survived");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ refresh

    /**
     * Ten refreshes racing on one refresh token all get the same successor, stored as the only new row and as the
     * token's next id, round after round.
     */
    @Test
    default void tenConcurrentRefreshesOfOneTokenGetTheSameSuccessor() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        try (Race race = new Race(10)) {
            for (int round = 0; round < raceRounds(); round++) {
                SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
                Set<String> before = tp().store().refreshTokensOf(acct.did()).stream().map(RefreshToken::id)
                        .collect(Collectors.toSet());
                List<SessionOutput> outs = race.run(i -> () -> sessions().refreshSession(s.refreshJwt()));
                Set<String> jtis = outs.stream().map(o -> jti(o.refreshJwt())).collect(Collectors.toSet());
                assertEquals(1, jtis.size(), "round " + round + ": one successor for all");
                Set<String> after = tp().store().refreshTokensOf(acct.did()).stream().map(RefreshToken::id)
                        .collect(Collectors.toSet());
                Set<String> added = new HashSet<>(after);
                added.removeAll(before);
                assertEquals(jtis, added, "round " + round + ": exactly the one new row");
                assertEquals(Optional.of(jtis.iterator().next()),
                        tp().store().findRefreshToken(jti(s.refreshJwt())).orElseThrow().nextId());
            }
        }
    }

    /**
     * A rotated refresh token reused inside the grace window gives the same successor and after the window is revoked,
     * while the successor rotates on.
     */
    @Test
    default void reuseInsideTheGraceWindowGivesTheSameSuccessorAndAfterItIsRevoked() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        SessionOutput first = sessions().refreshSession(s.refreshJwt());
        assertEquals(acct.did(), first.did());
        assertEquals(acct.handle(), first.handle());
        assertTrue(first.active());
        assertNotEquals(jti(s.refreshJwt()), jti(first.refreshJwt()));
        Duration grace = tp().pds().config().refreshGracePeriod();
        tp().clock().advance(grace.minusMinutes(1));
        SessionOutput reuse = sessions().refreshSession(s.refreshJwt());
        assertEquals(jti(first.refreshJwt()), jti(reuse.refreshJwt()), "same successor inside the grace window");
        tp().clock().advance(Duration.ofMinutes(1));
        assertRevoked(() -> sessions().refreshSession(s.refreshJwt()));
        // The successor is unaffected and rotates on.
        SessionOutput next = sessions().refreshSession(first.refreshJwt());
        assertNotEquals(jti(first.refreshJwt()), jti(next.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(s.refreshJwt()));
    }

    /**
     * A rotated token's grace window is cut short by the token's own expiry: with a 30-minute lifetime, a token rotated
     * after 20 minutes is reusable for 10 more, then expired.
     */
    @Test
    default void graceNeverOutlivesTheTokenItself() {
        TestPds shortLived = withConfig(b -> b.refreshTokenLifetime(Duration.ofMinutes(30)));
        CreateAccountOutput acct = shortLived.createAccount(TestPds.randomName());
        SessionService svc = shortLived.pds().sessions();
        SessionOutput s = svc.createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        shortLived.clock().advance(Duration.ofMinutes(20));
        SessionOutput first = svc.refreshSession(s.refreshJwt());
        RefreshToken row = shortLived.store().findRefreshToken(jtiOf(shortLived, s.refreshJwt())).orElseThrow();
        assertEquals(shortLived.clock().instant().plusSeconds(600), row.expiresAt(), "grace capped by the expiry");
        shortLived.clock().advance(Duration.ofMinutes(9));
        SessionOutput reuse = svc.refreshSession(s.refreshJwt());
        assertEquals(jtiOf(shortLived, first.refreshJwt()), jtiOf(shortLived, reuse.refreshJwt()));
        shortLived.clock().advance(Duration.ofMinutes(1));
        assertEquals(LexiconError.EXPIRED_TOKEN, fails(() -> svc.refreshSession(s.refreshJwt())).error());
    }

    /**
     * An access token does not refresh or log out, a refresh token does not read the session or pass as an access
     * token, and a token of another service's secret is refused: {@code InvalidToken}.
     */
    @Test
    default void accessAndRefreshTokensAreNotInterchangeable() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        assertEquals(LexiconError.INVALID_TOKEN, fails(() -> sessions().refreshSession(s.accessJwt())).error());
        assertEquals(LexiconError.INVALID_TOKEN, fails(() -> sessions().deleteSession(s.accessJwt())).error());
        assertEquals(LexiconError.INVALID_TOKEN, fails(() -> sessions().getSession(s.refreshJwt())).error());
        assertEquals(LexiconError.INVALID_TOKEN,
                fails(() -> sessions().verifyAccessToken(s.refreshJwt(), Scope.STANDARD)).error());
        // A token of another service (another secret) is not accepted either.
        TestPds elsewhere = TestPds.over(tp().store());
        assertEquals(LexiconError.INVALID_TOKEN,
                fails(() -> elsewhere.pds().sessions().refreshSession(s.refreshJwt())).error());
    }

    /**
     * A password change revokes every refresh token of the account, app-password sessions included, but the app
     * passwords themselves still log in; a takedown refuses refresh with {@code AccountTakedown} and, once lifted,
     * leaves every earlier session revoked.
     */
    @Test
    default void passwordChangeAndTakedownRevokeRefreshTokens() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app", false);
        SessionOutput main = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        SessionOutput viaApp = sessions().createSession(CreateSessionInput.of(acct.handle(), app.password()));
        StoreSteps.updatePassword(tp().store(), acct.did(), tp().hasher().hash("new-password"));
        assertRevoked(() -> sessions().refreshSession(main.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(viaApp.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(acct.refreshJwt()));
        assertInvalidCredentials(() -> sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD)));
        // App passwords survive a password change.
        SessionOutput after = sessions().createSession(CreateSessionInput.of(acct.handle(), app.password()));
        SessionOutput fresh = sessions().createSession(CreateSessionInput.of(acct.handle(), "new-password"));

        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod-1"));
        assertError(LexiconError.ACCOUNT_TAKEDOWN, 401, "Account has been taken down",
                () -> sessions().refreshSession(fresh.refreshJwt()));
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.empty());
        assertRevoked(() -> sessions().refreshSession(fresh.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(after.refreshJwt()));
    }

    /**
     * Refreshing or reading the session of a deleted account is {@code InvalidRequest} naming the account, as the
     * reference does.
     */
    @Test
    default void refreshOfADeletedAccountNamesTheAccount() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        StoreSteps.deleteAccount(tp().store(), acct.did());
        assertError(LexiconError.INVALID_REQUEST, 400, "Could not find user info for account: " + acct.did(),
                () -> sessions().refreshSession(acct.refreshJwt()));
        assertError(LexiconError.INVALID_REQUEST, 400, "Could not find user info for account: " + acct.did(),
                () -> sessions().getSession(acct.accessJwt()));
    }

    // ------------------------------------------------------------------------------------------- logout

    /**
     * Logout (with or without {@code Bearer}) revokes the token and removes its row, other sessions living on; it is
     * idempotent and also accepts and removes an expired token.
     */
    @Test
    default void logoutIsIdempotentAcceptsExpiredTokensAndRevokes() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        sessions().deleteSession(s.refreshJwt());
        sessions().deleteSession("Bearer " + s.refreshJwt());
        assertRevoked(() -> sessions().refreshSession(s.refreshJwt()));
        assertTrue(tp().store().findRefreshToken(jti(s.refreshJwt())).isEmpty());
        sessions().refreshSession(acct.refreshJwt()); // other sessions live on

        SessionOutput old = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        tp().clock().advance(tp().pds().config().refreshTokenLifetime().plusDays(1));
        assertEquals(LexiconError.EXPIRED_TOKEN, fails(() -> sessions().refreshSession(old.refreshJwt())).error());
        sessions().deleteSession(old.refreshJwt());
        sessions().deleteSession(old.refreshJwt());
        assertTrue(tp().store().findRefreshToken(jti(old.refreshJwt())).isEmpty());
    }

    /**
     * Logout ends the whole rotation chain, with its newest token or a predecessor still in its grace window, leaves no
     * row of the chain, and leaves the account's other sessions alone.
     */
    @Test
    default void logoutEndsTheWholeRotationChain() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        // Logging out with the newest token also ends its predecessor's grace window.
        SessionOutput t0 = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        SessionOutput t1 = sessions().refreshSession(t0.refreshJwt());
        SessionOutput t2 = sessions().refreshSession(t1.refreshJwt());
        sessions().deleteSession(t2.refreshJwt());
        assertRevoked(() -> sessions().refreshSession(t1.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(t0.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(t2.refreshJwt()));

        // Logging out with a predecessor still in its grace window ends its successors too.
        SessionOutput u0 = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        SessionOutput u1 = sessions().refreshSession(u0.refreshJwt());
        sessions().deleteSession(u0.refreshJwt());
        assertRevoked(() -> sessions().refreshSession(u1.refreshJwt()));
        assertRevoked(() -> sessions().refreshSession(u0.refreshJwt()));

        // Other sessions of the account are untouched, and nothing of the chains is left behind.
        sessions().refreshSession(acct.refreshJwt());
        assertEquals(2, tp().store().refreshTokensOf(acct.did()).size());
    }

    // -------------------------------------------------------------------------------- getSession / auth

    /**
     * {@code getSession} describes the account (handle, DID, email, confirmed, active) for a full or app-password
     * access token and refuses a takendown-scope one.
     */
    @Test
    default void getSessionDescribesTheAccount() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        StoreSteps.updateEmailConfirmedAt(tp().store(), acct.did(), tp().clock().instant());
        SessionOutput s = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD));
        SessionInfo info = sessions().getSession("Bearer " + s.accessJwt());
        assertEquals(new SessionInfo(acct.handle(), acct.did(), Optional.of(nameOf(acct) + "@mail.test"), true, false,
                true, Optional.empty(), Optional.empty()), info);
        AppPasswordCreated app = appPasswords().createAppPassword(acct.did(), "app", false);
        assertEquals(acct.did(),
                sessions().getSession(sessions().createSession(CreateSessionInput.of(acct.handle(), app.password())).accessJwt()).did());
        // A takendown-scope session cannot read it.
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod"));
        SessionOutput takendown = sessions().createSession(CreateSessionInput.of(acct.handle(), TestPds.PASSWORD).withAllowTakendown(true));
        assertEquals(LexiconError.INVALID_TOKEN, fails(() -> sessions().getSession(takendown.accessJwt())).error());
    }

    /**
     * A missing, blank or bare {@code Bearer} credential is {@code AuthMissing} (HTTP 401) on every session call; a
     * credential of another scheme is {@code InvalidToken}.
     */
    @Test
    default void missingCredentialsAreAuthMissing() {
        for (String none : new String[] {null, "", "   ", "Bearer", "Bearer ", "bearer   "}) {
            assertError(LexiconError.AUTH_MISSING, 401, "Authentication Required",
                    () -> sessions().verifyAccessToken(none, Scope.STANDARD));
            assertEquals(LexiconError.AUTH_MISSING, fails(() -> sessions().getSession(none)).error());
            assertEquals(LexiconError.AUTH_MISSING, fails(() -> sessions().refreshSession(none)).error());
            assertEquals(LexiconError.AUTH_MISSING, fails(() -> sessions().deleteSession(none)).error());
        }
        assertEquals(LexiconError.INVALID_TOKEN,
                fails(() -> sessions().verifyAccessToken("Basic YWRtaW46c2VjcmV0", Scope.STANDARD)).error());
    }

    /**
     * An access token is checked for its scope ({@code Bad token scope}) and its expiry, and the account behind it for
     * a takedown (unless allowed) and its existence.
     */
    @Test
    default void accessTokensAreCheckedForScopeAndAccount() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        AccessClaims claims = sessions().verifyAccessToken("Bearer " + acct.accessJwt(), Scope.FULL);
        assertEquals(acct.did(), claims.did());
        assertEquals(Scope.ACCESS, claims.scope());
        assertEquals(acct.did(), sessions().requireAccount(claims, true).did());
        assertError(LexiconError.INVALID_TOKEN, 400, "Bad token scope",
                () -> sessions().verifyAccessToken(acct.accessJwt(), Set.of(Scope.TAKENDOWN)));

        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod-1"));
        assertError(LexiconError.ACCOUNT_TAKEDOWN, 401, "Account has been taken down",
                () -> sessions().requireAccount(claims, true));
        assertEquals(acct.did(), sessions().requireAccount(claims, false).did());
        StoreSteps.deleteAccount(tp().store(), acct.did());
        assertError(LexiconError.ACCOUNT_NOT_FOUND, 403, "Account not found",
                () -> sessions().requireAccount(claims, false));

        tp().clock().advance(tp().pds().config().accessTokenLifetime());
        CreateAccountOutput other = tp().createAccount(TestPds.randomName());
        tp().clock().advance(tp().pds().config().accessTokenLifetime());
        assertError(LexiconError.EXPIRED_TOKEN, 400, "Token has expired",
                () -> sessions().verifyAccessToken(other.accessJwt(), Scope.STANDARD));
    }

    // ------------------------------------------------------------------------------------- properties

    /**
     * Random sequences of logins, app-password logins, refreshes, logouts, app-password revocations, password changes
     * and clock moves agree with a session model: a revoked token never refreshes again, each token has at most one
     * successor, and the stored rows and successors are the model's.
     */
    @Test
    default void noRefreshTokenWorksAfterItsRevocationAndEveryTokenHasOneSuccessor() {
        int[] outcomes = new int[2]; // refreshes that succeeded, refreshes refused as revoked
        SeededProperty.forAll(12, r -> {
            TestPds t = TestPds.over(tp().store());
            SessionService svc = t.pds().sessions();
            SessionModel model = new SessionModel(t.pds().config().refreshGracePeriod(),
                    t.pds().config().refreshTokenLifetime());
            List<CreateAccountOutput> accounts = List.of(t.createAccount(TestPds.randomName()),
                    t.createAccount(TestPds.randomName()));
            Map<String, String> appPasswordSecrets = new HashMap<>(); // did + "/" + name -> password
            List<String[]> tokens = new ArrayList<>(); // {refreshJwt, jti, did}
            Set<String> revoked = new HashSet<>();
            Map<String, String> successorOf = new HashMap<>();
            Map<String, String> appPasswordOfToken = new HashMap<>();
            for (CreateAccountOutput a : accounts) {
                String jti = jtiOf(t, a.refreshJwt());
                model.login(jti, a.did(), null, t.clock().instant());
                tokens.add(new String[] {a.refreshJwt(), jti, a.did()});
            }
            int counter = 0;
            for (int step = 0; step < 30; step++) {
                CreateAccountOutput a = accounts.get(r.nextInt(accounts.size()));
                Instant now = t.clock().instant();
                int op = r.nextInt(100);
                if (op < 14) { // password login
                    SessionOutput s = svc.createSession(CreateSessionInput.of(a.handle(), TestPds.PASSWORD));
                    String jti = jtiOf(t, s.refreshJwt());
                    model.login(jti, a.did(), null, now);
                    tokens.add(new String[] {s.refreshJwt(), jti, a.did()});
                } else if (op < 24) { // app-password login (creating one when the account has none)
                    List<String> names = model.appPasswordsOf(a.did());
                    if (names.isEmpty()) {
                        String name = "app-" + counter++;
                        AppPasswordCreated created = t.pds().appPasswords().createAppPassword(a.did(), name, r.nextBoolean());
                        appPasswordSecrets.put(a.did() + "/" + name, created.password());
                        model.appPasswordCreated(a.did(), name);
                        names = List.of(name);
                    }
                    String name = names.get(r.nextInt(names.size()));
                    SessionOutput s = svc.createSession(CreateSessionInput.of(a.did(), appPasswordSecrets.get(a.did() + "/" + name)));
                    String jti = jtiOf(t, s.refreshJwt());
                    model.login(jti, a.did(), name, now);
                    appPasswordOfToken.put(jti, a.did() + "/" + name);
                    tokens.add(new String[] {s.refreshJwt(), jti, a.did()});
                } else if (op < 62) { // refresh
                    String[] tok = tokens.get(r.nextInt(tokens.size()));
                    SessionModel.Expected expected = model.expectRefresh(tok[1], tok[2], now);
                    if (revoked.contains(tok[1])) {
                        assertFalse(expected.succeeds(), "model: a revoked token must stay revoked");
                    }
                    try {
                        SessionOutput s = svc.refreshSession(tok[0]);
                        assertFalse(revoked.contains(tok[1]), "a revoked token refreshed");
                        assertTrue(expected.succeeds(), "refresh succeeded where the model revoked it");
                        String next = jtiOf(t, s.refreshJwt());
                        expected.nextId().ifPresent(n -> assertEquals(n, next, "same successor on reuse"));
                        String previous = successorOf.putIfAbsent(tok[1], next);
                        assertTrue(previous == null || previous.equals(next), "a token got two successors");
                        model.rotated(tok[1], next, now);
                        String app = appPasswordOfToken.get(tok[1]);
                        if (app != null) {
                            appPasswordOfToken.put(next, app);
                        }
                        tokens.add(new String[] {s.refreshJwt(), next, tok[2]});
                        outcomes[0]++;
                    } catch (LexiconException e) {
                        assertEquals("Token has been revoked", e.getMessage(), e::toString);
                        assertFalse(expected.succeeds(), "refresh failed where the model expected success");
                        revoked.add(tok[1]);
                        outcomes[1]++;
                    }
                } else if (op < 74) { // logout
                    String[] tok = tokens.get(r.nextInt(tokens.size()));
                    svc.deleteSession(tok[0]);
                    revoked.addAll(model.logout(tok[1], tok[2]));
                    revoked.add(tok[1]);
                } else if (op < 82) { // revoke an app password
                    List<String> names = model.appPasswordsOf(a.did());
                    if (!names.isEmpty()) {
                        String name = names.get(r.nextInt(names.size()));
                        t.pds().appPasswords().revokeAppPassword(a.did(), name);
                        model.revokeAppPassword(a.did(), name);
                        appPasswordOfToken.forEach((jti, app) -> {
                            if (app.equals(a.did() + "/" + name)) {
                                revoked.add(jti);
                            }
                        });
                    }
                } else if (op < 88) { // password change (to the same password, so logins go on)
                    StoreSteps.updatePassword(t.store(), a.did(), t.hasher().hash(TestPds.PASSWORD));
                    model.passwordChanged(a.did());
                    tokens.stream().filter(tok -> tok[2].equals(a.did())).forEach(tok -> revoked.add(tok[1]));
                } else { // time passes, sometimes beyond the grace window
                    t.clock().advance(Duration.ofMinutes(r.nextInt(150)));
                }
            }
            for (CreateAccountOutput a : accounts) {
                Set<String> stored = t.store().refreshTokensOf(a.did()).stream().map(RefreshToken::id)
                        .collect(Collectors.toSet());
                assertEquals(model.rowIdsOf(a.did()), stored, "the store's rows are the model's");
                for (RefreshToken row : t.store().refreshTokensOf(a.did())) {
                    assertEquals(model.nextIdOf(row.id()), row.nextId(), "successor of a stored row");
                    assertFalse(revoked.contains(row.id()), "a revoked token still has a row");
                }
            }
        });
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes exercised: " + outcomes[0] + "/" + outcomes[1]);
    }

    private static String jtiOf(TestPds t, String refreshJwt) {
        return t.sessionTokens().verifyRefreshToken(refreshJwt, true).jti();
    }

    /**
     * Hostile strings, null and one-character mutations of valid tokens given to every session and app-password call
     * end in success or a lexicon error with a message, never another exception.
     */
    @Test
    default void noInputMakesTheSessionUseCasesThrowAnythingButATypedError() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String[] valid = {acct.accessJwt(), acct.refreshJwt(), acct.handle(), acct.did()};
        SeededProperty.forAll(60, r -> {
            String identifier = r.nextInt(4) == 0 ? valid[2 + r.nextInt(2)] : maybeNull(r, SeededProperty::nastyString);
            String password = r.nextInt(8) == 0 ? "p".repeat(513) : maybeNull(r, SeededProperty::nastyString);
            typedOnly(() -> sessions().createSession(CreateSessionInput.of(identifier, password).withAllowTakendown(r.nextBoolean())));
        });
        SeededProperty.forAll(400, r -> {
            String token = r.nextInt(3) == 0 ? mutate(r, valid[r.nextInt(2)]) : maybeNull(r, SeededProperty::nastyString);
            typedOnly(() -> sessions().refreshSession(token));
            typedOnly(() -> sessions().getSession(token));
            typedOnly(() -> sessions().verifyAccessToken(token, Scope.STANDARD));
            typedOnly(() -> sessions().deleteSession(token));
            String did = r.nextInt(4) == 0 ? acct.did() : maybeNull(r, SeededProperty::nastyString);
            String name = maybeNull(r, SeededProperty::nastyString);
            typedOnly(() -> appPasswords().listAppPasswords(did));
            typedOnly(() -> appPasswords().revokeAppPassword(did, name));
            if (r.nextInt(10) == 0) {
                typedOnly(() -> appPasswords().createAppPassword(did, name, r.nextBoolean()));
            }
        });
        assertTrue(tp().store().findAccountByDid(acct.did()).isPresent());
    }

    private static String maybeNull(SplittableRandom r, java.util.function.Function<SplittableRandom, String> gen) {
        return r.nextInt(10) == 0 ? null : gen.apply(r);
    }

    /** A valid token with one character replaced, inserted or removed. */
    private static String mutate(SplittableRandom r, String token) {
        StringBuilder sb = new StringBuilder(token);
        int at = r.nextInt(sb.length());
        char c = "AZaz09-_.=+/ \u0000é".charAt(r.nextInt(15));
        switch (r.nextInt(3)) {
            case 0 -> sb.setCharAt(at, c);
            case 1 -> sb.insert(at, c);
            default -> sb.deleteCharAt(at);
        }
        return sb.toString();
    }

    private static void typedOnly(Supplier<?> call) {
        try {
            call.get();
        } catch (LexiconException e) {
            assertFalse(e.getMessage().isEmpty());
        } catch (RuntimeException e) {
            fail("an untyped exception escaped: " + e, e);
        }
    }

    private static void typedOnly(Runnable call) {
        typedOnly(() -> {
            call.run();
            return null;
        });
    }
}
