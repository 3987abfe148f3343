package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What every store contract interface builds on: the store under test and a few "given" helpers that put data
 * in it through the store's auto-commit calls (asserting that the write succeeded). {@link AccountStoreContract}
 * implements the abstract methods; adapters never implement this interface themselves.
 */
public interface StoreFixture {

    /** {@return the fresh, empty store of the current test (the same instance for the whole test)} */
    AccountStore store();

    /**
     * How many rounds each concurrency test runs: the adapter's {@link AccountStoreContract#raceRounds()}.
     *
     * @return a positive round count
     */
    int contractRaceRounds();

    /**
     * The raw text of everything the store persisted (the adapter's
     * {@link AccountStoreContract#dumpRawContents(AccountStore)}); aborts the current test, so that it is
     * reported as skipped, when the adapter does not support dumps.
     *
     * @return the dump
     */
    String contractRawDump();

    /**
     * Inserts {@code account} with the store's auto-commit call, asserting the result is {@code Written}.
     *
     * @param account the row to insert
     * @return {@code account}, for chaining
     */
    default Account givenAccount(Account account) {
        assertEquals(new AccountWriteResult.Written(), store().insertAccount(account),
                "fixture: insertAccount " + account);
        return account;
    }

    /**
     * Inserts a random account ({@link StoreFixtures#anAccount()}), asserting the result is {@code Written}.
     *
     * @return the inserted account
     */
    default Account givenAccount() {
        return givenAccount(StoreFixtures.anAccount());
    }

    /**
     * Inserts {@code code} (with no uses).
     *
     * @param code the invite-code row to insert
     * @return {@code code}, for chaining
     */
    default InviteCode givenInviteCode(InviteCode code) {
        store().insertInviteCodes(List.of(code));
        return code;
    }

    /**
     * Inserts a random admin code for {@code "admin"}, created at {@link StoreFixtures#T0}.
     *
     * @param availableUses how many uses the code allows
     * @return the inserted code
     */
    default InviteCode givenInviteCode(int availableUses) {
        return givenInviteCode(StoreFixtures.anInviteCode(availableUses));
    }

    /**
     * Inserts the use record of an invite code.
     *
     * @param code   the code that was used (already stored)
     * @param did    the account that used it
     * @param usedAt when it was used
     * @return the inserted use record
     */
    default InviteCodeUse givenUse(String code, String did, Instant usedAt) {
        InviteCodeUse use = StoreFixtures.aUse(code, did, usedAt);
        store().insertInviteCodeUse(use);
        return use;
    }

    /**
     * Inserts a random session row of {@code did} ({@link StoreFixtures#aRefreshToken(String)}).
     *
     * @param did the account the session belongs to
     * @return the inserted refresh token
     */
    default RefreshToken givenRefreshToken(String did) {
        RefreshToken token = StoreFixtures.aRefreshToken(did);
        store().insertRefreshToken(token);
        return token;
    }

    /**
     * Inserts {@code appPassword}, asserting the store reports it as inserted (no same-named one existed).
     *
     * @param appPassword the row to insert
     * @return {@code appPassword}, for chaining
     */
    default AppPassword givenAppPassword(AppPassword appPassword) {
        assertTrue(store().insertAppPassword(appPassword), "fixture: insertAppPassword " + appPassword);
        return appPassword;
    }

    /**
     * Upserts an email token of {@code did} with a random hash, requested at {@link StoreFixtures#T0}.
     *
     * @param purpose what the token is for
     * @param did     the account it belongs to
     * @return the upserted token
     */
    default EmailToken givenEmailToken(EmailTokenPurpose purpose, String did) {
        EmailToken token = StoreFixtures.anEmailToken(purpose, did, StoreFixtures.randomTokenHash(), StoreFixtures.T0);
        store().upsertEmailToken(token);
        return token;
    }

    /**
     * Inserts a reservation of a random signing key.
     *
     * @param did       the DID it is reserved for, or empty for a reservation not yet tied to an account
     * @param createdAt when the reservation was made
     * @return the inserted reservation
     */
    default ReservedSigningKey givenReservedKey(Optional<String> did, Instant createdAt) {
        ReservedSigningKey key = StoreFixtures.aReservedSigningKey(did, createdAt);
        store().insertReservedSigningKey(key);
        return key;
    }

    /**
     * Reads the stored account with {@code did} back, failing the test when there is none.
     *
     * @param did the account's DID
     * @return the account as stored now
     */
    default Account reload(String did) {
        return store().findAccountByDid(did)
                .orElseThrow(() -> new AssertionError("expected an account with DID " + did));
    }
}
