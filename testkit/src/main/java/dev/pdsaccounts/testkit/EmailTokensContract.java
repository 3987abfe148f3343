package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccountWithoutCredentials;
import static dev.pdsaccounts.testkit.StoreFixtures.anAppPassword;
import static dev.pdsaccounts.testkit.StoreFixtures.anEmailToken;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomEmail;
import static dev.pdsaccounts.testkit.StoreFixtures.randomHandle;
import static dev.pdsaccounts.testkit.StoreFixtures.randomTokenHash;
import static dev.pdsaccounts.testkit.StoreFixtures.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.token.TokenEffect;
import dev.pdsaccounts.token.TokenUseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.token.EmailTokens}: one live token per purpose and account, the lookup
 * rules of a use (Invalid, Expired), every {@link TokenEffect}, the all-or-nothing failures, the racing use,
 * and hashing at rest.
 */
public interface EmailTokensContract extends StoreFixture {

    /** The issued-not-before bound every valid use in these tests passes: 15 minutes before T0. */
    Instant WINDOW_START = T0.minusSeconds(15 * 60);

    /** A token row survives the round trip. */
    @Test
    default void upsertEmailTokenStoresTheRow() {
        String did = givenAccount().did();
        EmailToken token = anEmailToken(EmailTokenPurpose.PLC_OPERATION, did, randomTokenHash(), at(-30));
        store().upsertEmailToken(token);
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, did));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, randomDid()));
    }

    /** Upserting replaces the account's token of that purpose only; the old token is no longer valid. */
    @Test
    default void upsertEmailTokenReplacesThePreviousTokenOfThatPurpose() {
        String did = givenAccount().did();
        EmailToken old = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, did);
        EmailToken otherPurpose = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did);
        EmailToken fresh = anEmailToken(EmailTokenPurpose.RESET_PASSWORD, did, randomTokenHash(), at(60));
        store().upsertEmailToken(fresh);
        assertEquals(Optional.of(fresh), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, did));
        assertEquals(Optional.of(otherPurpose), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did));
        assertEquals(new TokenUseResult.Invalid(), use(old, Optional.empty(), new TokenEffect.CheckOnly()));
        assertEquals(new TokenUseResult.Invalid(), use(old, Optional.of(did), new TokenEffect.CheckOnly()));
        assertEquals(new TokenUseResult.Used(did), use(fresh, Optional.of(did), new TokenEffect.CheckOnly()));
    }

    /** Re-upserting the same hash with a new request time refreshes the row. */
    @Test
    default void upsertEmailTokenWithTheSameHashRefreshesRequestedAt() {
        String did = givenAccount().did();
        EmailToken token = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, did);
        EmailToken later = anEmailToken(token.purpose(), did, token.tokenHash(), at(120));
        store().upsertEmailToken(later);
        assertEquals(Optional.of(later), store().findEmailToken(EmailTokenPurpose.UPDATE_EMAIL, did));
        assertEquals(new TokenUseResult.Used(did), use(later, Optional.empty(), new TokenEffect.CheckOnly()));
    }

    /** A wrong hash, purpose or account is Invalid, and nothing is consumed. */
    @Test
    default void useWithWrongHashPurposeOrAccountIsInvalid() {
        Account account = givenAccount();
        Account other = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did());
        TokenEffect consume = new TokenEffect.ConsumeOnly();
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.DELETE_ACCOUNT,
                Optional.of(account.did()), randomTokenHash(), WINDOW_START, consume));
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.DELETE_ACCOUNT,
                Optional.empty(), randomTokenHash(), WINDOW_START, consume));
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.PLC_OPERATION,
                Optional.of(account.did()), token.tokenHash(), WINDOW_START, consume));
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.PLC_OPERATION,
                Optional.empty(), token.tokenHash(), WINDOW_START, consume));
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.DELETE_ACCOUNT,
                Optional.of(other.did()), token.tokenHash(), WINDOW_START, consume));
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.DELETE_ACCOUNT,
                Optional.of(randomDid()), token.tokenHash(), WINDOW_START, consume));
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did()));
        assertEquals(account, reload(account.did()));
    }

    /**
     * Issued before issuedNotBefore is Expired and changes nothing (the row stays); issued exactly at it is
     * still valid.
     */
    @Test
    default void useOfATokenIssuedBeforeTheWindowIsExpiredAndChangesNothing() {
        Account account = givenAccount();
        RefreshToken session = givenRefreshToken(account.did());
        EmailToken token = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did());
        Instant justAfter = token.requestedAt().plusMillis(1);
        for (Optional<String> did : List.of(Optional.<String>empty(), Optional.of(account.did()))) {
            assertEquals(new TokenUseResult.Expired(), store().useEmailToken(EmailTokenPurpose.RESET_PASSWORD, did,
                    token.tokenHash(), justAfter, new TokenEffect.SetPassword("new-hash")));
        }
        assertEquals(account, reload(account.did()));
        assertEquals(List.of(session), store().refreshTokensOf(account.did()));
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did()));

        assertEquals(new TokenUseResult.Used(account.did()), store().useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.empty(), token.tokenHash(), token.requestedAt(), new TokenEffect.ConsumeOnly()));
    }

    /** Invalid wins over Expired: an old token presented for the wrong account is Invalid. */
    @Test
    default void invalidIsCheckedBeforeExpired() {
        Account account = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        assertEquals(new TokenUseResult.Invalid(), store().useEmailToken(EmailTokenPurpose.CONFIRM_EMAIL,
                Optional.of(randomDid()), token.tokenHash(), at(3600), new TokenEffect.ConsumeOnly()));
    }

    /** ConsumeOnly: Used(did), the token is gone, a second use is Invalid; nothing else changes. */
    @Test
    default void consumeOnlyDeletesTheToken() {
        Account account = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.PLC_OPERATION, account.did());
        EmailToken other = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.empty(),
                new TokenEffect.ConsumeOnly()));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, account.did()));
        assertEquals(Optional.of(other), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did()));
        assertEquals(new TokenUseResult.Invalid(), use(token, Optional.of(account.did()),
                new TokenEffect.ConsumeOnly()));
        assertEquals(account, reload(account.did()));
    }

    /** CheckOnly: Used(did) and the token stays usable; nothing changes. */
    @Test
    default void checkOnlyDoesNotConsume() {
        Account account = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did());
        for (int i = 0; i < 3; i++) {
            assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.of(account.did()),
                    new TokenEffect.CheckOnly()));
        }
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did()));
        assertEquals(account, reload(account.did()));
        assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.empty(),
                new TokenEffect.ConsumeOnly()));
    }

    /** SetPassword: new hash, every refresh token deleted, this token consumed, other tokens kept. */
    @Test
    default void setPasswordSetsHashRevokesSessionsAndConsumes() {
        Account account = givenAccount();
        givenRefreshToken(account.did());
        givenRefreshToken(account.did());
        EmailToken reset = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did());
        EmailToken confirm = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        Account other = givenAccount();
        RefreshToken othersSession = givenRefreshToken(other.did());

        assertEquals(new TokenUseResult.Used(account.did()), use(reset, Optional.empty(),
                new TokenEffect.SetPassword("brand-new-hash")));

        assertEquals(account.withPasswordHash("brand-new-hash"), reload(account.did()));
        assertEquals(List.of(), store().refreshTokensOf(account.did()));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did()));
        assertEquals(Optional.of(confirm), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did()));
        assertEquals(List.of(othersSession), store().refreshTokensOf(other.did()));
        assertEquals(new TokenUseResult.Invalid(), use(reset, Optional.empty(), new TokenEffect.SetPassword("x")));
    }

    /** ConfirmEmail with the current email: confirmation time set, token consumed. */
    @Test
    default void confirmEmailMarksTheCurrentEmailConfirmed() {
        Account account = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.of(account.did()),
                new TokenEffect.ConfirmEmail(account.email().orElseThrow(), at(77))));
        assertEquals(account.withEmailConfirmedAt(at(77)), reload(account.did()));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did()));
    }

    /** ConfirmEmail with another email (changed meanwhile, or none): EmailMismatch; nothing changes. */
    @Test
    default void confirmEmailOfAnotherEmailIsEmailMismatch() {
        Account account = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        assertEquals(new TokenUseResult.EmailMismatch(), use(token, Optional.of(account.did()),
                new TokenEffect.ConfirmEmail(randomEmail(), at(77))));
        assertEquals(account, reload(account.did()));
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did()));

        Account noEmail = givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        EmailToken noEmailToken = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, noEmail.did());
        assertEquals(new TokenUseResult.EmailMismatch(), use(noEmailToken, Optional.empty(),
                new TokenEffect.ConfirmEmail(randomEmail(), at(77))));
        assertEquals(noEmail, reload(noEmail.did()));
    }

    /** UpdateEmail: email set, confirmation cleared, every email token of the account deleted. */
    @Test
    default void updateEmailSetsEmailClearsConfirmationAndDeletesEveryToken() {
        Account account = givenAccount();
        assertTrue(store().updateEmailConfirmedAt(account.did(), at(5)));
        EmailToken token = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did());
        givenEmailToken(EmailTokenPurpose.PLC_OPERATION, account.did());
        givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did());
        String newEmail = randomEmail();

        assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.of(account.did()),
                new TokenEffect.UpdateEmail(newEmail)));

        assertEquals(account.withEmail(newEmail), reload(account.did()));
        assertEquals(Optional.of(account.withEmail(newEmail)), store().findAccountByEmail(newEmail));
        assertEquals(Optional.empty(), store().findAccountByEmail(account.email().orElseThrow()));
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertEquals(Optional.empty(), store().findEmailToken(purpose, account.did()), purpose.value());
        }
    }

    /** UpdateEmail to an email another account holds: EmailTaken, nothing changes, the token still works. */
    @Test
    default void updateEmailToATakenEmailIsEmailTakenAndKeepsTheToken() {
        Account account = givenAccount();
        assertTrue(store().updateEmailConfirmedAt(account.did(), at(5)));
        Account before = reload(account.did());
        Account other = givenAccount();
        EmailToken token = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did());
        EmailToken plc = givenEmailToken(EmailTokenPurpose.PLC_OPERATION, account.did());

        assertEquals(new TokenUseResult.EmailTaken(), use(token, Optional.of(account.did()),
                new TokenEffect.UpdateEmail(other.email().orElseThrow())));

        assertEquals(before, reload(account.did()));
        assertEquals(Optional.of(other), store().findAccountByEmail(other.email().orElseThrow()));
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did()));
        assertEquals(Optional.of(plc), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, account.did()));

        String free = randomEmail();
        assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.empty(),
                new TokenEffect.UpdateEmail(free)));
        assertEquals(account.withEmail(free), reload(account.did()));
    }

    /** DeleteAccount: the account and everything about it are gone, as with deleteAccount. */
    @Test
    default void deleteAccountEffectDeletesTheAccount() {
        InviteCode code = givenInviteCode(1);
        Account account = givenInvitedAccount(code.code());
        givenRefreshToken(account.did());
        givenAppPassword(anAppPassword(account.did(), "phone", at(1)));
        EmailToken token = givenEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did());
        givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        Account other = givenAccount();

        assertEquals(new TokenUseResult.Used(account.did()), use(token, Optional.of(account.did()),
                new TokenEffect.DeleteAccount()));

        assertEquals(Optional.empty(), store().findAccountByDid(account.did()));
        assertEquals(Optional.empty(), store().findAccountByHandle(account.handle()));
        assertEquals(List.of(), store().refreshTokensOf(account.did()));
        assertEquals(List.of(), store().appPasswordsOf(account.did()));
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertEquals(Optional.empty(), store().findEmailToken(purpose, account.did()), purpose.value());
        }
        assertEquals(1, store().findInviteCode(code.code()).orElseThrow().uses().size());
        assertTrue(store().findInviteCode(code.code()).orElseThrow().uses().get(0).usedBy()
                .startsWith("did:deleted:"));
        assertEquals(Optional.of(other), store().findAccountByDid(other.did()));
        assertEquals(new TokenUseResult.Invalid(), use(token, Optional.empty(), new TokenEffect.DeleteAccount()));
    }

    /** deleteEmailTokensOf removes every token of the account and returns how many. */
    @Test
    default void deleteEmailTokensOfRemovesTheAccountsTokens() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did);
        EmailToken reset = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, did);
        EmailToken kept = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, other);
        assertEquals(2, store().deleteEmailTokensOf(did));
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertEquals(Optional.empty(), store().findEmailToken(purpose, did), purpose.value());
        }
        assertEquals(new TokenUseResult.Invalid(), use(reset, Optional.empty(), new TokenEffect.CheckOnly()));
        assertEquals(Optional.of(kept), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, other));
        assertEquals(0, store().deleteEmailTokensOf(did));
    }

    /** 16 concurrent uses of one token: exactly one Used, the others Invalid. */
    @Test
    default void racingUsesOfOneTokenSucceedExactlyOnce() {
        int threads = 16;
        int rounds = contractRaceRounds();
        Account account = givenAccount();
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                EmailToken token = givenEmailToken(EmailTokenPurpose.PLC_OPERATION, account.did());
                List<TokenUseResult> results = race.run(i -> () -> store().useEmailToken(token.purpose(),
                        i % 2 == 0 ? Optional.of(account.did()) : Optional.empty(), token.tokenHash(),
                        WINDOW_START, new TokenEffect.ConsumeOnly()));
                List<TokenUseResult> used = new ArrayList<>();
                for (TokenUseResult result : results) {
                    if (result instanceof TokenUseResult.Used) {
                        used.add(result);
                    } else {
                        assertEquals(new TokenUseResult.Invalid(), result, "round " + round);
                    }
                }
                assertEquals(List.of(new TokenUseResult.Used(account.did())), used, "round " + round);
                assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION,
                        account.did()));
            }
        }
    }

    /**
     * The raw dump of the store holds the token hashes the domain gave it, and never a plaintext the store
     * was not given. Skipped when the adapter's test does not implement {@code dumpRawContents}.
     */
    @Test
    default void rawDumpHoldsTokenHashesButNoPlaintext() {
        Account account = givenAccount();
        String plaintext = "PLAIN-" + StoreFixtures.randomBase32(10).toUpperCase(Locale.ROOT);
        String hash = sha256Hex(plaintext);
        store().upsertEmailToken(anEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did(), hash, T0));
        String otherHash = randomTokenHash();
        store().upsertEmailToken(anEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did(), otherHash, T0));

        String dump = contractRawDump();

        assertTrue(dump.contains(hash), "the dump does not contain the stored token hash");
        assertTrue(dump.contains(otherHash), "the dump does not contain the stored token hash");
        assertTrue(dump.contains(account.did()), "the dump does not contain the account's DID");
        assertFalse(dump.contains(plaintext), "the dump contains a token's plaintext");
        assertFalse(dump.contains(plaintext.toLowerCase(Locale.ROOT)), "the dump contains a plaintext");
    }

    /** Uses {@code token} by its own purpose and hash within the validity window. */
    private TokenUseResult use(EmailToken token, Optional<String> did, TokenEffect effect) {
        return store().useEmailToken(token.purpose(), did, token.tokenHash(), WINDOW_START, effect);
    }
}
