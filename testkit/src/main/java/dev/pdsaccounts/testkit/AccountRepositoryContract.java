package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccount;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccountWithEverySet;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccountWithoutCredentials;
import static dev.pdsaccounts.testkit.StoreFixtures.anAppPassword;
import static dev.pdsaccounts.testkit.StoreFixtures.anEarnedInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomBase32;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomEmail;
import static dev.pdsaccounts.testkit.StoreFixtures.randomHandle;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.account.AccountRepository}: plain storage of account rows with three
 * unique keys (DID, handle, email), reported as {@link AccountWriteResult}s; the finders; the email search
 * with its order and paging. Nothing here is a rule: an update writes exactly the row it is given and a
 * delete removes the account row and nothing else.
 */
public interface AccountRepositoryContract extends StoreFixture {

    /** A fresh store holds nothing. */
    @Test
    default void freshStoreIsEmpty() {
        assertEquals(0, store().countAccounts());
        assertEquals(List.of(), store().listAccounts(Optional.of(""), Optional.empty(), 100));
        assertEquals(List.of(), store().listAccounts(Optional.empty(), Optional.empty(), 100));
    }

    /** Every component of the account row survives the round trip, found by DID, handle and email. */
    @Test
    default void insertAccountStoresEveryFieldAndFindersReturnIt() {
        Account account = anAccount();
        assertEquals(new AccountWriteResult.Written(), store().insertAccount(account));
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
        assertEquals(Optional.of(account), store().findAccountByHandle(account.handle()));
        assertEquals(Optional.of(account), store().findAccountByEmail(account.email().orElseThrow()));
        assertEquals(1, store().countAccounts());
    }

    /** Optional components that are set (confirmation, takedown, deactivation, flags) are stored as given. */
    @Test
    default void insertAccountStoresOptionalFieldsAsGiven() {
        Account account = anAccountWithEverySet();
        assertEquals(new AccountWriteResult.Written(), store().insertAccount(account));
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
    }

    /** Timestamps keep millisecond precision (and whatever finer precision the store keeps is not invented). */
    @Test
    default void timestampsKeepMilliseconds() {
        Instant ms = Instant.parse("2024-05-01T12:00:00.123Z");
        Account account = new Account(randomDid(), randomHandle(), Optional.of(randomEmail()), Optional.of("h"),
                Optional.of(ms.plusMillis(1)), ms, Optional.empty(), Optional.of(ms.plusMillis(2)),
                Optional.of(ms.plusMillis(3)), false, Optional.empty());
        givenAccount(account);
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
    }

    /** Accounts without email, password or signing key are stored; absent emails never collide. */
    @Test
    default void accountsWithoutEmailAreStoredAndDoNotCollide() {
        Account first = anAccountWithoutCredentials(randomDid(), randomHandle());
        Account second = anAccountWithoutCredentials(randomDid(), randomHandle());
        assertEquals(new AccountWriteResult.Written(), store().insertAccount(first));
        assertEquals(new AccountWriteResult.Written(), store().insertAccount(second));
        assertEquals(Optional.of(first), store().findAccountByDid(first.did()));
        assertEquals(Optional.of(second), store().findAccountByHandle(second.handle()));
        assertEquals(2, store().countAccounts());
    }

    /** Finders answer empty for values nobody holds. */
    @Test
    default void findersReturnEmptyForUnknownValues() {
        givenAccount();
        assertEquals(Optional.empty(), store().findAccountByDid(randomDid()));
        assertEquals(Optional.empty(), store().findAccountByHandle(randomHandle()));
        assertEquals(Optional.empty(), store().findAccountByEmail(randomEmail()));
    }

    /** DIDs are case-sensitive: two DIDs differing only in case are two accounts. */
    @Test
    default void didsAreComparedExactly() {
        String lower = "did:plc:" + randomBase32(24);
        String upper = "did:plc:" + lower.substring(8).toUpperCase(Locale.ROOT);
        Account a = givenAccount(anAccount(lower, randomHandle(), randomEmail()));
        assertEquals(Optional.empty(), store().findAccountByDid(upper));
        Account b = givenAccount(anAccount(upper, randomHandle(), randomEmail()));
        assertEquals(Optional.of(a), store().findAccountByDid(lower));
        assertEquals(Optional.of(b), store().findAccountByDid(upper));
    }

    /** Handles and emails are found only by the exact value: not by a prefix, a suffix or another case. */
    @Test
    default void handlesAndEmailsAreComparedExactly() {
        Account account = givenAccount();
        String handle = account.handle();
        String email = account.email().orElseThrow();
        assertEquals(Optional.empty(), store().findAccountByHandle(handle.substring(1)));
        assertEquals(Optional.empty(), store().findAccountByHandle(handle + "x"));
        assertEquals(Optional.empty(), store().findAccountByHandle(handle.toUpperCase(Locale.ROOT)));
        assertEquals(Optional.empty(), store().findAccountByEmail(email.substring(1)));
        assertEquals(Optional.empty(), store().findAccountByEmail("x" + email));
        assertEquals(Optional.empty(), store().findAccountByEmail(email.toUpperCase(Locale.ROOT)));
    }

    /** Insert clashes are checked in the order DID, handle, email; nothing is written on a clash. */
    @Test
    default void insertAccountReportsClashesInOrderAndWritesNothing() {
        Account existing = givenAccount();
        String handle = existing.handle();
        String email = existing.email().orElseThrow();
        Account didClash = anAccount(existing.did(), handle, email);
        Account handleClash = anAccount(randomDid(), handle, email);
        Account emailClash = anAccount(randomDid(), randomHandle(), email);
        assertEquals(new AccountWriteResult.DidTaken(), store().insertAccount(didClash));
        assertEquals(new AccountWriteResult.DidTaken(),
                store().insertAccount(anAccount(existing.did(), randomHandle(), randomEmail())));
        assertEquals(new AccountWriteResult.HandleTaken(), store().insertAccount(handleClash));
        assertEquals(new AccountWriteResult.EmailTaken(), store().insertAccount(emailClash));
        assertEquals(1, store().countAccounts());
        assertEquals(Optional.of(existing), store().findAccountByDid(existing.did()));
        assertEquals(Optional.empty(), store().findAccountByDid(handleClash.did()));
        assertEquals(Optional.empty(), store().findAccountByDid(emailClash.did()));
        assertEquals(Optional.empty(), store().findAccountByHandle(emailClash.handle()));
    }

    /** Handle and email stay unique whatever the holder's status (taken down, deactivated). */
    @Test
    default void uniquenessHoldsWhateverTheStatus() {
        Account takenDown = givenAccount(anAccountWithEverySet());
        assertEquals(new AccountWriteResult.HandleTaken(),
                store().insertAccount(anAccount(randomDid(), takenDown.handle(), randomEmail())));
        assertEquals(new AccountWriteResult.EmailTaken(),
                store().insertAccount(anAccount(randomDid(), randomHandle(), takenDown.email().orElseThrow())));
        assertEquals(1, store().countAccounts());
    }

    /** An update replaces every field of the row with the given account's; finders follow the new values. */
    @Test
    default void updateAccountReplacesEveryField() {
        Account before = givenAccount();
        Account after = new Account(before.did(), randomHandle(), Optional.of(randomEmail()), Optional.of("new-hash"),
                Optional.of(at(5)), at(-5), Optional.of("mod-1"), Optional.of(at(6)), Optional.of(at(7)), true,
                Optional.of("ab".repeat(32)), !before.emailAuthFactor());
        assertEquals(new AccountWriteResult.Written(), store().updateAccount(after));
        assertEquals(Optional.of(after), store().findAccountByDid(before.did()));
        assertEquals(Optional.of(after), store().findAccountByHandle(after.handle()));
        assertEquals(Optional.of(after), store().findAccountByEmail(after.email().orElseThrow()));
        assertEquals(Optional.empty(), store().findAccountByHandle(before.handle()), "the old handle is free");
        assertEquals(Optional.empty(), store().findAccountByEmail(before.email().orElseThrow()), "old email free");
        givenAccount(anAccount(randomDid(), before.handle(), before.email().orElseThrow()));

        Account cleared = anAccountWithoutCredentials(before.did(), after.handle());
        assertEquals(new AccountWriteResult.Written(), store().updateAccount(cleared));
        assertEquals(Optional.of(cleared), store().findAccountByDid(before.did()));
        assertEquals(Optional.empty(), store().findAccountByEmail(after.email().orElseThrow()));
        assertEquals(2, store().countAccounts());
    }

    /** Writing the row's own handle and email again is {@code Written} (a row does not clash with itself). */
    @Test
    default void updateAccountWithItsOwnValuesIsWritten() {
        Account account = givenAccount();
        assertEquals(new AccountWriteResult.Written(), store().updateAccount(account));
        Account renamed = account.withPasswordHash("other");
        assertEquals(new AccountWriteResult.Written(), store().updateAccount(renamed));
        assertEquals(Optional.of(renamed), store().findAccountByHandle(account.handle()));
    }

    /** Another row's handle or email is {@code HandleTaken} / {@code EmailTaken}; nothing is written. */
    @Test
    default void updateAccountToAnotherRowsValuesIsTakenAndWritesNothing() {
        Account account = givenAccount();
        Account other = givenAccount();
        assertEquals(new AccountWriteResult.HandleTaken(),
                store().updateAccount(account.withHandle(other.handle()).withPasswordHash("changed")));
        assertEquals(new AccountWriteResult.EmailTaken(),
                store().updateAccount(account.withEmail(other.email().orElseThrow()).withPasswordHash("changed")));
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
        assertEquals(Optional.of(other), store().findAccountByHandle(other.handle()));
        assertEquals(Optional.of(other), store().findAccountByEmail(other.email().orElseThrow()));
    }

    /** An unknown DID is {@code NotFound}, even when its handle or email is another row's; nothing is written. */
    @Test
    default void updateAccountOfUnknownDidIsNotFound() {
        Account other = givenAccount();
        assertEquals(new AccountWriteResult.NotFound(), store().updateAccount(anAccount()));
        assertEquals(new AccountWriteResult.NotFound(),
                store().updateAccount(anAccount(randomDid(), other.handle(), other.email().orElseThrow())));
        assertEquals(1, store().countAccounts());
    }

    /** Updates touch only the named row. */
    @Test
    default void updateAccountLeavesOtherRowsAlone() {
        Account account = givenAccount();
        Account other = givenAccount();
        store().updateAccount(account.withTakedownRef(Optional.of("x")).withInvitesDisabled(true));
        assertEquals(Optional.of(other), store().findAccountByDid(other.did()));
    }

    /** Deletion removes the row; the DID, handle and email are free again; a second delete is false. */
    @Test
    default void deleteAccountRemovesTheRowAndFreesItsKeys() {
        Account account = givenAccount();
        Account other = givenAccount();
        assertTrue(store().deleteAccount(account.did()));
        assertAll(
                () -> assertEquals(Optional.empty(), store().findAccountByDid(account.did())),
                () -> assertEquals(Optional.empty(), store().findAccountByHandle(account.handle())),
                () -> assertEquals(Optional.empty(), store().findAccountByEmail(account.email().orElseThrow())),
                () -> assertEquals(Optional.of(other), store().findAccountByDid(other.did())),
                () -> assertEquals(1, store().countAccounts()));
        assertFalse(store().deleteAccount(account.did()));
        assertFalse(store().deleteAccount(randomDid()));
        givenAccount(account);
        assertEquals(Optional.of(account), store().findAccountByHandle(account.handle()));
    }

    /**
     * Deleting an account deletes its row only: its sessions, app passwords, email tokens, codes, use records
     * and reservations are the domain's to delete (in the same transaction), so the store keeps them. A store
     * must therefore not cascade, nor refuse the delete because of them.
     */
    @Test
    default void deleteAccountDeletesNothingElse() {
        Account account = givenAccount();
        RefreshToken session = givenRefreshToken(account.did());
        AppPassword app = givenAppPassword(anAppPassword(account.did(), "phone", at(1)));
        EmailToken token = givenEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did());
        InviteCode earned = givenInviteCode(anEarnedInviteCode(account.did(), at(2)));
        InviteCode signup = givenInviteCode(1);
        InviteCodeUse use = givenUse(signup.code(), account.did(), T0);
        ReservedSigningKey key = givenReservedKey(Optional.of(account.did()), at(3));

        assertTrue(store().deleteAccount(account.did()));

        assertAll(
                () -> assertEquals(List.of(session), store().refreshTokensOf(account.did())),
                () -> assertEquals(List.of(app), store().appPasswordsOf(account.did())),
                () -> assertEquals(Optional.of(token),
                        store().findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did())),
                () -> assertEquals(List.of(new InviteCodeDetails(earned, List.of())),
                        store().inviteCodesForAccount(account.did())),
                () -> assertEquals(List.of(use), store().inviteCodeUsesBy(account.did())),
                () -> assertEquals(Optional.of(key), store().findReservedSigningKeyForDid(account.did())));
    }

    // ------------------------------------------------------------------------------------- listAccounts

    /** Results are ordered by DID and filtered by email prefix. */
    @Test
    default void listAccountsFiltersByEmailPrefixInDidOrder() {
        List<Account> matching = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            matching.add(givenAccount(anAccount(randomDid(), randomHandle(), "alice" + i + "@x.test")));
        }
        givenAccount(anAccount(randomDid(), randomHandle(), "bob@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "malice@x.test"));
        matching.sort(Comparator.comparing(Account::did));

        assertEquals(matching, store().listAccounts(Optional.of("alice"), Optional.empty(), 100));
        assertEquals(matching.subList(0, 1), store().listAccounts(Optional.of("alice"), Optional.empty(), 1));
        Account third = matching.get(2);
        assertEquals(List.of(third),
                store().listAccounts(Optional.of(third.email().orElseThrow()), Optional.empty(), 10));
        assertEquals(List.of(), store().listAccounts(Optional.of("carol"), Optional.empty(), 10));
    }

    /** Paging with {@code afterDid} visits every match once, in DID order. */
    @Test
    default void listAccountsPagesAfterDid() {
        List<Account> all = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            all.add(givenAccount());
        }
        all.sort(Comparator.comparing(Account::did));
        for (String prefix : List.of("u", "")) {
            List<Account> seen = new ArrayList<>();
            Optional<String> after = Optional.empty();
            for (int pages = 1; ; pages++) {
                assertTrue(pages <= all.size() + 1, "paging with afterDid does not end");
                List<Account> page = store().listAccounts(Optional.of(prefix), after, 4);
                assertTrue(page.size() <= 4);
                if (page.isEmpty()) {
                    break;
                }
                seen.addAll(page);
                after = Optional.of(page.get(page.size() - 1).did());
            }
            assertEquals(all, seen, "prefix '" + prefix + "'");
        }
        assertEquals(all.subList(3, 9), store().listAccounts(Optional.of(""), Optional.of(all.get(2).did()), 100));
        assertEquals(all.subList(3, 9), store().listAccounts(Optional.of("u"), Optional.of(all.get(2).did()), 100));
    }

    /**
     * An empty prefix matches every account that has an email; accounts without one never match a prefix. No
     * prefix lists every account, with or without an email, in DID order and by pages, and the default
     * {@code countAccounts} walks those pages.
     */
    @Test
    default void listAccountsWithEmptyPrefixMatchesEveryAccountWithAnEmailAndWithoutOneEveryAccount() {
        Account a = givenAccount();
        Account b = givenAccount();
        Account bare = givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        List<Account> expected = new ArrayList<>(List.of(a, b));
        expected.sort(Comparator.comparing(Account::did));
        assertEquals(expected, store().listAccounts(Optional.of(""), Optional.empty(), 100));

        List<Account> all = new ArrayList<>(List.of(a, b, bare));
        all.sort(Comparator.comparing(Account::did));
        assertEquals(all, store().listAccounts(Optional.empty(), Optional.empty(), 100));
        assertEquals(all.subList(0, 2), store().listAccounts(Optional.empty(), Optional.empty(), 2));
        assertEquals(all.subList(1, 3), store().listAccounts(Optional.empty(), Optional.of(all.get(0).did()), 100));
        assertEquals(List.of(), store().listAccounts(Optional.empty(), Optional.of(all.get(2).did()), 100));
        assertEquals(3, store().countAccounts());
    }

    /** The prefix is literal: {@code _}, {@code %} and {@code \} are no wildcards or escapes. */
    @Test
    default void listAccountsTreatsTheEmailPrefixLiterally() {
        Account underscore = givenAccount(anAccount(randomDid(), randomHandle(), "a_b@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "axb@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "ab@x.test"));
        Account percent = givenAccount(anAccount(randomDid(), randomHandle(), "c%d@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "cxd@x.test"));
        Account backslash = givenAccount(anAccount(randomDid(), randomHandle(), "e\\f@x.test"));
        assertEquals(List.of(underscore), store().listAccounts(Optional.of("a_"), Optional.empty(), 10));
        assertEquals(List.of(percent), store().listAccounts(Optional.of("c%"), Optional.empty(), 10));
        assertEquals(List.of(backslash), store().listAccounts(Optional.of("e\\"), Optional.empty(), 10));
        assertEquals(List.of(), store().listAccounts(Optional.of("%"), Optional.empty(), 10));
    }

    /** countAccounts follows inserts and deletes. */
    @Test
    default void countAccountsFollowsInsertsAndDeletes() {
        Account a = givenAccount();
        givenAccount();
        givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        assertEquals(3, store().countAccounts());
        store().deleteAccount(a.did());
        assertEquals(2, store().countAccounts());
    }

    /**
     * Keys containing NUL (which no stored value holds, and which PostgreSQL text cannot even carry) find
     * nothing and delete nothing, instead of failing: lookups are fed by user input. Likewise very long keys.
     */
    @Test
    default void lookupsAndDeletesByKeysContainingNulOrVeryLongFindAndChangeNothing() {
        Account account = givenAccount();
        String nul = account.did() + "\u0000";
        String huge = "x".repeat(10_000);
        assertAll(
                () -> assertTrue(store().findAccountByDid(nul).isEmpty()),
                () -> assertTrue(store().findAccountByHandle(account.handle() + "\u0000").isEmpty()),
                () -> assertTrue(store().findAccountByEmail("\u0000" + account.email().orElseThrow()).isEmpty()),
                () -> assertTrue(store().listAccounts(Optional.of("a\u0000"), Optional.empty(), 10).isEmpty()),
                () -> assertTrue(store().listAccounts(Optional.of(""), Optional.of(nul), 10).isEmpty()),
                () -> assertTrue(store().findInviteCode("code\u0000").isEmpty()),
                () -> assertTrue(store().findRefreshToken("id\u0000").isEmpty()),
                () -> assertEquals(0, store().deleteRefreshTokens(nul, List.of("id\u0000"), Optional.of(T0))),
                () -> assertEquals(0, store().deleteRefreshTokens(account.did(), List.of("id\u0000"), Optional.empty())),
                () -> assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, "code\u0000"))),
                () -> assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, nul))),
                () -> assertEquals(0, store().deleteReservedSigningKeys(List.of("did:key:\u0000"), Optional.empty())),
                () -> assertTrue(store().listAccounts(Optional.empty(), Optional.of(nul), 10).isEmpty()),
                () -> assertTrue(store().findEmailTokenByHash(EmailTokenPurpose.RESET_PASSWORD, "h\u0000").isEmpty()),
                () -> assertTrue(store().findReservedSigningKey("did:key:\u0000").isEmpty()),
                () -> assertTrue(store().appPasswordsOf(nul).isEmpty()),
                () -> assertFalse(store().deleteAppPassword(nul, "a\u0000")),
                () -> assertFalse(store().deleteAccount(nul)),
                () -> assertTrue(store().findAccountByDid(huge).isEmpty()),
                () -> assertTrue(store().findAccountByHandle(huge).isEmpty()),
                () -> assertTrue(store().findInviteCode(huge).isEmpty()),
                () -> assertTrue(store().findAccountByDid(account.did()).isPresent()));
    }
}
