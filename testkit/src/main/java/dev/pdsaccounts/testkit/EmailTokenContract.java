package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.UseCaseAsserts.account;
import static dev.pdsaccounts.testkit.UseCaseAsserts.assertLexicon;
import static dev.pdsaccounts.testkit.UseCaseAsserts.emailOf;
import static dev.pdsaccounts.testkit.UseCaseAsserts.mailedToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.service.email.EmailTokenService;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The emailed-token use cases end to end over the adapter under test: password reset, email confirmation and
 * update, account deletion and PLC-operation tokens, with the token rules (format, case, hashing at rest, one
 * live token per purpose, 15-minute window, InvalidToken before ExpiredToken, nothing consumed on failure, one
 * winner among concurrent uses).
 */
public interface EmailTokenContract extends UseCaseFixture {

    private EmailTokenService email() {
        return tp().pds().email();
    }

    private CreateAccountOutput newAccount() {
        return tp().createAccount(TestPds.randomName());
    }

    private String resetToken(CreateAccountOutput acct) {
        email().requestPasswordReset(emailOf(acct.handle()));
        return mailedToken(tp(), emailOf(acct.handle()), MailTemplate.RESET_PASSWORD);
    }

    private void confirm(CreateAccountOutput acct) {
        email().requestEmailConfirmation(acct.did());
        email().confirmEmail(acct.did(), emailOf(acct.handle()),
                mailedToken(tp(), emailOf(acct.handle()), MailTemplate.CONFIRM_EMAIL));
    }

    private boolean passwordIs(String did, String password) {
        return tp().hasher().verify(password, account(tp(), did).passwordHash().orElseThrow());
    }

    // ------------------------------------------------------------------------------------ format and storage

    /**
     * A mailed token has the reference's {@code XXXXX-XXXXX} base32 format; the store keeps only its SHA-256 hex with
     * the request time, and the mail's {@code toString} does not show it.
     */
    @Test
    default void tokensHaveTheReferenceFormatAndAreStoredOnlyAsTheirHash() {
        CreateAccountOutput acct = newAccount();
        String token = resetToken(acct);
        assertTrue(token.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"), token);
        EmailToken row = tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).orElseThrow();
        assertEquals(StoreFixtures.sha256Hex(token), row.tokenHash(), "SHA-256 hex of the normalised token");
        assertEquals(tp().clock().instant(), row.requestedAt());
        Mail mail = tp().mailer().latest(emailOf(acct.handle()), MailTemplate.RESET_PASSWORD).orElseThrow();
        assertEquals(Optional.of(acct.handle()), mail.handle(), "the reset mail greets with the handle");
        assertFalse(mail.toString().contains(token), "a mail's toString shows no token");
    }

    /**
     * For every purpose (reset, confirm, update, delete, PLC operation) the plaintext token, in any case or without its
     * dash, appears in no stored token row or account field.
     */
    @Test
    default void noPlaintextTokenOfAnyKindIsInTheStore() {
        CreateAccountOutput acct = newAccount();
        String address = emailOf(acct.handle());
        email().requestPasswordReset(address);
        email().requestEmailConfirmation(acct.did());
        email().requestAccountDelete(acct.did());
        email().requestPlcOperationSignature(acct.did());
        Map<EmailTokenPurpose, MailTemplate> kinds = new java.util.EnumMap<>(Map.of(
                EmailTokenPurpose.RESET_PASSWORD, MailTemplate.RESET_PASSWORD,
                EmailTokenPurpose.CONFIRM_EMAIL, MailTemplate.CONFIRM_EMAIL,
                EmailTokenPurpose.DELETE_ACCOUNT, MailTemplate.DELETE_ACCOUNT,
                EmailTokenPurpose.PLC_OPERATION, MailTemplate.PLC_OPERATION));
        // update_email needs a confirmed address: confirm, then request it.
        email().confirmEmail(acct.did(), address, mailedToken(tp(), address, MailTemplate.CONFIRM_EMAIL));
        email().requestEmailConfirmation(acct.did());
        assertTrue(email().requestEmailUpdate(acct.did()));
        kinds.put(EmailTokenPurpose.UPDATE_EMAIL, MailTemplate.UPDATE_EMAIL);

        StringBuilder everything = new StringBuilder(account(tp(), acct.did()).toString());
        for (Map.Entry<EmailTokenPurpose, MailTemplate> kind : kinds.entrySet()) {
            String token = mailedToken(tp(), address, kind.getValue());
            EmailToken row = tp().store().findEmailToken(kind.getKey(), acct.did()).orElseThrow();
            assertNotEquals(token, row.tokenHash());
            assertNotEquals(token.toLowerCase(Locale.ROOT), row.tokenHash());
            assertFalse(row.tokenHash().contains(token) || row.tokenHash().contains(token.toLowerCase(Locale.ROOT)));
            assertFalse(row.toString().contains(token));
            everything.append(row.tokenHash()).append(row).append('\n');
        }
        Account stored = account(tp(), acct.did());
        everything.append(stored.email().orElse("")).append(stored.passwordHash().orElse(""))
                .append(stored.takedownRef().orElse("")).append(stored.handle());
        for (MailTemplate template : kinds.values()) {
            String token = mailedToken(tp(), address, template);
            assertFalse(everything.toString().contains(token), "plaintext of " + template + " stored");
            assertFalse(everything.toString().contains(token.toLowerCase(Locale.ROOT)), "plaintext stored");
            assertFalse(everything.toString().contains(token.replace("-", "")), "plaintext stored");
        }
    }

    /**
     * A second request of one purpose replaces its token (the first becomes invalid) and leaves the account's token of
     * another purpose in place.
     */
    @Test
    default void requestingAgainReplacesTheTokenOfThatPurposeOnly() {
        CreateAccountOutput acct = newAccount();
        String first = resetToken(acct);
        email().requestEmailConfirmation(acct.did());
        tp().clock().advance(Duration.ofSeconds(1));
        String second = resetToken(acct);
        assertNotEquals(first, second);
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> email().resetPassword(first, "pw-1"));
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, acct.did()).isPresent());
        email().resetPassword(second, "pw-2");
        assertTrue(passwordIs(acct.did(), "pw-2"));
    }

    // ------------------------------------------------------------------------------------ password reset

    /**
     * A password reset sets the new password, revokes every refresh token of the account and consumes the token, which
     * is then invalid.
     */
    @Test
    default void resetPasswordSetsThePasswordRevokesSessionsAndConsumesTheToken() {
        CreateAccountOutput acct = newAccount();
        assertFalse(tp().store().refreshTokensOf(acct.did()).isEmpty());
        String token = resetToken(acct);
        email().resetPassword(token, "brand-new-password");
        assertTrue(passwordIs(acct.did(), "brand-new-password"));
        assertFalse(passwordIs(acct.did(), TestPds.PASSWORD));
        assertTrue(tp().store().refreshTokensOf(acct.did()).isEmpty(), "old refresh tokens revoked");
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).isEmpty());
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().resetPassword(token, "another-password"));
        assertTrue(passwordIs(acct.did(), "brand-new-password"));
    }

    /** A token given in lower case and surrounded by whitespace is accepted. */
    @Test
    default void tokensAreCaseInsensitiveAndTrimmed() {
        CreateAccountOutput acct = newAccount();
        email().resetPassword("  " + resetToken(acct).toLowerCase(Locale.ROOT) + "\n", "lower-case-ok");
        assertTrue(passwordIs(acct.did(), "lower-case-ok"));
    }

    /**
     * A token used sixteen minutes after its request is {@code ExpiredToken}; the password, the sessions and the token
     * itself stay as they were.
     */
    @Test
    default void aSixteenMinuteOldTokenIsExpiredAndChangesNothing() {
        CreateAccountOutput acct = newAccount();
        String token = resetToken(acct);
        tp().clock().advance(Duration.ofMinutes(16));
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired", () -> email().resetPassword(token, "nope"));
        assertTrue(passwordIs(acct.did(), TestPds.PASSWORD));
        assertEquals(1, tp().store().refreshTokensOf(acct.did()).size());
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).isPresent(),
                "a failed use consumes nothing");
    }

    /** A token is expired at exactly fifteen minutes after its request and still valid a millisecond before. */
    @Test
    default void theWindowIsFifteenMinutesExclusive() {
        CreateAccountOutput acct = newAccount();
        String token = resetToken(acct);
        tp().clock().advance(Duration.ofMinutes(15));
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired", () -> email().resetPassword(token, "x"));
        tp().clock().advance(Duration.ofMillis(-1));
        email().resetPassword(token, "just-in-time");
        assertTrue(passwordIs(acct.did(), "just-in-time"));
    }

    /** With a configured token lifetime of one minute, a token is expired after 61 seconds. */
    @Test
    default void theWindowFollowsTheConfiguredTtl() {
        TestPds shortTtl = withConfig(b -> b.emailTokenTtl(Duration.ofMinutes(1)));
        CreateAccountOutput acct = shortTtl.createAccount(TestPds.randomName());
        shortTtl.pds().email().requestPasswordReset(emailOf(acct.handle()));
        String token = mailedToken(shortTtl, emailOf(acct.handle()), MailTemplate.RESET_PASSWORD);
        shortTtl.clock().advance(Duration.ofSeconds(61));
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired",
                () -> shortTtl.pds().email().resetPassword(token, "x"));
    }

    /**
     * A wrong token is {@code InvalidToken}, not {@code ExpiredToken}, even when the account's real token has expired.
     */
    @Test
    default void invalidIsReportedBeforeExpired() {
        CreateAccountOutput acct = newAccount();
        String token = resetToken(acct);
        tp().clock().advance(Duration.ofMinutes(16));
        String wrong = token.startsWith("A") ? "B" + token.substring(1) : "A" + token.substring(1);
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> email().resetPassword(wrong, "x"));
    }

    /**
     * Malformed tokens (null, blank, wrong length, separator or alphabet, NUL, a million characters) are {@code
     * InvalidToken} for reset and deletion without any token lookup in the store.
     */
    @Test
    default void malformedTokensAreInvalidWithoutReachingTheStore() {
        CreateAccountOutput acct = newAccount();
        resetToken(acct);
        UseCaseAsserts.CountingStore counting = new UseCaseAsserts.CountingStore(tp().store());
        PdsAccounts pds = UseCaseAsserts.sameServiceOver(tp(), counting.store).build();
        String huge = "A".repeat(1_000_000);
        for (String bad : new String[] {null, "", " ", "ABCDE", "ABCDEFGHIJ", "ABCDE FGHIJ", "ABCDE-FGHI1",
                "ABCDE-FGHI8", "ABCDE-FGHIJK", "ÀBCDE-FGHIJ", "ABCDE_FGHIJ", "ABCDE-\u0000FGHI", huge}) {
            assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> pds.email().resetPassword(bad, "pw"));
            assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                    () -> pds.email().deleteAccount(acct.did(), TestPds.PASSWORD, bad));
        }
        assertEquals(0, counting.count("useEmailToken"), "a malformed token never reaches the store");
        assertTrue(tp().store().findAccountByDid(acct.did()).isPresent());
    }

    /**
     * A reset checks the new password before the token: over 256 characters is {@code InvalidRequest} even with a
     * bad token, so is an empty one, and such a failure keeps the token; 256 characters are accepted.
     */
    @Test
    default void resetChecksTheNewPasswordFirstAndKeepsTheToken() {
        CreateAccountOutput acct = newAccount();
        String token = resetToken(acct);
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid password length.",
                () -> email().resetPassword(token, "p".repeat(257)));
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid password length.",
                () -> email().resetPassword("not a token", "p".repeat(257)));
        assertLexicon(LexiconError.INVALID_REQUEST, null, () -> email().resetPassword(token, ""));
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).isPresent());
        email().resetPassword(token, "p".repeat(256));
        assertTrue(passwordIs(acct.did(), "p".repeat(256)));
    }

    /** A reset to a password shorter than the configured minimum length is refused. */
    @Test
    default void resetHonoursTheConfiguredMinimumLength() {
        TestPds strict = withConfig(b -> b.minPasswordLength(8));
        CreateAccountOutput acct = strict.createAccount(TestPds.randomName());
        strict.pds().email().requestPasswordReset(emailOf(acct.handle()));
        String token = mailedToken(strict, emailOf(acct.handle()), MailTemplate.RESET_PASSWORD);
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid password length.",
                () -> strict.pds().email().resetPassword(token, "short"));
    }

    /**
     * By default a reset requested for an unknown (or absurdly long) email succeeds silently and mails nothing; a
     * missing email is {@code InvalidRequest}.
     */
    @Test
    default void unknownEmailIsASilentSuccessByDefault() {
        int before = tp().mailer().mails().size();
        email().requestPasswordReset("nobody-" + TestPds.randomName() + "@mail.test");
        email().requestPasswordReset("x".repeat(100_000));
        assertEquals(before, tp().mailer().mails().size(), "no mail for an unknown email");
        assertLexicon(LexiconError.INVALID_REQUEST, "Email is required", () -> email().requestPasswordReset(null));
    }

    /**
     * When configured to reveal unknown emails, a reset for an unknown email is refused with the reference's message,
     * and one for a known email in another case is mailed.
     */
    @Test
    default void unknownEmailIsRevealedWhenConfigured() {
        TestPds reveal = withConfig(b -> b.revealUnknownEmailOnPasswordReset(true));
        assertLexicon(LexiconError.INVALID_REQUEST, "account does not have an email address",
                () -> reveal.pds().email().requestPasswordReset("nobody-" + TestPds.randomName() + "@mail.test"));
        CreateAccountOutput acct = reveal.createAccount(TestPds.randomName());
        reveal.pds().email().requestPasswordReset(emailOf(acct.handle()).toUpperCase(Locale.ROOT));
        assertTrue(reveal.mailer().latest(emailOf(acct.handle()), MailTemplate.RESET_PASSWORD).isPresent());
    }

    /** Deactivated and taken-down accounts can still reset their password. */
    @Test
    default void resetWorksForDeactivatedAndTakenDownAccounts() {
        CreateAccountOutput deactivated = newAccount();
        StoreSteps.updateDeactivation(tp().store(), deactivated.did(), Optional.of(tp().clock().instant()), Optional.empty());
        email().resetPassword(resetToken(deactivated), "deactivated-pw");
        assertTrue(passwordIs(deactivated.did(), "deactivated-pw"));
        CreateAccountOutput takenDown = newAccount();
        StoreSteps.updateTakedown(tp().store(), takenDown.did(), Optional.of("mod-1"));
        email().resetPassword(resetToken(takenDown), "taken-down-pw");
        assertTrue(passwordIs(takenDown.did(), "taken-down-pw"));
    }

    /**
     * Sixteen resets racing with one token: exactly one succeeds, the others get {@code InvalidToken}, and the winner's
     * password is the one stored, round after round.
     */
    @Test
    default void sixteenConcurrentResetsWithOneTokenSucceedExactlyOnce() {
        try (Race race = new Race(16)) {
            int rounds = Math.max(1, raceRounds() / 5);
            for (int round = 0; round < rounds; round++) {
                CreateAccountOutput acct = newAccount();
                String token = resetToken(acct);
                List<String> winners = race.run(i -> () -> {
                    try {
                        email().resetPassword(token, "racer-" + i);
                        return "racer-" + i;
                    } catch (LexiconException e) {
                        assertEquals(LexiconError.INVALID_TOKEN, e.error());
                        return null;
                    }
                });
                List<String> won = winners.stream().filter(w -> w != null).toList();
                assertEquals(1, won.size(), "round " + round + ": " + winners);
                assertTrue(passwordIs(acct.did(), won.get(0)), "the winner's password is the one stored");
            }
        }
    }

    // ------------------------------------------------------------------------------------ email confirmation

    /**
     * Confirming (email and token in any case) sets the email-confirmed time to now and consumes the token; a confirmed
     * account can still request a new confirmation token.
     */
    @Test
    default void confirmEmailMarksTheEmailConfirmedAndConsumesTheToken() {
        CreateAccountOutput acct = newAccount();
        String address = emailOf(acct.handle());
        email().requestEmailConfirmation(acct.did());
        String token = mailedToken(tp(), address, MailTemplate.CONFIRM_EMAIL);
        tp().clock().advance(Duration.ofMinutes(1));
        email().confirmEmail(acct.did(), address.toUpperCase(Locale.ROOT), token.toLowerCase(Locale.ROOT));
        assertEquals(Optional.of(tp().clock().instant()), account(tp(), acct.did()).emailConfirmedAt());
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, acct.did()).isEmpty());
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().confirmEmail(acct.did(), address, token));
        // Requesting again while confirmed still mails a token.
        email().requestEmailConfirmation(acct.did());
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, acct.did()).isPresent());
    }

    /**
     * A confirmation is refused with the reference's errors, in its order: unknown account, another email, a wrong
     * token or one of another purpose or account, then an expired token; none confirms the email.
     */
    @Test
    default void confirmEmailErrorsInTheReferenceOrder() {
        CreateAccountOutput acct = newAccount();
        String address = emailOf(acct.handle());
        email().requestEmailConfirmation(acct.did());
        String token = mailedToken(tp(), address, MailTemplate.CONFIRM_EMAIL);
        assertLexicon(LexiconError.ACCOUNT_NOT_FOUND, "user not found",
                () -> email().confirmEmail(StoreFixtures.randomDid(), address, token));
        assertLexicon(LexiconError.INVALID_EMAIL, "invalid email",
                () -> email().confirmEmail(acct.did(), "other@mail.test", token));
        assertLexicon(LexiconError.INVALID_EMAIL, "invalid email", () -> email().confirmEmail(acct.did(), null, token));
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().confirmEmail(acct.did(), address, "AAAAA-AAAAA"));
        // A token of another purpose or another account does not confirm.
        String reset = resetToken(acct);
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid", () -> email().confirmEmail(acct.did(), address, reset));
        CreateAccountOutput other = newAccount();
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().confirmEmail(other.did(), emailOf(other.handle()), token));
        tp().clock().advance(Duration.ofMinutes(16));
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired", () -> email().confirmEmail(acct.did(), address, token));
        assertTrue(account(tp(), acct.did()).emailConfirmedAt().isEmpty());
    }

    /**
     * An account without an email can request no confirmation, update, deletion or PLC token ({@code InvalidRequest}),
     * an unknown DID gets "account not found", and no mail is sent.
     */
    @Test
    default void accountsWithoutEmailGetNoTokens() {
        String did = StoreFixtures.randomDid();
        StoreSteps.createAccount(tp().store(), StoreFixtures.anAccountWithoutCredentials(did,
                TestPds.randomName() + TestPds.DOMAIN));
        String message = "account does not have an email address";
        assertLexicon(LexiconError.INVALID_REQUEST, message, () -> email().requestEmailConfirmation(did));
        assertLexicon(LexiconError.INVALID_REQUEST, message, () -> email().requestEmailUpdate(did));
        assertLexicon(LexiconError.INVALID_REQUEST, message, () -> email().requestAccountDelete(did));
        assertLexicon(LexiconError.INVALID_REQUEST, message, () -> email().requestPlcOperationSignature(did));
        assertLexicon(LexiconError.INVALID_REQUEST, "account not found",
                () -> email().requestEmailConfirmation(StoreFixtures.randomDid()));
        assertTrue(tp().mailer().mails().isEmpty());
    }

    // ------------------------------------------------------------------------------------ email update

    /**
     * An account whose email is unconfirmed needs no token to change it ({@code requestEmailUpdate} returns false and
     * mails nothing); the update stores the new email in lower case and deletes every email token of the account.
     */
    @Test
    default void unconfirmedEmailUpdatesWithoutAToken() {
        CreateAccountOutput acct = newAccount();
        email().requestPasswordReset(emailOf(acct.handle()));
        assertFalse(email().requestEmailUpdate(acct.did()));
        assertTrue(tp().mailer().latest(emailOf(acct.handle()), MailTemplate.UPDATE_EMAIL).isEmpty());
        String fresh = "new-" + TestPds.randomName() + "@Mail.Test";
        email().updateEmail(acct.did(), fresh, Optional.empty());
        Account stored = account(tp(), acct.did());
        assertEquals(Optional.of(fresh.toLowerCase(Locale.ROOT)), stored.email());
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertTrue(tp().store().findEmailToken(purpose, acct.did()).isEmpty(), "tokens deleted: " + purpose);
        }
        // An empty-string token counts as none.
        email().updateEmail(acct.did(), "again-" + fresh, Optional.of(""));
    }

    /**
     * A confirmed email changes only with the update token mailed to the current address ({@code TokenRequired}
     * without, {@code InvalidToken} with a wrong one, the email policy checked first); the new email is unconfirmed and
     * every email token is deleted.
     */
    @Test
    default void confirmedEmailNeedsATokenMailedToTheCurrentAddress() {
        CreateAccountOutput acct = newAccount();
        String current = emailOf(acct.handle());
        confirm(acct);
        assertTrue(email().requestEmailUpdate(acct.did()));
        String token = mailedToken(tp(), current, MailTemplate.UPDATE_EMAIL);
        String fresh = "moved-" + TestPds.randomName() + "@mail.test";
        assertLexicon(LexiconError.TOKEN_REQUIRED, "confirmation token required",
                () -> email().updateEmail(acct.did(), fresh, Optional.empty()));
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().updateEmail(acct.did(), fresh, Optional.of("ZZZZZ-ZZZZZ")));
        // The email policy comes first.
        assertLexicon(LexiconError.INVALID_REQUEST,
                "This email address is not supported, please use a different email.",
                () -> email().updateEmail(acct.did(), "not-an-email", Optional.empty()));
        email().updateEmail(acct.did(), fresh, Optional.of(token.toLowerCase(Locale.ROOT)));
        Account stored = account(tp(), acct.did());
        assertEquals(Optional.of(fresh), stored.email());
        assertTrue(stored.emailConfirmedAt().isEmpty(), "the new email is unconfirmed");
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertTrue(tp().store().findEmailToken(purpose, acct.did()).isEmpty());
        }
    }

    /**
     * An invalid update token is refused even when the account's unconfirmed email needs none, and the email stays
     * unchanged.
     */
    @Test
    default void anUpdateTokenGivenAlthoughNotRequiredMustBeValid() {
        CreateAccountOutput acct = newAccount();
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().updateEmail(acct.did(), "x-" + TestPds.randomName() + "@mail.test",
                        Optional.of("ABCDE-ABCDE")));
        assertEquals(Optional.of(emailOf(acct.handle())), account(tp(), acct.did()).email());
    }

    /** An expired update token is {@code ExpiredToken}; the email and its confirmation stay unchanged. */
    @Test
    default void anExpiredUpdateTokenChangesNothing() {
        CreateAccountOutput acct = newAccount();
        confirm(acct);
        email().requestEmailUpdate(acct.did());
        String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.UPDATE_EMAIL);
        tp().clock().advance(Duration.ofMinutes(16));
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired",
                () -> email().updateEmail(acct.did(), "late@mail.test", Optional.of(token)));
        assertEquals(Optional.of(emailOf(acct.handle())), account(tp(), acct.did()).email());
        assertTrue(account(tp(), acct.did()).emailConfirmed());
    }

    /**
     * Changing to an email another account holds (in any case) is refused with the reference's message, with or without
     * a token, and keeps the update token for a later change to a free email.
     */
    @Test
    default void updatingToATakenEmailIsRefusedAndKeepsTheToken() {
        CreateAccountOutput acct = newAccount();
        CreateAccountOutput other = newAccount();
        String inUse = "This email address is already in use, please use a different email.";
        assertLexicon(LexiconError.INVALID_REQUEST, inUse,
                () -> email().updateEmail(acct.did(), emailOf(other.handle()).toUpperCase(Locale.ROOT), Optional.empty()));
        confirm(acct);
        email().requestEmailUpdate(acct.did());
        String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.UPDATE_EMAIL);
        assertLexicon(LexiconError.INVALID_REQUEST, inUse,
                () -> email().updateEmail(acct.did(), emailOf(other.handle()), Optional.of(token)));
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.UPDATE_EMAIL, acct.did()).isPresent());
        email().updateEmail(acct.did(), "free-" + TestPds.randomName() + "@mail.test", Optional.of(token));
    }

    /** Changing the email to the account's own email in another case succeeds and keeps it stored in lower case. */
    @Test
    default void updatingToOnesOwnEmailIsFine() {
        CreateAccountOutput acct = newAccount();
        email().updateEmail(acct.did(), emailOf(acct.handle()).toUpperCase(Locale.ROOT), Optional.empty());
        assertEquals(Optional.of(emailOf(acct.handle())), account(tp(), acct.did()).email());
    }

    /**
     * A taken-down account can request no deletion, confirmation, update or PLC token and cannot change its email:
     * {@code AccountTakedown}, HTTP 401.
     */
    @Test
    default void takenDownAccountsCannotRequestTokens() {
        CreateAccountOutput acct = newAccount();
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod-2"));
        String message = "Account has been taken down";
        assertLexicon(LexiconError.ACCOUNT_TAKEDOWN, message, () -> email().requestAccountDelete(acct.did()));
        assertLexicon(LexiconError.ACCOUNT_TAKEDOWN, message, () -> email().requestEmailConfirmation(acct.did()));
        assertLexicon(LexiconError.ACCOUNT_TAKEDOWN, message, () -> email().requestEmailUpdate(acct.did()));
        assertLexicon(LexiconError.ACCOUNT_TAKEDOWN, message, () -> email().requestPlcOperationSignature(acct.did()));
        assertLexicon(LexiconError.ACCOUNT_TAKEDOWN, message,
                () -> email().updateEmail(acct.did(), "td@mail.test", Optional.empty()));
        assertEquals(401, assertThrows(LexiconException.class, () -> email().requestAccountDelete(acct.did())).status());
    }

    // ------------------------------------------------------------------------------------ account deletion

    /**
     * Deleting an account with its password and token removes the account, its sessions, app passwords, email tokens
     * and invite codes, anonymises its sign-up use, and frees its handle and email for a new sign-up.
     */
    @Test
    default void deleteAccountRemovesEverythingAndFreesHandleAndEmail() {
        CreateAccountOutput acct = newAccount();
        String address = emailOf(acct.handle());
        Instant now = tp().clock().instant();
        tp().store().insertAppPassword(StoreFixtures.anAppPassword(acct.did(), "app-1", now));
        tp().store().insertInviteCodes(List.of(StoreFixtures.anInviteCode(StoreFixtures.randomInviteCode(), 1,
                acct.did(), now)));
        String signupCode = StoreSteps.inviteCodeUseOf(tp().store(), acct.did()).orElseThrow().code();
        email().requestPasswordReset(address);
        email().requestEmailConfirmation(acct.did());
        email().requestPlcOperationSignature(acct.did());
        email().requestAccountDelete(acct.did());
        String token = mailedToken(tp(), address, MailTemplate.DELETE_ACCOUNT);

        email().deleteAccount(acct.did(), TestPds.PASSWORD, token.toLowerCase(Locale.ROOT));

        assertTrue(tp().store().findAccountByDid(acct.did()).isEmpty());
        assertTrue(tp().store().findAccountByHandle(acct.handle()).isEmpty());
        assertTrue(tp().store().findAccountByEmail(address).isEmpty());
        assertTrue(tp().store().refreshTokensOf(acct.did()).isEmpty());
        assertTrue(tp().store().appPasswordsOf(acct.did()).isEmpty());
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertTrue(tp().store().findEmailToken(purpose, acct.did()).isEmpty(), purpose.value());
        }
        assertTrue(tp().store().inviteCodesForAccount(acct.did()).isEmpty());
        assertTrue(StoreSteps.inviteCodeUseOf(tp().store(), acct.did()).isEmpty());
        assertTrue(tp().store().findInviteCode(signupCode).orElseThrow().uses().stream()
                .noneMatch(u -> u.usedBy().equals(acct.did())), "the sign-up use is anonymised");
        assertLexicon(LexiconError.INVALID_REQUEST, "account not found",
                () -> email().deleteAccount(acct.did(), TestPds.PASSWORD, token));

        String name = acct.handle().substring(0, acct.handle().length() - TestPds.DOMAIN.length());
        CreateAccountOutput again = tp().createAccount(name);
        assertEquals(acct.handle(), again.handle());
        assertEquals(Optional.of(address), account(tp(), again.did()).email());
    }

    /**
     * A deletion checks the password (too long, missing, wrong, or an app password) and the account before the token
     * (another purpose's token, expired); every failure deletes nothing and keeps the token.
     */
    @Test
    default void deleteAccountChecksPasswordThenToken() {
        CreateAccountOutput acct = newAccount();
        email().requestAccountDelete(acct.did());
        String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.DELETE_ACCOUNT);
        LexiconException tooLong = assertLexicon(LexiconError.AUTHENTICATION_REQUIRED,
                "Password too long. Consider resetting your password.",
                () -> email().deleteAccount(acct.did(), "p".repeat(513), token));
        assertEquals(401, tooLong.status());
        assertLexicon(LexiconError.INVALID_REQUEST, "account not found",
                () -> email().deleteAccount(StoreFixtures.randomDid(), TestPds.PASSWORD, token));
        assertLexicon(LexiconError.INVALID_REQUEST, "account not found",
                () -> email().deleteAccount("not a did", TestPds.PASSWORD, token));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "Invalid did or password",
                () -> email().deleteAccount(acct.did(), "wrong-password", "garbage"));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "Invalid did or password",
                () -> email().deleteAccount(acct.did(), null, token));
        // App passwords are not accepted.
        String appPassword = "abcd-efgh-ijkl-mnop";
        tp().store().insertAppPassword(new AppPassword(acct.did(), "app", tp().hasher().hash(appPassword),
                tp().clock().instant(), true));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "Invalid did or password",
                () -> email().deleteAccount(acct.did(), appPassword, token));
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().deleteAccount(acct.did(), TestPds.PASSWORD, resetToken(acct)));
        tp().clock().advance(Duration.ofMinutes(16));
        assertLexicon(LexiconError.EXPIRED_TOKEN, "Token is expired",
                () -> email().deleteAccount(acct.did(), TestPds.PASSWORD, token));
        assertTrue(tp().store().findAccountByDid(acct.did()).isPresent(), "nothing deleted");
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, acct.did()).isPresent());
    }

    /** One account's deletion token does not delete another account, even with that account's correct password. */
    @Test
    default void aDeleteTokenOfOneAccountDoesNotDeleteAnother() {
        CreateAccountOutput acct = newAccount();
        CreateAccountOutput other = newAccount();
        email().requestAccountDelete(acct.did());
        String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.DELETE_ACCOUNT);
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().deleteAccount(other.did(), TestPds.PASSWORD, token));
        assertTrue(tp().store().findAccountByDid(other.did()).isPresent());
    }

    /** An account that is taken down and deactivated can still delete itself with a token requested before. */
    @Test
    default void deleteAccountWorksForTakenDownAndDeactivatedAccounts() {
        CreateAccountOutput acct = newAccount();
        email().requestAccountDelete(acct.did());
        String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.DELETE_ACCOUNT);
        StoreSteps.updateTakedown(tp().store(), acct.did(), Optional.of("mod-3"));
        StoreSteps.updateDeactivation(tp().store(), acct.did(), Optional.of(tp().clock().instant()), Optional.empty());
        email().deleteAccount(acct.did(), TestPds.PASSWORD, token);
        assertTrue(tp().store().findAccountByDid(acct.did()).isEmpty());
    }

    // ------------------------------------------------------------------------------------ PLC tokens, mail

    /**
     * A PLC-operation token is mailed with the reference's subject, checks only for its own purpose, and is invalid
     * once consumed.
     */
    @Test
    default void plcOperationTokensAreIssuedForAnotherUseCase() {
        CreateAccountOutput acct = newAccount();
        email().requestPlcOperationSignature(acct.did());
        Mail mail = tp().mailer().latest(emailOf(acct.handle()), MailTemplate.PLC_OPERATION).orElseThrow();
        assertEquals("PLC Update Operation Requested", mail.subject());
        email().checkToken(EmailTokenPurpose.PLC_OPERATION, acct.did(), mail.token());
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().checkToken(EmailTokenPurpose.RESET_PASSWORD, acct.did(), mail.token()));
        email().consumeToken(EmailTokenPurpose.PLC_OPERATION, acct.did(), mail.token());
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> email().checkToken(EmailTokenPurpose.PLC_OPERATION, acct.did(), mail.token()));
    }

    /**
     * A mailer failure while requesting a deletion token reaches the caller as an {@code InfrastructureException}, and
     * the token stays stored.
     */
    @Test
    default void aMailerFailurePropagatesAndTheTokenStaysStored() {
        CreateAccountOutput acct = newAccount();
        PdsAccounts failing = UseCaseAsserts.sameServiceOver(tp(), tp().store())
                .mailer(mail -> {
                    throw new InfrastructureException("smtp down");
                }).build();
        assertThrows(InfrastructureException.class, () -> failing.email().requestAccountDelete(acct.did()));
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, acct.did()).isPresent());
    }

    /**
     * A password reset's mail is sent by the background task, so a mailer failure never reaches the caller (that
     * would tell a registered email from an unknown one): the token stays stored and the failure is logged with
     * the DID and the exception's class only, never the token or the mailer's message.
     */
    @Test
    default void aPasswordResetMailerFailureIsLoggedNotThrown() {
        CreateAccountOutput acct = newAccount();
        List<String> mailed = new java.util.ArrayList<>();
        PdsAccounts buggy = UseCaseAsserts.sameServiceOver(tp(), tp().store())
                .mailer(mail -> {
                    mailed.add(mail.token());
                    throw new IllegalStateException("bug while sending " + mail.token());
                }).build();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(EmailTokenService.class.getName());
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            buggy.email().requestPasswordReset(emailOf(acct.handle()));
        } finally {
            logger.removeHandler(handler);
        }
        assertTrue(tp().store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, acct.did()).isPresent());
        assertEquals(1, mailed.size());
        assertEquals(1, records.size(), "one warning");
        String logged = new java.util.logging.SimpleFormatter().formatMessage(records.get(0));
        assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
        assertTrue(logged.contains(acct.did()) && logged.contains("IllegalStateException"), logged);
        assertFalse(logged.contains(mailed.get(0)), "the token is never logged");
        assertFalse(logged.contains("bug while sending"), "the mailer's message is never logged");
        assertTrue(records.get(0).getThrown() == null, "no exception (its message may quote the mail)");
    }

    /**
     * Deletion leaves nothing behind, whatever races it: a password reset racing an admin deletion of the same
     * account never leaves an email token for the deleted DID (the token is stored only in a transaction that
     * still finds the account, its row locked). The store pauses briefly after the reset's email lookup, so the
     * deletion often commits between that lookup and the token write.
     */
    @Test
    default void aPasswordResetRacingADeletionLeavesNoTokenBehind() {
        TestPds racing = TestPds.over(PausingStore.pausingAfter(tp().store(), java.util.Set.of("findAccountByEmail")));
        int rounds = 2 * raceRounds();
        try (Race race = new Race(2)) {
            for (int round = 0; round < rounds; round++) {
                CreateAccountOutput acct = racing.createAccount(TestPds.randomName());
                String email = emailOf(acct.handle());
                race.run(i -> () -> {
                    if (i == 0) {
                        racing.pds().email().requestPasswordReset(email);
                    } else {
                        racing.pds().admin().deleteAccount(acct.did());
                    }
                    return null;
                });
                assertEquals(Optional.empty(), tp().store().findAccountByDid(acct.did()));
                for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                    assertEquals(Optional.empty(), tp().store().findEmailToken(purpose, acct.did()),
                            "round " + round + ": a " + purpose.value() + " token outlived its deleted account");
                }
            }
        }
    }

    /**
     * Hostile strings or null as every argument of every email use case end in success or a lexicon error, never
     * another exception, and never delete the account.
     */
    @Test
    default void noInputMakesTheEmailUseCasesThrowAnythingButATypedError() {
        CreateAccountOutput acct = newAccount();
        SeededProperty.forAll(200, r -> {
            String[] in = new String[3];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextInt(4) == 0 ? null : SeededProperty.nastyString(r);
            }
            String did = r.nextBoolean() ? acct.did() : in[0];
            List<Runnable> calls = List.of(
                    () -> email().requestPasswordReset(in[0]),
                    () -> email().resetPassword(in[1], in[2]),
                    () -> email().requestEmailConfirmation(in[0]),
                    () -> email().confirmEmail(did, in[1], in[2]),
                    () -> email().requestEmailUpdate(in[0]),
                    () -> email().updateEmail(did, in[1], Optional.ofNullable(in[2])),
                    () -> email().requestAccountDelete(in[0]),
                    () -> email().deleteAccount(did, in[1], in[2]),
                    () -> email().requestPlcOperationSignature(in[0]));
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (LexiconException expected) {
                    // the only failure allowed
                }
            }
            assertTrue(tp().store().findAccountByDid(acct.did()).isPresent(), "no fuzzed input deleted it");
        });
    }
}
