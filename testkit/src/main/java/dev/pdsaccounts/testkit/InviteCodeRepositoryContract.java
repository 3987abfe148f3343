package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.aUse;
import static dev.pdsaccounts.testkit.StoreFixtures.anEarnedInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.anInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomInviteCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.lookup.Lookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract of {@link dev.pdsaccounts.invite.InviteCodeRepository}: plain storage of codes and use records,
 * their lookups and orders, disabling, deletion with the uses, renaming a use's user, and the keyset listing.
 * Whether a code is available is the domain's and is not asked of the store.
 */
public interface InviteCodeRepositoryContract extends StoreFixture {

    /** Every component of a code survives the round trip; a new code has no uses. */
    @Test
    default void insertInviteCodesStoresEveryField() {
        String issuer = randomDid();
        InviteCode plain = anInviteCode(randomInviteCode(), 3, InviteCode.ADMIN, at(1));
        InviteCode disabled = new InviteCode(randomInviteCode(), 1, true, issuer, InviteCode.ADMIN, at(2));
        InviteCode earned = new InviteCode(randomInviteCode(), 1, false, issuer, issuer, at(3).plusMillis(7));
        store().insertInviteCodes(List.of(plain, disabled, earned));
        assertEquals(Optional.of(new InviteCodeDetails(plain, List.of())), store().findInviteCode(plain.code()));
        assertEquals(Optional.of(new InviteCodeDetails(disabled, List.of())), store().findInviteCode(disabled.code()));
        assertEquals(Optional.of(new InviteCodeDetails(earned, List.of())), store().findInviteCode(earned.code()));
        assertEquals(Optional.empty(), store().findInviteCode(randomInviteCode()));
    }

    /** An empty insert changes nothing. */
    @Test
    default void insertInviteCodesWithEmptyListDoesNothing() {
        store().insertInviteCodes(List.of());
        assertTrue(store().listInviteCodes(InviteSort.RECENT, 10, Optional.empty()).codes().isEmpty());
    }

    /**
     * A code that already exists (or twice in one batch) fails the whole insert with a {@link StoreException},
     * as the primary key would; none of the batch is inserted.
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

    /**
     * Use records are stored as given (the store does not check the code's use count or flag: that is the
     * domain's) and listed with the code by {@code usedAt}, then {@code usedBy}.
     */
    @Test
    default void usesAreStoredAsGivenAndListedOldestFirst() {
        InviteCode code = givenInviteCode(new InviteCode(randomInviteCode(), 1, true, InviteCode.ADMIN,
                InviteCode.ADMIN, T0));
        List<InviteCodeUse> expected = new ArrayList<>();
        for (int seconds : new int[] {30, 10, 20, 10}) {
            expected.add(givenUse(code.code(), randomDid(), at(seconds)));
        }
        expected.sort(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::usedBy));
        assertEquals(Optional.of(new InviteCodeDetails(code, expected)), store().findInviteCode(code.code()));
        assertEquals(List.of(new InviteCodeDetails(code, expected)), store().inviteCodesForAccount(InviteCode.ADMIN));
    }

    /** The codes issued to an account, oldest first (ties by code), with their uses; others have none. */
    @Test
    default void inviteCodesForAccountAreOldestFirstWithUses() {
        String did = randomDid();
        InviteCode newest = anEarnedInviteCode(did, at(300));
        InviteCode oldest = anInviteCode(randomInviteCode(), 2, did, at(100));
        InviteCode middle = anEarnedInviteCode(did, at(200));
        InviteCode tie = anEarnedInviteCode(did, at(200));
        store().insertInviteCodes(List.of(newest, oldest, middle, tie));
        givenInviteCode(anEarnedInviteCode(randomDid(), at(150)));
        InviteCodeUse use = givenUse(oldest.code(), randomDid(), T0);
        List<InviteCode> ties = new ArrayList<>(List.of(middle, tie));
        ties.sort(Comparator.comparing(InviteCode::code));

        assertEquals(List.of(
                        new InviteCodeDetails(oldest, List.of(use)),
                        new InviteCodeDetails(ties.get(0), List.of()),
                        new InviteCodeDetails(ties.get(1), List.of()),
                        new InviteCodeDetails(newest, List.of())),
                store().inviteCodesForAccount(did));
        assertEquals(List.of(), store().inviteCodesForAccount(randomDid()));
    }

    /** Every use record of a DID, across codes, by {@code usedAt} then code. */
    @Test
    default void inviteCodeUsesByListsTheDidsUses() {
        String did = randomDid();
        List<InviteCodeUse> expected = new ArrayList<>();
        for (int seconds : new int[] {50, 10, 30, 10}) {
            expected.add(givenUse(givenInviteCode(2).code(), did, at(seconds)));
        }
        String other = givenInviteCode(2).code();
        givenUse(other, randomDid(), at(1));
        expected.sort(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::code));
        assertEquals(expected, store().inviteCodeUsesBy(did));
        assertEquals(List.of(), store().inviteCodeUsesBy(randomDid()));
    }

    /**
     * The port's one finder by the account that used codes: each such code with all its uses (other accounts'
     * too), ordered by that account's use time, then code; a code it did not use is not there.
     */
    @Test
    default void findInviteCodesUsedByAnAccountCarryEveryUse() {
        String did = randomDid();
        String someoneElse = randomDid();
        InviteCode late = givenInviteCode(3);
        InviteCode early = givenInviteCode(3);
        InviteCode notMine = givenInviteCode(3);
        InviteCodeUse lateMine = givenUse(late.code(), did, at(40));
        InviteCodeUse lateTheirs = givenUse(late.code(), someoneElse, at(5));
        InviteCodeUse earlyMine = givenUse(early.code(), did, at(20));
        InviteCodeUse notMineUse = givenUse(notMine.code(), someoneElse, at(1));
        assertEquals(List.of(new InviteCodeDetails(early, List.of(earlyMine)),
                        new InviteCodeDetails(late, List.of(lateTheirs, lateMine))),
                store().findInviteCodes(new Lookup<>(InviteCodeField.USED_BY, did)));
        assertEquals(List.of(), store().findInviteCodes(new Lookup<>(InviteCodeField.USED_BY, randomDid())));
        assertEquals(List.of(new InviteCodeDetails(notMine, List.of(notMineUse))),
                store().findInviteCodes(new Lookup<>(InviteCodeField.CODE, notMine.code())));
    }

    /** Deleting an account's use records deletes exactly those; the codes and everyone else's uses stay. */
    @Test
    default void deleteInviteCodesByUserDeletesThatAccountsUseRecordsOnly() {
        InviteCode code = givenInviteCode(3);
        String did = randomDid();
        String stays = randomDid();
        givenUse(code.code(), did, at(1));
        InviteCodeUse theirs = givenUse(code.code(), stays, at(2));
        InviteCode otherCode = givenInviteCode(anEarnedInviteCode(did, at(0)));
        givenUse(otherCode.code(), did, at(3));
        InviteCodeUse onMine = givenUse(otherCode.code(), stays, at(4));

        assertEquals(2, store().deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, did)));

        assertEquals(List.of(), store().inviteCodeUsesBy(did));
        assertEquals(List.of(theirs), store().findInviteCode(code.code()).orElseThrow().uses());
        assertEquals(List.of(onMine), store().findInviteCode(otherCode.code()).orElseThrow().uses());
        assertEquals(List.of(otherCode), store().inviteCodesForAccount(did).stream().map(InviteCodeDetails::code)
                .toList(), "the codes issued to the account stay");
        assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, did)));
        assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, randomDid())));
    }

    /** Disabling by code and by account counts each code that changed state once; nothing else changes. */
    @Test
    default void disableInviteCodesCountsCodesThatChangedState() {
        String a = randomDid();
        String b = randomDid();
        InviteCode a1 = givenInviteCode(anEarnedInviteCode(a, at(1)));
        InviteCode a2 = givenInviteCode(anEarnedInviteCode(a, at(2)));
        InviteCode b1 = givenInviteCode(anEarnedInviteCode(b, at(3)));
        InviteCode loose = givenInviteCode(2);
        InviteCode alreadyDisabled = givenInviteCode(new InviteCode(randomInviteCode(), 1, true, a, a, at(4)));
        InviteCode untouched = givenInviteCode(3);
        InviteCodeUse use = givenUse(loose.code(), randomDid(), T0);

        assertEquals(3, store().disableInviteCodes(
                List.of(loose.code(), a1.code(), randomInviteCode()), List.of(a, randomDid())));

        for (InviteCode code : List.of(a1, a2, loose, alreadyDisabled)) {
            assertEquals(disabledCopy(code), store().findInviteCode(code.code()).orElseThrow().code(), code.code());
        }
        assertEquals(List.of(use), store().findInviteCode(loose.code()).orElseThrow().uses());
        assertEquals(Optional.of(new InviteCodeDetails(b1, List.of())), store().findInviteCode(b1.code()));
        assertEquals(Optional.of(new InviteCodeDetails(untouched, List.of())), store().findInviteCode(untouched.code()));

        assertEquals(0, store().disableInviteCodes(List.of(a1.code()), List.of(a)));
        assertEquals(0, store().disableInviteCodes(List.of(), List.of()));
        assertEquals(1, store().disableInviteCodes(List.of(b1.code()), List.of(b)));
    }

    /**
     * Deleting a code, or every code issued to an account, deletes their use records too (and only theirs); the
     * count is of codes that existed.
     */
    @Test
    default void deleteInviteCodesDeletesCodesWithTheirUses() {
        String did = randomDid();
        InviteCode doomed = givenInviteCode(2);
        InviteCode issued = givenInviteCode(anEarnedInviteCode(did, at(1)));
        InviteCode alsoIssued = givenInviteCode(anEarnedInviteCode(did, at(5)));
        InviteCode kept = givenInviteCode(2);
        InviteCode keptIssued = givenInviteCode(anEarnedInviteCode(randomDid(), at(6)));
        givenUse(doomed.code(), did, at(2));
        givenUse(doomed.code(), randomDid(), at(3));
        givenUse(alsoIssued.code(), randomDid(), at(7));
        InviteCodeUse keptUse = givenUse(kept.code(), did, at(4));

        assertEquals(1, store().deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, doomed.code())));
        assertEquals(2, store().deleteInviteCodes(new Lookup<>(InviteCodeField.ISSUED_TO, did)));

        assertEquals(Optional.empty(), store().findInviteCode(doomed.code()));
        assertEquals(Optional.empty(), store().findInviteCode(issued.code()));
        assertEquals(Optional.empty(), store().findInviteCode(alsoIssued.code()));
        assertEquals(List.of(), store().inviteCodesForAccount(did));
        assertEquals(List.of(keptUse), store().inviteCodeUsesBy(did));
        assertEquals(Optional.of(new InviteCodeDetails(kept, List.of(keptUse))), store().findInviteCode(kept.code()));
        assertEquals(Set.of(keptIssued.code(), kept.code()),
                Set.copyOf(store().listInviteCodes(InviteSort.RECENT, 10, Optional.empty()).codes()
                        .stream().map(d -> d.code().code()).toList()));
        assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, doomed.code())));
        assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, randomInviteCode())));
        assertEquals(0, store().deleteInviteCodes(new Lookup<>(InviteCodeField.ISSUED_TO, did)));
        givenInviteCode(doomed);
        givenInviteCode(alsoIssued);
        assertEquals(Optional.of(new InviteCodeDetails(doomed, List.of())), store().findInviteCode(doomed.code()),
                "a deleted code's uses do not come back with it");
        assertEquals(Optional.of(new InviteCodeDetails(alsoIssued, List.of())),
                store().findInviteCode(alsoIssued.code()), "a deleted code's uses do not come back with it");
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
                givenUse(code.code(), randomDid(), at(u));
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
     * Paging through 60 codes with many equal createdAt values and equal use counts visits every code exactly
     * once, in order, for page sizes 1, 7 and 500.
     *
     * @param sort the listing order under test
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
                givenUse(codes.get(i).code(), randomDid(), T0);
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

    /** A cursor past the last row gives an empty last page; one before it gives the row. */
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
        InviteCodePage nul = store().listInviteCodes(InviteSort.RECENT, 10,
                Optional.of(new InviteCursor(Long.MAX_VALUE, "a\u0000")));
        assertEquals(List.of(new InviteCodeDetails(code, List.of())), nul.codes(), "a NUL in a cursor is data");
    }

    private static InviteCode disabledCopy(InviteCode code) {
        return new InviteCode(code.code(), code.availableUses(), true, code.forAccount(), code.createdBy(),
                code.createdAt());
    }
}
