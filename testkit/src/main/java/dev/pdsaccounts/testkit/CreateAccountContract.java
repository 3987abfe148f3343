package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.Scope;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code com.atproto.server.createAccount} end to end over the adapter under test. */
public interface CreateAccountContract extends UseCaseFixture {

    private CreateAccountInput.Builder valid(String name) {
        return CreateAccountInput.builder()
                .handle(name + TestPds.DOMAIN)
                .email(name + "@mail.test")
                .password(TestPds.PASSWORD)
                .inviteCode(tp().inviteCode());
    }

    private LexiconException rejected(CreateAccountInput input) {
        return assertThrows(LexiconException.class, () -> tp().pds().accounts().createAccount(input));
    }

    private void assertError(LexiconError error, String message, CreateAccountInput input) {
        LexiconException e = rejected(input);
        assertEquals(error, e.error(), () -> "error name for " + input + ": " + e);
        assertEquals(message, e.getMessage());
    }

    /**
     * A valid sign-up returns the handle, a {@code did:plc} DID, access and refresh tokens for that DID and its DID
     * document, and stores the account with its email and signing key, one session and the invite code's use.
     */
    @Test
    default void createAccountReturnsTokensHandleDidAndDocument() {
        String name = TestPds.randomName();
        CreateAccountOutput out = tp().pds().accounts().createAccount(valid(name).build());
        assertEquals(name + TestPds.DOMAIN, out.handle());
        assertTrue(out.did().matches("did:plc:[a-z2-7]{24}"), out.did());
        AccessClaims claims = tp().sessionTokens().verifyAccessToken(out.accessJwt(), Scope.FULL);
        assertEquals(out.did(), claims.did());
        assertEquals(out.did(), tp().sessionTokens().verifyRefreshToken(out.refreshJwt(), false).did());
        Map<String, Object> doc = out.didDoc().orElseThrow();
        assertEquals(out.did(), doc.get("id"));
        assertEquals(List.of("at://" + out.handle()), doc.get("alsoKnownAs"));
        Account stored = tp().store().findAccountByDid(out.did()).orElseThrow();
        assertEquals(name + "@mail.test", stored.email().orElseThrow());
        assertTrue(stored.signingKey().isPresent());
        assertEquals(1, tp().store().refreshTokensOf(out.did()).size());
        assertTrue(StoreSteps.inviteCodeUseOf(tp().store(), out.did()).isPresent());
    }

    /** A handle and an email given in upper case are returned and stored in lower case. */
    @Test
    default void handleAndEmailAreStoredLowerCase() {
        String name = TestPds.randomName();
        CreateAccountOutput out = tp().pds().accounts().createAccount(valid(name)
                .handle(name.toUpperCase(Locale.ROOT) + ".TEST").email(name.toUpperCase(Locale.ROOT) + "@Mail.Test").build());
        assertEquals(name + ".test", out.handle());
        assertEquals(name + "@mail.test",
                tp().store().findAccountByDid(out.did()).orElseThrow().email().orElseThrow());
    }

    /**
     * Every rejected sign-up input (a {@code plcOp}, a password over 256 characters, no invite code, no or a bad email,
     * a bad, short, long, reserved or foreign-domain handle, an unknown code) gets the reference's lexicon error and
     * message, and creates no account.
     */
    @Test
    default void everyRuleAnswersItsLexiconError() {
        String n = TestPds.randomName();
        assertError(LexiconError.INVALID_REQUEST, "Unsupported input: \"plcOp\"", valid(n).plcOp(Map.of()).build());
        assertError(LexiconError.INVALID_PASSWORD, "Password too long. Maximum length is 256 characters.",
                valid(n).password("x".repeat(257)).build());
        assertError(LexiconError.INVALID_INVITE_CODE, "No invite code provided", valid(n).inviteCode(null).build());
        assertError(LexiconError.INVALID_REQUEST, "Email is required", valid(n).email(null).build());
        assertError(LexiconError.INVALID_REQUEST, "This email address is not supported, please use a different email.",
                valid(n).email("not-an-email").build());
        assertEquals(LexiconError.INVALID_HANDLE, rejected(valid(n).handle("-bad-.test").build()).error());
        assertError(LexiconError.INVALID_HANDLE, "Handle TLD is invalid or disallowed",
                valid(n).handle(n + ".local").build());
        assertError(LexiconError.UNSUPPORTED_DOMAIN, "Not a supported handle domain",
                valid(n).handle(n + ".example.com").build());
        assertError(LexiconError.INVALID_HANDLE, "Handle too short", valid(n).handle("ab.test").build());
        assertError(LexiconError.INVALID_HANDLE, "Handle too long", valid(n).handle("a".repeat(19) + ".test").build());
        assertError(LexiconError.INVALID_HANDLE, "Invalid characters in handle", valid(n).handle("a.bcd.test").build());
        assertError(LexiconError.HANDLE_NOT_AVAILABLE, "Reserved handle", valid(n).handle("admin.test").build());
        assertError(LexiconError.INVALID_INVITE_CODE, "Provided invite code not available",
                valid(n).inviteCode("pds-test-nope0-nope0").build());
        assertEquals(0, tp().store().countAccounts(), "no rejected input created anything");
    }

    /**
     * With several bad fields at once the error is the first in the reference's order: the password's length, then the
     * missing invite code, then the email, before the handle.
     */
    @Test
    default void validationFollowsTheReferenceOrder() {
        // Several bad fields at once: the first rule in the reference's order wins.
        CreateAccountInput allBad = CreateAccountInput.builder().handle("x").email("bad").password("p".repeat(300)).build();
        assertEquals(LexiconError.INVALID_PASSWORD, rejected(allBad).error());
        CreateAccountInput noInviteBadEmail = CreateAccountInput.builder().handle("x").email("bad").password("pw").build();
        assertEquals(LexiconError.INVALID_INVITE_CODE, rejected(noInviteBadEmail).error());
        CreateAccountInput badEmailBadHandle = CreateAccountInput.builder().handle("x").email("bad").password("pw")
                .inviteCode("nope").build();
        assertEquals("This email address is not supported, please use a different email.",
                rejected(badEmailBadHandle).getMessage());
    }

    /**
     * Look-alike emails that differ only in Unicode normalisation (NFC {@code é} against NFD {@code e} + U+0301)
     * are one address: it is stored in NFC form, the other form clashes at sign-up and at an email change
     * (whichever came first), and finds the account at login and password reset.
     */
    @Test
    default void emailsDifferingOnlyInUnicodeNormalisationAreOneAddress() {
        for (boolean nfcFirst : new boolean[] {true, false}) {
            String local = "jos" + TestPds.randomName();
            String nfc = local + "\u00e9@caf\u00e9.test";
            String nfd = local + "e\u0301@cafe\u0301.test";
            String first = nfcFirst ? nfc : nfd;
            String second = nfcFirst ? nfd : nfc;
            String name = TestPds.randomName();
            CreateAccountOutput out = tp().pds().accounts().createAccount(valid(name).email(first).build());
            assertEquals(nfc, tp().store().findAccountByDid(out.did()).orElseThrow().email().orElseThrow(),
                    "stored in NFC form");
            assertError(LexiconError.INVALID_REQUEST, "Email already taken: " + second,
                    valid(TestPds.randomName()).email(second).build());
            assertError(LexiconError.INVALID_REQUEST, "Email already taken: " + second.toUpperCase(Locale.ROOT),
                    valid(TestPds.randomName()).email(second.toUpperCase(Locale.ROOT)).build());

            CreateAccountOutput other = tp().createAccount(TestPds.randomName());
            LexiconException clash = assertThrows(LexiconException.class,
                    () -> tp().pds().email().updateEmail(other.did(), second, Optional.empty()));
            assertEquals("This email address is already in use, please use a different email.", clash.getMessage());

            assertEquals(out.did(), tp().pds().sessions()
                    .createSession(dev.pdsaccounts.session.CreateSessionInput.of(second, TestPds.PASSWORD)).did());
            int mails = tp().mailer().mails().size();
            tp().pds().email().requestPasswordReset(second);
            assertEquals(mails + 1, tp().mailer().mails().size(), "the reset found the account");
            assertEquals(nfc, tp().mailer().mails().get(mails).to());
        }
    }

    /**
     * A handle or an email already held (compared ignoring case) is refused with the reference's error and message,
     * also while its account is deactivated or taken down.
     */
    @Test
    default void takenHandleAndEmailAreRejectedWhateverTheAccountStatus() {
        CreateAccountOutput first = tp().createAccount(TestPds.randomName());
        String name = first.handle().substring(0, first.handle().length() - TestPds.DOMAIN.length());
        assertError(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: " + first.handle(),
                valid(TestPds.randomName()).handle(first.handle().toUpperCase(Locale.ROOT)).build());
        assertError(LexiconError.INVALID_REQUEST, "Email already taken: " + name.toUpperCase(Locale.ROOT) + "@MAIL.TEST",
                valid(TestPds.randomName()).email(name.toUpperCase(Locale.ROOT) + "@MAIL.TEST").build());

        StoreSteps.updateDeactivation(tp().store(), first.did(), Optional.of(Instant.now()), Optional.empty());
        assertEquals(LexiconError.HANDLE_NOT_AVAILABLE,
                rejected(valid(TestPds.randomName()).handle(first.handle()).build()).error());
        StoreSteps.updateTakedown(tp().store(), first.did(), Optional.of("mod-1"));
        assertEquals(LexiconError.HANDLE_NOT_AVAILABLE,
                rejected(valid(TestPds.randomName()).handle(first.handle()).build()).error());
    }

    /**
     * When invites are not required a sign-up without a code succeeds and records no use, but a code that is given is
     * still checked and its use recorded; a used-up code is refused.
     */
    @Test
    default void inviteRules() {
        TestPds open = withConfig(b -> b.inviteRequired(false));
        String n = TestPds.randomName();
        CreateAccountOutput noCode = open.pds().accounts().createAccount(CreateAccountInput.builder()
                .handle(n + TestPds.DOMAIN).email(n + "@mail.test").password("pw").build());
        assertTrue(StoreSteps.inviteCodeUseOf(open.store(), noCode.did()).isEmpty());
        // A code given although not required is still checked and recorded.
        String m = TestPds.randomName();
        LexiconException e = assertThrows(LexiconException.class, () -> open.pds().accounts().createAccount(
                CreateAccountInput.builder().handle(m + TestPds.DOMAIN).email(m + "@mail.test").password("pw")
                        .inviteCode("pds-test-aaaaa-aaaaa").build()));
        assertEquals(LexiconError.INVALID_INVITE_CODE, e.error());
        String code = open.inviteCode();
        CreateAccountOutput withCode = open.pds().accounts().createAccount(CreateAccountInput.builder()
                .handle(m + TestPds.DOMAIN).email(m + "@mail.test").password("pw").inviteCode(code).build());
        assertEquals(code, StoreSteps.inviteCodeUseOf(open.store(), withCode.did()).orElseThrow().code());
        // A used-up code is refused.
        assertError(LexiconError.INVALID_INVITE_CODE, "Provided invite code not available",
                valid(TestPds.randomName()).inviteCode(code).build());
    }

    /**
     * A recovery key that is not a K-256 or P-256 {@code did:key} is refused; a valid one is the first rotation key of
     * the genesis operation sent to the PLC directory.
     */
    @Test
    default void recoveryKeyIsCheckedAndComesFirstAmongRotationKeys() {
        String n = TestPds.randomName();
        assertError(LexiconError.INVALID_REQUEST, "recoveryKey must be a did:key (K-256 or P-256)",
                valid(n).recoveryKey("did:key:nonsense").build());
        String recovery = SigningKeyPair.generate(KeyAlgorithm.P256, new SecureRandom()).publicKey().didKey();
        CreateAccountOutput out = tp().pds().accounts().createAccount(valid(n).recoveryKey(recovery).build());
        Map<String, Object> op = tp().plc().lastOperation(out.did()).orElseThrow();
        assertEquals(recovery, ((List<?>) op.get("rotationKeys")).get(0));
    }

    /**
     * Sixteen sign-ups racing one single-use invite code: exactly one account is created and the code records exactly
     * one use, round after round.
     */
    @Test
    default void sixteenSignupsRacingOneSingleUseInviteCreateExactlyOneAccount() {
        try (Race race = new Race(16)) {
            for (int round = 0; round < raceRounds(); round++) {
                String code = tp().inviteCode();
                List<Boolean> created = race.run(i -> () -> {
                    String n = TestPds.randomName();
                    try {
                        tp().pds().accounts().createAccount(CreateAccountInput.builder().handle(n + TestPds.DOMAIN)
                                .email(n + "@mail.test").password("pw").inviteCode(code).build());
                        return true;
                    } catch (LexiconException e) {
                        assertEquals(LexiconError.INVALID_INVITE_CODE, e.error());
                        return false;
                    }
                });
                assertEquals(1, created.stream().filter(b -> b).count(), "round " + round);
                InviteCodeDetails details = tp().store().findInviteCode(code).orElseThrow();
                assertEquals(1, details.uses().size(), "round " + round);
            }
        }
    }

    /**
     * Ten sign-ups racing for one handle, half of them spelling it in upper case: exactly one account is created and
     * the others get {@code HandleNotAvailable}, round after round.
     */
    @Test
    default void tenSignupsRacingOneHandleInDifferentCaseCreateExactlyOneAccount() {
        TestPds open = withConfig(b -> b.inviteRequired(false));
        try (Race race = new Race(10)) {
            for (int round = 0; round < raceRounds(); round++) {
                String name = TestPds.randomName();
                List<Boolean> created = race.run(i -> () -> {
                    String handle = (i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT)) + TestPds.DOMAIN;
                    try {
                        open.pds().accounts().createAccount(CreateAccountInput.builder().handle(handle)
                                .email(TestPds.randomName() + "@mail.test").password("pw").build());
                        return true;
                    } catch (LexiconException e) {
                        assertEquals(LexiconError.HANDLE_NOT_AVAILABLE, e.error());
                        return false;
                    }
                });
                assertEquals(1, created.stream().filter(b -> b).count(), "round " + round);
            }
        }
    }

    /**
     * Hostile strings (empty, huge, NUL, control characters, lone surrogates) or null in every field of {@code
     * createAccount} end in success or a lexicon error, never another exception, and a rejected input creates no
     * account.
     */
    @Test
    default void noInputStringMakesCreateAccountThrowAnythingButATypedError() {
        TestPds open = withConfig(b -> b.inviteRequired(false));
        SeededProperty.forAll(300, r -> {
            String[] fields = new String[5];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = r.nextInt(3) == 0 ? null : SeededProperty.nastyString(r);
            }
            long before = open.store().countAccounts();
            try {
                open.pds().accounts().createAccount(CreateAccountInput.builder().handle(fields[0]).email(fields[1])
                        .password(fields[2]).inviteCode(fields[3]).recoveryKey(fields[4]).build());
            } catch (LexiconException e) {
                assertEquals(before, open.store().countAccounts(), "a rejected input changed the store");
            }
        });
    }

    /**
     * Random sign-ups drawing handles and emails in mixed case from a tiny alphabet never accept one handle or email
     * twice, and are refused only when the handle or the email is already taken.
     */
    @Test
    default void acceptedHandlesAndEmailsAreUniqueIgnoringCase() {
        TestPds open = withConfig(b -> b.inviteRequired(false));
        Set<String> handles = new HashSet<>();
        Set<String> emails = new HashSet<>();
        // A small alphabet makes collisions (in any case) frequent.
        SeededProperty.forAll(150, r -> {
            String name = "abc" + "xyz".charAt(r.nextInt(3)) + "xyz".charAt(r.nextInt(3));
            String mail = "m" + "pq".charAt(r.nextInt(2)) + "pq".charAt(r.nextInt(2)) + "@mail.test";
            String handle = r.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name;
            try {
                CreateAccountOutput out = open.pds().accounts().createAccount(CreateAccountInput.builder()
                        .handle(handle + TestPds.DOMAIN).email(r.nextBoolean() ? mail.toUpperCase(Locale.ROOT) : mail)
                        .password("pw").build());
                assertTrue(handles.add(out.handle()), "handle accepted twice: " + out.handle());
                assertTrue(emails.add(mail), "email accepted twice: " + mail);
            } catch (LexiconException e) {
                assertTrue(handles.contains(name + TestPds.DOMAIN) || emails.contains(mail),
                        "rejected although free: " + e);
            }
        });
        assertFalse(handles.isEmpty());
    }
}
