package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccount;
import static dev.pdsaccounts.testkit.StoreFixtures.anEarnedInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.anInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.newAccount;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomInviteCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.invite.EarnInviteCodesResult;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract of {@link dev.pdsaccounts.invite.InviteCodes}: inserts (admin and earned, with the quota
 * compare-and-set), the availability rule, lookups and their orders, disabling, and the keyset listing.
 */
public interface InviteCodesContract extends StoreFixture {

    /** Every component of a code survives the round trip; a new code has no uses. */
    @Test
    default void insertInviteCodesStoresEveryField() {
        String issuer = randomDid();
        InviteCode plain = anInviteCode(randomInviteCode(), 3, InviteCode.ADMIN, at(1));
        InviteCode disabled = new InviteCode(randomInviteCode(), 1, true, issuer, InviteCode.ADMIN, at(2));
        InviteCode earned = new InviteCode(randomInviteCode(), 1, false, issuer, issuer, at(3));
        store().insertInviteCodes(List.of(plain, disabled, earned));
        assertEquals(Optional.of(new InviteCodeDetails(plain, List.of())), store().findInviteCode(plain.code()));
        assertEquals(Optional.of(new InviteCodeDetails(disabled, List.of())), store().findInviteCode(disabled.code()));
        assertEquals(Optional.of(new InviteCodeDetails(earned, List.of())), store().findInviteCode(earned.code()));
    }

    /** An empty insert changes nothing. */
    @Test
    default void insertInviteCodesWithEmptyListDoesNothing() {
        store().insertInviteCodes(List.of());
        assertTrue(store().listInviteCodes(InviteSort.RECENT, 10, Optional.empty()).codes().isEmpty());
    }

    /**
     * A code that already exists (or twice in one batch) fails the whole insert with a
     * {@link StoreException}, as the primary key would; none of the batch is inserted.
     */
    @Test
    default void insertInviteCodesIsAllOrNothing() {
        InviteCode existing = givenInviteCode(1);
        InviteCode fresh1 = anInviteCode(1);
        InviteCode fresh2 = anInviteCode(1);
        InviteCode clash = anInviteCode(existing.code(), 5, randomDid(), at(9));
        assertThrows(StoreException.class, () -> store().insertInviteCodes(List.of(fresh1, clash, fresh2)));
        assertEquals(Optional.empty(), store().findInviteCode(fresh1.code()));
        assertEquals(Optional.empty(), store().findInviteCode(fresh2.code()));
        assertEquals(Optional.of(new InviteCodeDetails(existing, List.of())), store().findInviteCode(existing.code()));

        InviteCode twice = anInviteCode(1);
        InviteCode other = anInviteCode(1);
        assertThrows(StoreException.class, () -> store().insertInviteCodes(List.of(other, twice, twice)));
        assertEquals(Optional.empty(), store().findInviteCode(twice.code()));
        assertEquals(Optional.empty(), store().findInviteCode(other.code()));
    }

    /** Unknown codes are not found and not available. */
    @Test
    default void unknownCodeIsNeitherFoundNorAvailable() {
        givenInviteCode(1);
        String unknown = randomInviteCode();
        assertEquals(Optional.empty(), store().findInviteCode(unknown));
        assertFalse(store().isInviteCodeAvailable(unknown));
    }

    /** Uses are listed oldest first, whatever order they were recorded in. */
    @Test
    default void usesAreListedOldestFirst() {
        InviteCode code = givenInviteCode(3);
        List<InviteCodeUse> expected = new ArrayList<>();
        for (int seconds : new int[] {30, 10, 20}) {
            Account account = new Account(randomDid(), StoreFixtures.randomHandle(),
                    Optional.of(StoreFixtures.randomEmail()), Optional.of("h"), Optional.empty(), at(seconds),
                    Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());
            assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(account, code.code())));
            expected.add(new InviteCodeUse(code.code(), account.did(), at(seconds)));
        }
        expected.sort(Comparator.comparing(InviteCodeUse::usedAt));
        assertEquals(expected, store().findInviteCode(code.code()).orElseThrow().uses());
        assertEquals(List.of(new InviteCodeDetails(code, expected)),
                store().inviteCodesForAccount(InviteCode.ADMIN));
    }

    /** Availability: exists, not disabled, uses below availableUses. */
    @Test
    default void availabilityFollowsDisabledFlagAndUseCount() {
        InviteCode fresh = givenInviteCode(2);
        InviteCode disabled = givenInviteCode(new InviteCode(randomInviteCode(), 2, true, InviteCode.ADMIN,
                InviteCode.ADMIN, T0));
        assertTrue(store().isInviteCodeAvailable(fresh.code()));
        assertFalse(store().isInviteCodeAvailable(disabled.code()));
        givenInvitedAccount(fresh.code());
        assertTrue(store().isInviteCodeAvailable(fresh.code()));
        givenInvitedAccount(fresh.code());
        assertFalse(store().isInviteCodeAvailable(fresh.code()));
    }

    /** Availability follows the issuer's takedown, both ways; unknown issuers and "admin" pass. */
    @Test
    default void availabilityFollowsTheIssuersTakedown() {
        Account issuer = givenAccount();
        InviteCode earned = givenInviteCode(anEarnedInviteCode(issuer.did(), at(1)));
        InviteCode adminIssued = givenInviteCode(anInviteCode(randomInviteCode(), 1, issuer.did(), at(2)));
        InviteCode orphan = givenInviteCode(anInviteCode(randomInviteCode(), 1, randomDid(), at(3)));
        InviteCode admin = givenInviteCode(1);
        assertTrue(store().isInviteCodeAvailable(earned.code()));
        assertTrue(store().updateTakedown(issuer.did(), Optional.of("ref")));
        assertFalse(store().isInviteCodeAvailable(earned.code()));
        assertFalse(store().isInviteCodeAvailable(adminIssued.code()));
        assertTrue(store().isInviteCodeAvailable(orphan.code()));
        assertTrue(store().isInviteCodeAvailable(admin.code()));
        assertTrue(store().updateTakedown(issuer.did(), Optional.empty()));
        assertTrue(store().isInviteCodeAvailable(earned.code()));
        assertTrue(store().isInviteCodeAvailable(adminIssued.code()));
    }

    /**
     * Earned codes go in only while the account's earned count is the expected one; admin codes issued to
     * it and other accounts' codes do not count, disabled and used earned codes do.
     */
    @Test
    default void insertEarnedInviteCodesIsACompareAndSetOnTheEarnedCount() {
        Account account = givenAccount();
        String did = account.did();
        givenInviteCode(anInviteCode(randomInviteCode(), 4, did, at(0)));
        Account other = givenAccount();
        givenInviteCode(anEarnedInviteCode(other.did(), at(0)));

        InviteCode first = anEarnedInviteCode(did, at(1));
        InviteCode second = new InviteCode(randomInviteCode(), 1, true, did, did, at(1));
        assertEquals(new EarnInviteCodesResult.Created(),
                store().insertEarnedInviteCodes(did, 0, List.of(first, second)));
        assertEquals(Optional.of(new InviteCodeDetails(second, List.of())), store().findInviteCode(second.code()));

        InviteCode late = anEarnedInviteCode(did, at(2));
        assertEquals(new EarnInviteCodesResult.ConcurrentCreate(),
                store().insertEarnedInviteCodes(did, 0, List.of(late)));
        assertEquals(new EarnInviteCodesResult.ConcurrentCreate(),
                store().insertEarnedInviteCodes(did, 3, List.of(late)));
        assertEquals(Optional.empty(), store().findInviteCode(late.code()));

        givenInvitedAccount(first.code());
        assertEquals(new EarnInviteCodesResult.Created(), store().insertEarnedInviteCodes(did, 2, List.of(late)));
        assertEquals(4, store().inviteCodesForAccount(did).size());
        assertEquals(new EarnInviteCodesResult.Created(), store().insertEarnedInviteCodes(did, 3, List.of()));
        assertEquals(4, store().inviteCodesForAccount(did).size());
    }

    /** A duplicate code in an earned insert fails with a StoreException and inserts nothing. */
    @Test
    default void insertEarnedInviteCodesWithExistingCodeFails() {
        Account account = givenAccount();
        InviteCode existing = givenInviteCode(1);
        InviteCode fresh = anEarnedInviteCode(account.did(), at(1));
        InviteCode clash = new InviteCode(existing.code(), 1, false, account.did(), account.did(), at(1));
        assertThrows(StoreException.class,
                () -> store().insertEarnedInviteCodes(account.did(), 0, List.of(fresh, clash)));
        assertEquals(List.of(), store().inviteCodesForAccount(account.did()));
    }

    /** The codes issued to an account, oldest first, with their uses; unknown DIDs have none. */
    @Test
    default void inviteCodesForAccountAreOldestFirstWithUses() {
        Account account = givenAccount();
        String did = account.did();
        InviteCode newest = anEarnedInviteCode(did, at(300));
        InviteCode oldest = anInviteCode(randomInviteCode(), 2, did, at(100));
        InviteCode middle = anEarnedInviteCode(did, at(200));
        store().insertInviteCodes(List.of(newest, oldest, middle));
        givenInviteCode(anEarnedInviteCode(givenAccount().did(), at(150)));
        Account invitee = givenInvitedAccount(oldest.code());

        assertEquals(List.of(
                        new InviteCodeDetails(oldest, List.of(new InviteCodeUse(oldest.code(), invitee.did(), T0))),
                        new InviteCodeDetails(middle, List.of()),
                        new InviteCodeDetails(newest, List.of())),
                store().inviteCodesForAccount(did));
        assertEquals(List.of(), store().inviteCodesForAccount(randomDid()));
    }

    /** inviteCodeUseOf answers the sign-up use, empty for others. */
    @Test
    default void inviteCodeUseOfFindsTheSignupUse() {
        InviteCode code = givenInviteCode(1);
        Account invitee = givenInvitedAccount(code.code());
        assertEquals(Optional.of(new InviteCodeUse(code.code(), invitee.did(), T0)),
                store().inviteCodeUseOf(invitee.did()));
        assertEquals(Optional.empty(), store().inviteCodeUseOf(givenAccount().did()));
        assertEquals(Optional.empty(), store().inviteCodeUseOf(randomDid()));
    }

    /** Disabling by code and by account counts each code that changed state once; nothing else changes. */
    @Test
    default void disableInviteCodesCountsCodesThatChangedState() {
        Account a = givenAccount();
        Account b = givenAccount();
        InviteCode a1 = givenInviteCode(anEarnedInviteCode(a.did(), at(1)));
        InviteCode a2 = givenInviteCode(anEarnedInviteCode(a.did(), at(2)));
        InviteCode b1 = givenInviteCode(anEarnedInviteCode(b.did(), at(3)));
        InviteCode loose = givenInviteCode(2);
        InviteCode alreadyDisabled = givenInviteCode(new InviteCode(randomInviteCode(), 1, true, a.did(), a.did(),
                at(4)));
        InviteCode untouched = givenInviteCode(3);
        Account invitee = givenInvitedAccount(loose.code());

        assertEquals(3, store().disableInviteCodes(
                List.of(loose.code(), a1.code(), randomInviteCode()), List.of(a.did(), randomDid())));

        for (InviteCode code : List.of(a1, a2, loose, alreadyDisabled)) {
            InviteCodeDetails details = store().findInviteCode(code.code()).orElseThrow();
            assertTrue(details.code().disabled(), code.code());
            assertEquals(disabledCopy(code), details.code());
            assertFalse(store().isInviteCodeAvailable(code.code()));
        }
        assertEquals(List.of(new InviteCodeUse(loose.code(), invitee.did(), T0)),
                store().findInviteCode(loose.code()).orElseThrow().uses());
        assertEquals(Optional.of(new InviteCodeDetails(b1, List.of())), store().findInviteCode(b1.code()));
        assertEquals(Optional.of(new InviteCodeDetails(untouched, List.of())), store().findInviteCode(untouched.code()));

        assertEquals(0, store().disableInviteCodes(List.of(a1.code()), List.of(a.did())));
        assertEquals(0, store().disableInviteCodes(List.of(), List.of()));
        assertEquals(1, store().disableInviteCodes(List.of(b1.code()), List.of(b.did())));
    }

    /** The listing of an empty store is one empty last page. */
    @Test
    default void listInviteCodesOfEmptyStoreIsEmpty() {
        for (InviteSort sort : InviteSort.values()) {
            assertEquals(new InviteCodePage(List.of(), Optional.empty()),
                    store().listInviteCodes(sort, 10, Optional.empty()));
        }
    }

    /** RECENT: newest first, ties by code descending; the cursor is (createdAt ms, code) of the last row. */
    @Test
    default void listInviteCodesByRecentIsNewestFirst() {
        List<InviteCode> codes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            codes.add(anInviteCode(randomInviteCode(), 1, InviteCode.ADMIN, at(i % 3 * 10L)));
        }
        store().insertInviteCodes(codes);
        List<InviteCode> expected = new ArrayList<>(codes);
        expected.sort(Comparator.comparing(InviteCode::createdAt).thenComparing(InviteCode::code).reversed());

        InviteCodePage page = store().listInviteCodes(InviteSort.RECENT, 5, Optional.empty());
        assertEquals(expected.subList(0, 5), page.codes().stream().map(InviteCodeDetails::code).toList());
        InviteCode last = expected.get(4);
        assertEquals(Optional.of(new InviteCursor(last.createdAt().toEpochMilli(), last.code())), page.next());

        InviteCodePage rest = store().listInviteCodes(InviteSort.RECENT, 5, page.next());
        assertEquals(expected.subList(5, 8), rest.codes().stream().map(InviteCodeDetails::code).toList());
        assertEquals(Optional.empty(), rest.next());

        InviteCodePage exact = store().listInviteCodes(InviteSort.RECENT, 8, Optional.empty());
        assertEquals(8, exact.codes().size());
        assertEquals(Optional.empty(), exact.next(), "no next cursor when nothing follows");
    }

    /** USAGE: most used first, ties by code descending; the cursor is (use count, code); uses are included. */
    @Test
    default void listInviteCodesByUsageIsMostUsedFirst() {
        Map<String, Integer> usesByCode = new HashMap<>();
        List<InviteCode> codes = new ArrayList<>();
        int[] useCounts = {0, 2, 1, 2, 0, 3};
        for (int count : useCounts) {
            InviteCode code = givenInviteCode(anInviteCode(randomInviteCode(), 3, InviteCode.ADMIN, T0));
            for (int u = 0; u < count; u++) {
                givenInvitedAccount(code.code());
            }
            codes.add(code);
            usesByCode.put(code.code(), count);
        }
        List<InviteCode> expected = new ArrayList<>(codes);
        expected.sort(Comparator.<InviteCode>comparingInt(c -> usesByCode.get(c.code()))
                .thenComparing(InviteCode::code).reversed());

        InviteCodePage page = store().listInviteCodes(InviteSort.USAGE, 4, Optional.empty());
        assertEquals(expected.subList(0, 4), page.codes().stream().map(InviteCodeDetails::code).toList());
        for (InviteCodeDetails details : page.codes()) {
            assertEquals((int) usesByCode.get(details.code().code()), details.uses().size());
        }
        InviteCode last = expected.get(3);
        assertEquals(Optional.of(new InviteCursor(usesByCode.get(last.code()), last.code())), page.next());
        InviteCodePage rest = store().listInviteCodes(InviteSort.USAGE, 4, page.next());
        assertEquals(expected.subList(4, 6), rest.codes().stream().map(InviteCodeDetails::code).toList());
        assertEquals(Optional.empty(), rest.next());
    }

    /**
     * Paging through ~60 codes with many equal createdAt values and equal use counts visits every code exactly
     * once, in order, for page sizes 1, 7 and 500.
     */
    @ParameterizedTest
    @EnumSource(InviteSort.class)
    default void listInviteCodesPagingVisitsEveryCodeExactlyOnce(InviteSort sort) {
        List<InviteCode> codes = new ArrayList<>();
        Map<String, Integer> uses = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            codes.add(anInviteCode(randomInviteCode(), 2, InviteCode.ADMIN, at(i % 4)));
        }
        store().insertInviteCodes(codes);
        for (int i = 0; i < codes.size(); i++) {
            int count = i % 3 == 0 ? 1 : 0;
            if (count == 1) {
                givenInvitedAccount(codes.get(i).code());
            }
            uses.put(codes.get(i).code(), count);
        }
        ToLongFunction<InviteCode> primary = sort == InviteSort.RECENT
                ? c -> c.createdAt().toEpochMilli()
                : c -> uses.get(c.code());
        List<String> expected = codes.stream()
                .sorted(Comparator.comparingLong(primary).thenComparing(InviteCode::code).reversed())
                .map(InviteCode::code)
                .toList();

        for (int limit : new int[] {1, 7, 500}) {
            List<String> seen = new ArrayList<>();
            Optional<InviteCursor> cursor = Optional.empty();
            int pages = 0;
            do {
                InviteCodePage page = store().listInviteCodes(sort, limit, cursor);
                assertTrue(page.codes().size() <= limit, "page larger than the limit");
                page.codes().forEach(d -> seen.add(d.code().code()));
                cursor = page.next();
                assertTrue(++pages <= codes.size() + 1, "paging does not end");
            } while (cursor.isPresent());
            assertEquals(expected, seen, sort + " limit " + limit);
            Set<String> distinct = new HashSet<>(seen);
            assertEquals(seen.size(), distinct.size(), "a code was listed twice");
        }
    }

    /** A cursor past the last row gives an empty last page. */
    @Test
    default void listInviteCodesAfterTheLastRowIsEmpty() {
        InviteCode code = givenInviteCode(anInviteCode(randomInviteCode(), 1, InviteCode.ADMIN, at(5)));
        InviteCodePage page = store().listInviteCodes(InviteSort.RECENT, 10,
                Optional.of(new InviteCursor(code.createdAt().toEpochMilli(), code.code())));
        assertEquals(new InviteCodePage(List.of(), Optional.empty()), page);
        InviteCodePage usage = store().listInviteCodes(InviteSort.USAGE, 10,
                Optional.of(new InviteCursor(0, code.code())));
        assertEquals(new InviteCodePage(List.of(), Optional.empty()), usage);
        InviteCodePage before = store().listInviteCodes(InviteSort.USAGE, 10,
                Optional.of(new InviteCursor(1, "a")));
        assertEquals(List.of(new InviteCodeDetails(code, List.of())), before.codes());
    }

    /** Concurrent earned inserts expecting the same count: exactly one is Created, the others insert nothing. */
    @Test
    default void racingEarnedInsertsCreateExactlyOnce() {
        int threads = 8;
        int rounds = contractRaceRounds();
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                String did = givenAccount(anAccount()).did();
                List<List<InviteCode>> batches = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    batches.add(List.of(anEarnedInviteCode(did, at(i)), anEarnedInviteCode(did, at(i))));
                }
                List<EarnInviteCodesResult> results =
                        race.run(i -> () -> store().insertEarnedInviteCodes(did, 0, batches.get(i)));
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    if (results.get(i) instanceof EarnInviteCodesResult.Created) {
                        winners.add(i);
                    } else {
                        assertEquals(new EarnInviteCodesResult.ConcurrentCreate(), results.get(i));
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": " + results);
                Set<String> stored = store().inviteCodesForAccount(did).stream().map(d -> d.code().code())
                        .collect(Collectors.toSet());
                Set<String> expected = batches.get(winners.get(0)).stream().map(InviteCode::code)
                        .collect(Collectors.toSet());
                assertEquals(expected, stored, "round " + round);
            }
        }
    }

    private static InviteCode disabledCopy(InviteCode code) {
        return new InviteCode(code.code(), code.availableUses(), true, code.forAccount(), code.createdBy(),
                code.createdAt());
    }
}
