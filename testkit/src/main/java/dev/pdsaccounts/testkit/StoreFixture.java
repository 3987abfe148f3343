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

    /** The fresh, empty store of the current test (the same instance for the whole test). */
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

    /** Inserts {@code account}, asserting {@code Written}; returns it. */
    default Account givenAccount(Account account) {
        assertEquals(new AccountWriteResult.Written(), store().insertAccount(account),
                "fixture: insertAccount " + account);
        return account;
    }

    /** Inserts a random account, asserting {@code Written}; returns it. */
    default Account givenAccount() {
        return givenAccount(StoreFixtures.anAccount());
    }

    /** Inserts {@code code}; returns it. */
    default InviteCode givenInviteCode(InviteCode code) {
        store().insertInviteCodes(List.of(code));
        return code;
    }

    /** Inserts a random admin code for {@code "admin"} with {@code availableUses} uses; returns it. */
    default InviteCode givenInviteCode(int availableUses) {
        return givenInviteCode(StoreFixtures.anInviteCode(availableUses));
    }

    /** Inserts the use record ({@code code}, {@code did}, {@code usedAt}); returns it. */
    default InviteCodeUse givenUse(String code, String did, Instant usedAt) {
        InviteCodeUse use = StoreFixtures.aUse(code, did, usedAt);
        store().insertInviteCodeUse(use);
        return use;
    }

    /** Inserts a random session row of {@code did}; returns it. */
    default RefreshToken givenRefreshToken(String did) {
        RefreshToken token = StoreFixtures.aRefreshToken(did);
        store().insertRefreshToken(token);
        return token;
    }

    /** Inserts {@code appPassword}, asserting it was inserted; returns it. */
    default AppPassword givenAppPassword(AppPassword appPassword) {
        assertTrue(store().insertAppPassword(appPassword), "fixture: insertAppPassword " + appPassword);
        return appPassword;
    }

    /** Upserts an email token of {@code did} with a random hash, requested at {@link StoreFixtures#T0}. */
    default EmailToken givenEmailToken(EmailTokenPurpose purpose, String did) {
        EmailToken token = StoreFixtures.anEmailToken(purpose, did, StoreFixtures.randomTokenHash(), StoreFixtures.T0);
        store().upsertEmailToken(token);
        return token;
    }

    /** Inserts a reservation of a random key for {@code did} (if given) made at {@code createdAt}. */
    default ReservedSigningKey givenReservedKey(Optional<String> did, Instant createdAt) {
        ReservedSigningKey key = StoreFixtures.aReservedSigningKey(did, createdAt);
        store().insertReservedSigningKey(key);
        return key;
    }

    /** The stored account with {@code did}, failing the test when there is none. */
    default Account reload(String did) {
        return store().findAccountByDid(did)
                .orElseThrow(() -> new AssertionError("expected an account with DID " + did));
    }
}
