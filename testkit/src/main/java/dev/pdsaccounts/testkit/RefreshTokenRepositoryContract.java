package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.aRefreshToken;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomTokenId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RefreshTokenField;
import dev.pdsaccounts.session.RotateResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.session.RefreshTokenRepository}: plain storage of session rows and the
 * rotation compare-and-set, also under concurrency (auto-commit calls and transactions alike).
 */
public interface RefreshTokenRepositoryContract extends StoreFixture {

    /** Every component survives the round trip. */
    @Test
    default void insertRefreshTokenStoresEveryField() {
        String did = givenAccount().did();
        RefreshToken plain = aRefreshToken(randomTokenId(), did, at(3600));
        RefreshToken full = new RefreshToken(randomTokenId(), did, at(7200).plusMillis(3),
                Optional.of(randomTokenId()), Optional.of("my app ✓"));
        store().insertRefreshToken(plain);
        store().insertRefreshToken(full);
        assertEquals(Optional.of(plain), store().findRefreshToken(plain.id()));
        assertEquals(Optional.of(full), store().findRefreshToken(full.id()));
        assertEquals(Optional.empty(), store().findRefreshToken(randomTokenId()));
    }

    /** Inserting an id that exists does nothing: the first row stays. */
    @Test
    default void insertRefreshTokenKeepsAnExistingRow() {
        String did = givenAccount().did();
        RefreshToken first = aRefreshToken(randomTokenId(), did, at(100));
        store().insertRefreshToken(first);
        RefreshToken second = new RefreshToken(first.id(), givenAccount().did(), at(999), Optional.of("x"),
                Optional.of("y"));
        store().insertRefreshToken(second);
        assertEquals(Optional.of(first), store().findRefreshToken(first.id()));
        assertEquals(List.of(first), store().refreshTokensOf(did));
        assertEquals(List.of(), store().refreshTokensOf(second.did()));
    }

    /**
     * The port's one finder: by id the row or nothing; by account every row of it, ordered by {@code expiresAt},
     * then id.
     */
    @Test
    default void findRefreshTokensByIdOrByAccountInExpiryOrder() {
        String did = givenAccount().did();
        String base = randomTokenId();
        RefreshToken late = insert(aRefreshToken(base + "-late", did, at(90)));
        RefreshToken tieB = insert(aRefreshToken(base + "-b", did, at(30)));
        RefreshToken tieA = insert(aRefreshToken(base + "-a", did, at(30)));
        RefreshToken early = insert(aRefreshToken(base + "-early", did, at(5)));
        insert(aRefreshToken(base + "-other", givenAccount().did(), at(1)));
        assertEquals(List.of(early, tieA, tieB, late),
                store().findRefreshTokens(new Lookup<>(RefreshTokenField.ACCOUNT, did)));
        assertEquals(List.of(tieB), store().findRefreshTokens(new Lookup<>(RefreshTokenField.ID, tieB.id())));
        assertEquals(List.of(), store().findRefreshTokens(new Lookup<>(RefreshTokenField.ID, base + "-none")));
    }

    private RefreshToken insert(RefreshToken row) {
        store().insertRefreshToken(row);
        return row;
    }

    /** refreshTokensOf answers every row of the account and only those. */
    @Test
    default void refreshTokensOfListsTheAccountsRows() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        List<RefreshToken> mine = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mine.add(givenRefreshToken(did));
        }
        givenRefreshToken(other);
        assertEquals(sorted(mine), sorted(store().refreshTokensOf(did)));
        assertEquals(List.of(), store().refreshTokensOf(randomDid()));
    }

    /**
     * deleteRefreshTokens by id removes the account's named rows only and counts those that existed; an id of
     * another account's row deletes nothing.
     */
    @Test
    default void deleteRefreshTokensCountsRowsThatExisted() {
        String did = givenAccount().did();
        RefreshToken a = givenRefreshToken(did);
        RefreshToken b = givenRefreshToken(did);
        RefreshToken kept = givenRefreshToken(did);
        RefreshToken othersRow = givenRefreshToken(givenAccount().did());
        assertEquals(2, store().deleteRefreshTokens(did, List.of(a.id(), b.id(), randomTokenId(), othersRow.id()),
                Optional.empty()));
        assertEquals(List.of(kept), store().refreshTokensOf(did));
        assertEquals(Optional.of(othersRow), store().findRefreshToken(othersRow.id()));
        assertEquals(0, store().deleteRefreshTokens(did, List.of(a.id()), Optional.empty()));
        assertEquals(0, store().deleteRefreshTokens(did, List.of(), Optional.empty()));
        store().insertRefreshToken(a);
        assertEquals(Optional.of(a), store().findRefreshToken(a.id()), "a deleted id can be inserted again");
    }

    /**
     * With an instant, deleteRefreshTokens also removes the account's rows expiring at or before it (the sweep),
     * never another account's; a row both named and expired counts once.
     */
    @Test
    default void deleteRefreshTokensWithAnInstantSweepsOnlyThatAccountsExpiredRows() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        RefreshToken before = StoreFixtures.aRefreshToken(randomTokenId(), did, at(5));
        RefreshToken exactly = StoreFixtures.aRefreshToken(randomTokenId(), did, at(10));
        RefreshToken after = StoreFixtures.aRefreshToken(randomTokenId(), did, at(10).plusMillis(1));
        RefreshToken named = StoreFixtures.aRefreshToken(randomTokenId(), did, at(20));
        RefreshToken othersExpired = StoreFixtures.aRefreshToken(randomTokenId(), other, at(5));
        for (RefreshToken t : List.of(before, exactly, after, named, othersExpired)) {
            store().insertRefreshToken(t);
        }
        assertEquals(2, store().deleteRefreshTokens(did, List.of(), Optional.of(at(10))));
        assertEquals(List.of(after, named), store().refreshTokensOf(did));
        assertEquals(Optional.of(othersExpired), store().findRefreshToken(othersExpired.id()));
        assertEquals(0, store().deleteRefreshTokens(did, List.of(), Optional.of(at(10))));

        store().insertRefreshToken(before);
        assertEquals(2, store().deleteRefreshTokens(did, List.of(named.id(), before.id()), Optional.of(at(10))));
        assertEquals(List.of(after), store().refreshTokensOf(did));
        assertEquals(Optional.of(othersExpired), store().findRefreshToken(othersExpired.id()));
    }

    /** Rotating a missing row is NotFound and inserts nothing. */
    @Test
    default void rotateMissingTokenIsNotFound() {
        RefreshToken successor = aRefreshToken(randomDid());
        assertEquals(new RotateResult.NotFound(), store().rotateRefreshToken(randomTokenId(), at(10), successor));
        assertEquals(Optional.empty(), store().findRefreshToken(successor.id()));
    }

    /** First rotation: the old row gets the grace expiry and nextId; the successor row is inserted as given. */
    @Test
    default void rotateSetsGraceExpiryAndNextIdAndInsertsTheSuccessor() {
        String did = givenAccount().did();
        RefreshToken old = new RefreshToken(randomTokenId(), did, at(90_000), Optional.empty(), Optional.of("app"));
        store().insertRefreshToken(old);
        RefreshToken successor = new RefreshToken(randomTokenId(), did, at(180_000), Optional.empty(),
                Optional.of("app"));

        assertEquals(new RotateResult.Rotated(), store().rotateRefreshToken(old.id(), at(7200), successor));

        assertEquals(Optional.of(new RefreshToken(old.id(), did, at(7200), Optional.of(successor.id()),
                Optional.of("app"))), store().findRefreshToken(old.id()));
        assertEquals(Optional.of(successor), store().findRefreshToken(successor.id()));
        assertEquals(2, store().refreshTokensOf(did).size());
    }

    /**
     * Rotating again with the same successor id (a reuse within the grace window) is Rotated: the grace
     * expiry is written again and the existing successor row is left as it is.
     */
    @Test
    default void rotateAgainWithTheSameSuccessorIsRotatedAndKeepsTheSuccessorRow() {
        String did = givenAccount().did();
        RefreshToken old = givenRefreshToken(did);
        RefreshToken successor = aRefreshToken(randomTokenId(), did, at(180_000));
        assertEquals(new RotateResult.Rotated(), store().rotateRefreshToken(old.id(), at(7200), successor));

        RefreshToken sameIdOtherExpiry = aRefreshToken(successor.id(), did, at(999_999));
        assertEquals(new RotateResult.Rotated(), store().rotateRefreshToken(old.id(), at(7000), sameIdOtherExpiry));

        assertEquals(at(7000), store().findRefreshToken(old.id()).orElseThrow().expiresAt());
        assertEquals(Optional.of(successor.id()), store().findRefreshToken(old.id()).orElseThrow().nextId());
        assertEquals(Optional.of(successor), store().findRefreshToken(successor.id()));
        assertEquals(2, store().refreshTokensOf(did).size());
    }

    /** A different successor id than the stored nextId is NextIdConflict(stored) and changes nothing. */
    @Test
    default void rotateWithAnotherSuccessorIsNextIdConflict() {
        String did = givenAccount().did();
        RefreshToken old = givenRefreshToken(did);
        RefreshToken successor = aRefreshToken(did);
        assertEquals(new RotateResult.Rotated(), store().rotateRefreshToken(old.id(), at(7200), successor));
        RefreshToken rotatedRow = store().findRefreshToken(old.id()).orElseThrow();

        RefreshToken intruder = aRefreshToken(did);
        assertEquals(new RotateResult.NextIdConflict(successor.id()),
                store().rotateRefreshToken(old.id(), at(100), intruder));

        assertEquals(Optional.of(rotatedRow), store().findRefreshToken(old.id()));
        assertEquals(Optional.empty(), store().findRefreshToken(intruder.id()));
        assertEquals(2, store().refreshTokensOf(did).size());
    }

    /** A row inserted already rotated (nextId present) follows the same compare-and-set. */
    @Test
    default void rotateRespectsANextIdPresentAtInsert() {
        String did = givenAccount().did();
        String next = randomTokenId();
        RefreshToken old = new RefreshToken(randomTokenId(), did, at(100), Optional.of(next), Optional.empty());
        store().insertRefreshToken(old);
        assertEquals(new RotateResult.NextIdConflict(next),
                store().rotateRefreshToken(old.id(), at(50), aRefreshToken(did)));
        assertEquals(new RotateResult.Rotated(),
                store().rotateRefreshToken(old.id(), at(50), aRefreshToken(next, did, at(500))));
        assertEquals(Optional.of(aRefreshToken(next, did, at(500))), store().findRefreshToken(next));
    }

    /** Rotating with the stored successor id after the successor row was deleted inserts it again. */
    @Test
    default void rotateReinsertsADeletedSuccessor() {
        String did = givenAccount().did();
        RefreshToken old = givenRefreshToken(did);
        RefreshToken successor = aRefreshToken(did);
        store().rotateRefreshToken(old.id(), at(7200), successor);
        assertEquals(1, store().deleteRefreshTokens(did, List.of(successor.id()), Optional.empty()));
        assertEquals(new RotateResult.Rotated(), store().rotateRefreshToken(old.id(), at(7200), successor));
        assertEquals(Optional.of(successor), store().findRefreshToken(successor.id()));
    }

    /** 10 concurrent rotations with the same successor id: all Rotated, exactly one successor row. */
    @Test
    default void racingRotationsWithTheSameSuccessorAllSucceed() {
        int threads = 10;
        int rounds = contractRaceRounds();
        String did = givenAccount().did();
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                RefreshToken old = givenRefreshToken(did);
                String nextId = randomTokenId();
                List<RotateResult> results = race.run(i -> () -> rotate(i, old.id(),
                        aRefreshToken(nextId, did, at(180_000 + i))));
                for (RotateResult result : results) {
                    assertEquals(new RotateResult.Rotated(), result, "round " + round + ": " + results);
                }
                assertEquals(Optional.of(nextId), store().findRefreshToken(old.id()).orElseThrow().nextId());
                assertTrue(store().findRefreshToken(nextId).isPresent(), "round " + round);
                assertEquals(2, store().deleteRefreshTokens(did,
                        store().refreshTokensOf(did).stream().map(RefreshToken::id).toList(), Optional.empty()),
                        "round " + round + ": one old row, one successor");
            }
        }
    }

    /**
     * 10 concurrent rotations with different successor ids: exactly one Rotated, every other one
     * NextIdConflict naming the winner; only the winner's successor row exists.
     */
    @Test
    default void racingRotationsWithDifferentSuccessorsHaveOneWinner() {
        int threads = 10;
        int rounds = contractRaceRounds();
        String did = givenAccount().did();
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                RefreshToken old = givenRefreshToken(did);
                List<RefreshToken> successors = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    successors.add(aRefreshToken(did));
                }
                List<RotateResult> results = race.run(i -> () -> rotate(i, old.id(), successors.get(i)));
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    if (results.get(i) instanceof RotateResult.Rotated) {
                        winners.add(i);
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": " + results);
                String winner = successors.get(winners.get(0)).id();
                for (int i = 0; i < threads; i++) {
                    if (i != winners.get(0)) {
                        assertEquals(new RotateResult.NextIdConflict(winner), results.get(i), "round " + round);
                    }
                }
                assertEquals(Optional.of(winner), store().findRefreshToken(old.id()).orElseThrow().nextId());
                Set<String> ids = store().refreshTokensOf(did).stream().map(RefreshToken::id)
                        .collect(Collectors.toSet());
                assertEquals(Set.of(old.id(), winner), ids, "round " + round);
                store().deleteRefreshTokens(did, ids, Optional.empty());
            }
        }
    }

    /** Even-numbered racers rotate through the store's auto-commit call, odd ones inside a transaction. */
    private RotateResult rotate(int racer, String id, RefreshToken successor) {
        if (racer % 2 == 0) {
            return store().rotateRefreshToken(id, at(7200), successor);
        }
        return store().inTransaction(tx -> tx.rotateRefreshToken(id, at(7200), successor));
    }

    private static List<RefreshToken> sorted(List<RefreshToken> tokens) {
        List<RefreshToken> copy = new ArrayList<>(tokens);
        copy.sort(Comparator.comparing(RefreshToken::id));
        return copy;
    }
}
