package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.aReservedSigningKey;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomKeyDid;
import static dev.pdsaccounts.testkit.StoreFixtures.reservationsHeld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.identity.ReservedSigningKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.identity.SigningKeyRepository}: plain storage of reservations keyed by
 * their did:key, the lookup of a DID's oldest reservation, and deletion. Which reservation a DID may have and
 * when one expires are the domain's.
 */
public interface SigningKeyRepositoryContract extends StoreFixture {

    /** Every component survives the round trip, with and without a DID. */
    @Test
    default void insertReservedSigningKeyStoresEveryField() {
        ReservedSigningKey forDid = aReservedSigningKey(Optional.of(randomDid()), at(1).plusMillis(9));
        ReservedSigningKey anonymous = aReservedSigningKey(Optional.empty(), at(2));
        store().insertReservedSigningKey(forDid);
        store().insertReservedSigningKey(anonymous);
        assertEquals(Optional.of(forDid), store().findReservedSigningKey(forDid.keyDid()));
        assertEquals(Optional.of(anonymous), store().findReservedSigningKey(anonymous.keyDid()));
        assertEquals(Optional.of(forDid), store().findReservedSigningKeyForDid(forDid.did().orElseThrow()));
        assertEquals(Optional.empty(), store().findReservedSigningKey(randomKeyDid()));
        assertEquals(Optional.empty(), store().findReservedSigningKeyForDid(randomDid()));
    }

    /** A reservation with an existing did:key replaces that row. */
    @Test
    default void insertWithTheSameKeyDidReplacesTheRow() {
        String did = randomDid();
        ReservedSigningKey first = givenReservedKey(Optional.of(did), at(1));
        ReservedSigningKey replacement = new ReservedSigningKey(first.keyDid(), Optional.empty(),
                "cd".repeat(32), at(5));
        store().insertReservedSigningKey(replacement);
        assertEquals(Optional.of(replacement), store().findReservedSigningKey(first.keyDid()));
        assertEquals(Optional.empty(), store().findReservedSigningKeyForDid(did));
    }

    /**
     * A DID may have several reservations (the store does not decide that it should not): the lookup by DID
     * answers the oldest by {@code createdAt}, whatever the insert order; other DIDs' are not included.
     */
    @Test
    default void findForDidAnswersTheOldestReservation() {
        String did = randomDid();
        givenReservedKey(Optional.of(did), at(30));
        ReservedSigningKey oldest = givenReservedKey(Optional.of(did), at(10));
        givenReservedKey(Optional.of(did), at(20));
        givenReservedKey(Optional.of(randomDid()), at(1));
        givenReservedKey(Optional.empty(), at(0));
        assertEquals(Optional.of(oldest), store().findReservedSigningKeyForDid(did));
        assertEquals(4, store().deleteReservedSigningKeys(List.of(oldest.keyDid()), Optional.empty()));
        assertEquals(at(20), store().findReservedSigningKeyForDid(did).orElseThrow().createdAt());
    }

    /**
     * Deletion by did:key removes exactly the named rows and answers how many are left; the key can be reserved
     * again.
     */
    @Test
    default void deleteReservedSigningKeysRemovesTheNamedRows() {
        String did = randomDid();
        ReservedSigningKey doomed = givenReservedKey(Optional.of(did), at(1));
        ReservedSigningKey alsoDoomed = givenReservedKey(Optional.empty(), at(0));
        ReservedSigningKey kept = givenReservedKey(Optional.empty(), at(2));
        assertEquals(1, store().deleteReservedSigningKeys(List.of(doomed.keyDid(), alsoDoomed.keyDid(),
                randomKeyDid()), Optional.empty()));
        assertEquals(1, store().deleteReservedSigningKeys(List.of(doomed.keyDid()), Optional.empty()));
        assertEquals(1, store().deleteReservedSigningKeys(List.of(), Optional.empty()));
        assertEquals(Optional.empty(), store().findReservedSigningKey(alsoDoomed.keyDid()));
        assertEquals(Optional.empty(), store().findReservedSigningKey(doomed.keyDid()));
        assertEquals(Optional.empty(), store().findReservedSigningKeyForDid(did));
        assertEquals(Optional.of(kept), store().findReservedSigningKey(kept.keyDid()));
        store().insertReservedSigningKey(doomed);
        assertEquals(Optional.of(doomed), store().findReservedSigningKeyForDid(did));
    }

    /** A reservation row's toString never shows the private key. */
    @Test
    default void storedReservationToStringHidesThePrivateKey() {
        ReservedSigningKey key = givenReservedKey(Optional.of(randomDid()), at(1));
        ReservedSigningKey stored = store().findReservedSigningKey(key.keyDid()).orElseThrow();
        assertFalse(stored.toString().contains(key.privateKeyHex()), stored.toString());
    }

    /**
     * The expiry sweep deletes exactly the reservations created strictly before the cutoff (with or without a
     * DID), plus the named ones, and answers how many are left.
     */
    @Test
    default void theSweepIsStrictAndCountsWhatIsLeft() {
        ReservedSigningKey named = givenReservedKey(Optional.empty(), at(20));
        String did = randomDid();
        ReservedSigningKey old = givenReservedKey(Optional.of(did), at(1));
        ReservedSigningKey older = givenReservedKey(Optional.empty(), at(0));
        ReservedSigningKey atCutoff = givenReservedKey(Optional.empty(), at(5));
        ReservedSigningKey young = givenReservedKey(Optional.of(did), at(9));
        assertEquals(5, reservationsHeld(store()));
        assertEquals(2, store().deleteReservedSigningKeys(List.of(named.keyDid()), Optional.of(at(5))));
        assertEquals(Optional.empty(), store().findReservedSigningKey(old.keyDid()));
        assertEquals(Optional.empty(), store().findReservedSigningKey(older.keyDid()));
        assertEquals(Optional.of(atCutoff), store().findReservedSigningKey(atCutoff.keyDid()));
        assertEquals(Optional.of(young), store().findReservedSigningKeyForDid(did));
        assertEquals(Optional.empty(), store().findReservedSigningKey(named.keyDid()));
        assertEquals(2, store().deleteReservedSigningKeys(List.of(), Optional.of(at(5))));
        assertEquals(0, store().deleteReservedSigningKeys(List.of(), Optional.of(at(10))));
        assertEquals(0, reservationsHeld(store()));
    }

    /** Inside a transaction the sweep and the count see the transaction's own writes; a rollback restores all. */
    @Test
    default void sweepAndCountInsideATransaction() {
        ReservedSigningKey kept = givenReservedKey(Optional.empty(), at(1));
        try {
            store().inTransaction(tx -> {
                tx.insertReservedSigningKey(aReservedSigningKey(Optional.empty(), at(2)));
                assertEquals(2, reservationsHeld(tx));
                assertEquals(0, tx.deleteReservedSigningKeys(List.of(), Optional.of(at(3))));
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the work's exception propagates unchanged
        }
        assertEquals(1, reservationsHeld(store()));
        assertEquals(Optional.of(kept), store().findReservedSigningKey(kept.keyDid()));
    }
}
