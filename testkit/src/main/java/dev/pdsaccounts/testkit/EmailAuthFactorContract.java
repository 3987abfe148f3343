package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.UseCaseAsserts.account;
import static dev.pdsaccounts.testkit.UseCaseAsserts.assertLexicon;
import static dev.pdsaccounts.testkit.UseCaseAsserts.emailOf;
import static dev.pdsaccounts.testkit.UseCaseAsserts.mailedToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.service.email.EmailTokenService;
import dev.pdsaccounts.session.AppPasswordCreated;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.token.EmailTokenFormat;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Email sign-in codes (issue 19, as the reference's entryway and cocoon serve them): {@code updateEmail} turns the
 * account's {@code emailAuthFactor} on (confirmed current email only) or off, the store keeps it, an email change
 * turns it off; a login with the main password then needs the mailed code ({@code AuthFactorTokenRequired}
 * without one), which is one use, valid for the email-token TTL and stored hashed; app passwords skip it; the
 * sessions report it.
 */
public interface EmailAuthFactorContract extends UseCaseFixture {
    /** The code-required refusal. */
    String CODE_SENT = "A sign in code has been sent to your email address";

    private CreateSessionInput loginOf(CreateAccountOutput acct, String password, Optional<String> code) {
        return CreateSessionInput.of(acct.handle(), password).withAuthFactorToken(code);
    }

    private SessionOutput login(CreateAccountOutput acct, Optional<String> code) {
        return tp().pds().sessions().createSession(loginOf(acct, TestPds.PASSWORD, code));
    }

    private void confirm(CreateAccountOutput acct) {
        tp().pds().email().requestEmailConfirmation(acct.did());
        tp().pds().email().confirmEmail(acct.did(), emailOf(acct.handle()),
                mailedToken(tp(), emailOf(acct.handle()), MailTemplate.CONFIRM_EMAIL));
    }

    /** Sets the factor as a client does: an update token for the confirmed email, then updateEmail with it. */
    private void setFactor(CreateAccountOutput acct, boolean on) {
        assertTrue(tp().pds().email().requestEmailUpdate(acct.did()));
        tp().pds().email().updateEmail(acct.did(), emailOf(acct.handle()).toUpperCase(Locale.ROOT),
                Optional.of(mailedToken(tp(), emailOf(acct.handle()), MailTemplate.UPDATE_EMAIL)), Optional.of(on));
    }

    private CreateAccountOutput withTheFactorOn() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        confirm(acct);
        setFactor(acct, true);
        return acct;
    }

    /** Asks for a code (the refused login) and returns the mailed one. */
    private String requestCode(CreateAccountOutput acct) {
        assertLexicon(LexiconError.AUTH_FACTOR_TOKEN_REQUIRED, CODE_SENT,
                () -> tp().pds().sessions().createSession(loginOf(acct, TestPds.PASSWORD, Optional.empty())));
        return mailedToken(tp(), emailOf(acct.handle()), MailTemplate.SIGN_IN_CODE);
    }

    /**
     * The factor is off for a new account; {@code emailAuthFactor: true} is refused for an unconfirmed or a new
     * email (nothing changes, the token stays usable), accepted with a token for the confirmed current email, which
     * stays confirmed; the store keeps it; {@code false} turns it off and {@code getSession} reports it.
     */
    @Test
    default void theFactorIsStoredAndTurnedOnOnlyForTheConfirmedCurrentEmail() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String email = emailOf(acct.handle());
        assertFalse(account(tp(), acct.did()).emailAuthFactor(), "off for a new account");
        assertLexicon(LexiconError.INVALID_REQUEST, EmailTokenService.FACTOR_NEEDS_CONFIRMED_EMAIL,
                () -> tp().pds().email().updateEmail(acct.did(), email, Optional.empty(), Optional.of(true)));
        assertFalse(account(tp(), acct.did()).emailAuthFactor());

        confirm(acct);
        assertLexicon(LexiconError.TOKEN_REQUIRED, "confirmation token required",
                () -> tp().pds().email().updateEmail(acct.did(), email, Optional.empty(), Optional.of(true)));
        assertTrue(tp().pds().email().requestEmailUpdate(acct.did()));
        String update = mailedToken(tp(), email, MailTemplate.UPDATE_EMAIL);
        assertLexicon(LexiconError.INVALID_REQUEST, EmailTokenService.FACTOR_NEEDS_CONFIRMED_EMAIL,
                () -> tp().pds().email().updateEmail(acct.did(), "x-" + email, Optional.of(update), Optional.of(true)));
        assertEquals(Optional.of(email), account(tp(), acct.did()).email(), "nothing changed");
        tp().pds().email().updateEmail(acct.did(), email, Optional.of(update), Optional.of(true));
        assertTrue(account(tp(), acct.did()).emailAuthFactor(), "stored");
        assertTrue(account(tp(), acct.did()).emailConfirmed(), "the current email stays confirmed");
        assertTrue(tp().pds().sessions().getSession(acct.accessJwt()).emailAuthFactor());

        setFactor(acct, false);
        assertFalse(account(tp(), acct.did()).emailAuthFactor());
        assertFalse(tp().pds().sessions().getSession(acct.accessJwt()).emailAuthFactor());
        assertFalse(login(acct, Optional.empty()).emailAuthFactor(), "no code needed any more");
    }

    /** Changing the email to another address, by the owner or an administrator, turns the factor off. */
    @Test
    default void anEmailChangeTurnsTheFactorOff() {
        CreateAccountOutput acct = withTheFactorOn();
        assertTrue(tp().pds().email().requestEmailUpdate(acct.did()));
        String fresh = "moved-" + TestPds.randomName() + "@mail.test";
        tp().pds().email().updateEmail(acct.did(), fresh,
                Optional.of(mailedToken(tp(), emailOf(acct.handle()), MailTemplate.UPDATE_EMAIL)));
        assertFalse(account(tp(), acct.did()).emailAuthFactor());
        assertFalse(account(tp(), acct.did()).emailConfirmed());
        assertFalse(login(acct, Optional.empty()).emailAuthFactor());
        // An administrator's email change too.
        CreateAccountOutput other = withTheFactorOn();
        tp().pds().admin().updateAccountEmail(other.did(), "admin-" + TestPds.randomName() + "@mail.test");
        assertFalse(account(tp(), other.did()).emailAuthFactor());
    }

    /**
     * With the factor on, a main-password login without a code mails one ({@code XXXXX-XXXXX}, stored hashed)
     * and opens no session; a wrong or malformed code is {@code InvalidToken}, a wrong password stays
     * {@code AuthenticationRequired}; the right code (any case, trimmed) opens one session and is used up; the
     * session outputs report the factor.
     */
    @Test
    default void aMainPasswordLoginNeedsTheMailedCodeOnce() {
        CreateAccountOutput acct = withTheFactorOn();
        int sessionsBefore = tp().store().refreshTokensOf(acct.did()).size();
        String code = requestCode(acct);
        assertTrue(EmailTokenFormat.normalize(code).isPresent(), "XXXXX-XXXXX: " + code.length());
        assertEquals(EmailTokenFormat.hash(code),
                tp().store().findEmailToken(EmailTokenPurpose.AUTH_FACTOR, acct.did()).orElseThrow().tokenHash(),
                "stored hashed");
        assertEquals(sessionsBefore, tp().store().refreshTokensOf(acct.did()).size(), "no session without it");

        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> login(acct, Optional.of(code.startsWith("A") ? "BBBBB-BBBBB" : "AAAAA-AAAAA")));
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> login(acct, Optional.of("nonsense")));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "Invalid identifier or password",
                () -> tp().pds().sessions().createSession(loginOf(acct, "wrong password", Optional.of(code))));

        SessionOutput session = login(acct, Optional.of(" " + code.toLowerCase(Locale.ROOT) + " "));
        assertTrue(session.emailAuthFactor());
        assertEquals(sessionsBefore + 1, tp().store().refreshTokensOf(acct.did()).size());
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.AUTH_FACTOR, acct.did()).isEmpty(), "used up");
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> login(acct, Optional.of(code)));
        assertTrue(tp().pds().sessions().getSession(session.accessJwt()).emailAuthFactor());
        assertTrue(tp().pds().sessions().refreshSession(session.refreshJwt()).emailAuthFactor());
    }

    /** A code is valid for the email-token TTL ({@code ExpiredToken} after); a new request voids the previous one. */
    @Test
    default void aCodeExpiresWithTheEmailTokenTtlAndANewRequestReplacesIt() {
        CreateAccountOutput acct = withTheFactorOn();
        String first = requestCode(acct);
        String second = requestCode(acct);
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> login(acct, Optional.of(first)));
        tp().clock().advance(tp().pds().config().emailTokenTtl());
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired", () -> login(acct, Optional.of(second)));
        String third = requestCode(acct);
        tp().clock().advance(tp().pds().config().emailTokenTtl().minusMillis(1));
        assertTrue(login(acct, Optional.of(third)).emailAuthFactor());
    }

    /** App-password logins skip the factor and a wrong password mails no code. */
    @Test
    default void appPasswordsAndWrongPasswordsNeverMeetTheFactor() {
        CreateAccountOutput acct = withTheFactorOn();
        AppPasswordCreated app = tp().pds().appPasswords().createAppPassword(acct.did(), "phone", false);
        int mails = tp().mailer().mails().size();
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "Invalid identifier or password",
                () -> tp().pds().sessions().createSession(loginOf(acct, "wrong password", Optional.empty())));
        SessionOutput s = tp().pds().sessions().createSession(loginOf(acct, app.password(), Optional.empty()));
        assertTrue(s.emailAuthFactor());
        assertEquals(mails, tp().mailer().mails().size(), "no code mailed");
    }

    /** Concurrent logins presenting one code: exactly one opens a session, the others get {@code InvalidToken}. */
    @Test
    default void twoLoginsRacingWithOneCodeOpenOneSession() {
        CreateAccountOutput acct = withTheFactorOn();
        try (Race race = new Race(4)) {
            for (int round = 0; round < Math.max(1, raceRounds() / 10); round++) {
                String code = requestCode(acct);
                int before = tp().store().refreshTokensOf(acct.did()).size();
                List<Boolean> won = race.run(i -> () -> {
                    try {
                        login(acct, Optional.of(code));
                        return true;
                    } catch (LexiconException e) {
                        assertEquals(LexiconError.INVALID_TOKEN, e.error(), e.getMessage());
                        return false;
                    }
                });
                assertEquals(1, won.stream().filter(b -> b).count(), "round " + round + ": " + won);
                assertEquals(before + 1, tp().store().refreshTokensOf(acct.did()).size(), "round " + round);
            }
        }
    }
}
