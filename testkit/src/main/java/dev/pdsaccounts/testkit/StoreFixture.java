package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountResult;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateAppPasswordResult;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.util.List;

/**
 * What every contract interface builds on: the store under test and a few "given" helpers that put data in
 * it (asserting that the insert succeeded). {@link AccountStoreContract} implements the abstract methods;
 * adapters never implement this interface themselves.
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

    /** Inserts {@code account} (no invite, no session), asserting {@code Created}; returns it. */
    default Account givenAccount(Account account) {
        assertEquals(new CreateAccountResult.Created(), store().createAccount(StoreFixtures.newAccount(account)),
                "fixture: createAccount " + account);
        return account;
    }

    /** Inserts a random account, asserting {@code Created}; returns it. */
    default Account givenAccount() {
        return givenAccount(StoreFixtures.anAccount());
    }

    /** Inserts a random account that signs up with {@code inviteCode}, asserting {@code Created}. */
    default Account givenInvitedAccount(String inviteCode) {
        Account account = StoreFixtures.anAccount();
        assertEquals(new CreateAccountResult.Created(),
                store().createAccount(StoreFixtures.newAccount(account, inviteCode)),
                "fixture: createAccount with invite " + inviteCode);
        return account;
    }

    /** Inserts the admin-made {@code code}; returns it. */
    default InviteCode givenInviteCode(InviteCode code) {
        store().insertInviteCodes(List.of(code));
        return code;
    }

    /** Inserts a random admin code for {@code "admin"} with {@code availableUses} uses; returns it. */
    default InviteCode givenInviteCode(int availableUses) {
        return givenInviteCode(StoreFixtures.anInviteCode(availableUses));
    }

    /** Inserts a random session row of {@code did}; returns it. */
    default RefreshToken givenRefreshToken(String did) {
        RefreshToken token = StoreFixtures.aRefreshToken(did);
        store().insertRefreshToken(token);
        return token;
    }

    /** Inserts {@code appPassword}, asserting {@code Created}; returns it. */
    default AppPassword givenAppPassword(AppPassword appPassword) {
        assertEquals(new CreateAppPasswordResult.Created(), store().insertAppPassword(appPassword),
                "fixture: insertAppPassword " + appPassword);
        return appPassword;
    }

    /** Upserts an email token of {@code did} with a random hash, requested at {@link StoreFixtures#T0}. */
    default EmailToken givenEmailToken(EmailTokenPurpose purpose, String did) {
        EmailToken token = StoreFixtures.anEmailToken(purpose, did, StoreFixtures.randomTokenHash(), StoreFixtures.T0);
        store().upsertEmailToken(token);
        return token;
    }

    /** The stored account with {@code did}, failing the test when there is none. */
    default Account reload(String did) {
        return store().findAccountByDid(did)
                .orElseThrow(() -> new AssertionError("expected an account with DID " + did));
    }
}
