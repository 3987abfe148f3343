package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.anEmailToken;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomTokenHash;
import static dev.pdsaccounts.testkit.StoreFixtures.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.token.EmailTokenRepository}: at most one token per account and purpose,
 * a token hash unique per purpose, the lookups by account and by hash, deletion by purposes, and hashing at
 * rest. What using a token does is the domain's.
 */
public interface EmailTokenRepositoryContract extends StoreFixture {

    /** A token row survives the round trip, found by account and purpose and by purpose and hash. */
    @Test
    default void upsertEmailTokenStoresTheRow() {
        String did = givenAccount().did();
        EmailToken token = anEmailToken(EmailTokenPurpose.PLC_OPERATION, did, randomTokenHash(),
                at(-30).plusMillis(1));
        store().upsertEmailToken(token);
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, did));
        assertEquals(Optional.of(token),
                store().findEmailTokenByHash(EmailTokenPurpose.PLC_OPERATION, token.tokenHash()));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, randomDid()));
        assertEquals(Optional.empty(), store().findEmailTokenByHash(EmailTokenPurpose.CONFIRM_EMAIL,
                token.tokenHash()), "a hash is found under its own purpose only");
        assertEquals(Optional.empty(), store().findEmailTokenByHash(EmailTokenPurpose.PLC_OPERATION,
                token.tokenHash().toUpperCase(Locale.ROOT)), "hashes are compared exactly");
    }

    /** Every purpose is a separate slot of the account. */
    @Test
    default void everyPurposeHasItsOwnToken() {
        String did = givenAccount().did();
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            givenEmailToken(purpose, did);
        }
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            EmailToken stored = store().findEmailToken(purpose, did).orElseThrow();
            assertEquals(purpose, stored.purpose());
            assertEquals(Optional.of(stored), store().findEmailTokenByHash(purpose, stored.tokenHash()));
        }
    }

    /** Upserting replaces the account's token of that purpose only; the old hash is no longer found. */
    @Test
    default void upsertEmailTokenReplacesThePreviousTokenOfThatPurpose() {
        String did = givenAccount().did();
        EmailToken old = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, did);
        EmailToken otherPurpose = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did);
        EmailToken othersToken = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, givenAccount().did());
        EmailToken fresh = anEmailToken(EmailTokenPurpose.RESET_PASSWORD, did, randomTokenHash(), at(60));
        store().upsertEmailToken(fresh);
        assertEquals(Optional.of(fresh), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, did));
        assertEquals(Optional.of(otherPurpose), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did));
        assertEquals(Optional.empty(), store().findEmailTokenByHash(old.purpose(), old.tokenHash()));
        assertEquals(Optional.of(fresh), store().findEmailTokenByHash(fresh.purpose(), fresh.tokenHash()));
        assertEquals(Optional.of(othersToken),
                store().findEmailTokenByHash(othersToken.purpose(), othersToken.tokenHash()));
    }

    /** Re-upserting the same hash with a new request time refreshes the row. */
    @Test
    default void upsertEmailTokenWithTheSameHashRefreshesRequestedAt() {
        String did = givenAccount().did();
        EmailToken token = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, did);
        EmailToken later = anEmailToken(token.purpose(), did, token.tokenHash(), at(120));
        store().upsertEmailToken(later);
        assertEquals(Optional.of(later), store().findEmailToken(EmailTokenPurpose.UPDATE_EMAIL, did));
        assertEquals(Optional.of(later), store().findEmailTokenByHash(EmailTokenPurpose.UPDATE_EMAIL,
                token.tokenHash()));
    }

    /**
     * The same hash may serve two purposes, but not two accounts for one purpose: that upsert fails with a
     * {@link StoreException}, as the unique key would, and changes nothing.
     */
    @Test
    default void aHashIsUniquePerPurpose() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        String hash = randomTokenHash();
        EmailToken reset = anEmailToken(EmailTokenPurpose.RESET_PASSWORD, did, hash, T0);
        EmailToken confirm = anEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did, hash, T0);
        store().upsertEmailToken(reset);
        store().upsertEmailToken(confirm);
        EmailToken othersConfirm = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, other);
        assertThrows(StoreException.class, () -> store().upsertEmailToken(
                anEmailToken(EmailTokenPurpose.RESET_PASSWORD, other, hash, at(5))));
        assertEquals(Optional.of(reset), store().findEmailTokenByHash(EmailTokenPurpose.RESET_PASSWORD, hash));
        assertEquals(Optional.of(confirm), store().findEmailTokenByHash(EmailTokenPurpose.CONFIRM_EMAIL, hash));
        assertEquals(Optional.of(othersConfirm), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, other));
    }

    /** Deleting by purposes removes the account's tokens of those purposes only and counts them. */
    @Test
    default void deleteEmailTokensRemovesTheGivenPurposes() {
        Account account = givenAccount();
        String did = account.did();
        String other = givenAccount().did();
        EmailToken reset = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, did);
        givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did);
        EmailToken plc = givenEmailToken(EmailTokenPurpose.PLC_OPERATION, did);
        EmailToken othersReset = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, other);

        assertEquals(2, store().deleteEmailTokens(did, List.of(EmailTokenPurpose.RESET_PASSWORD,
                EmailTokenPurpose.CONFIRM_EMAIL, EmailTokenPurpose.DELETE_ACCOUNT)));

        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, did));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did));
        assertEquals(Optional.empty(), store().findEmailTokenByHash(reset.purpose(), reset.tokenHash()));
        assertEquals(Optional.of(plc), store().findEmailToken(EmailTokenPurpose.PLC_OPERATION, did));
        assertEquals(Optional.of(othersReset), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, other));
        assertEquals(0, store().deleteEmailTokens(did, List.of(EmailTokenPurpose.RESET_PASSWORD)));
        assertEquals(0, store().deleteEmailTokens(did, List.of()));
        assertEquals(1, store().deleteEmailTokens(did, EnumSet.allOf(EmailTokenPurpose.class)));
        assertEquals(0, store().deleteEmailTokens(randomDid(), EnumSet.allOf(EmailTokenPurpose.class)));
        store().upsertEmailToken(reset);
        assertEquals(Optional.of(reset), store().findEmailTokenByHash(reset.purpose(), reset.tokenHash()),
                "a deleted token's hash can be stored again");
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
}
