package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.identity.SigningKeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.identity.SigningKeyReservations}: reservations by DID (a new one replaces
 * the old) and anonymous ones, found and removed by DID or by did:key in one atomic step.
 */
public interface SigningKeyReservationsContract extends StoreFixture {

    /** A fresh reservation (a real secp256k1 key) for {@code did}, if given, made at {@code T0 + seconds}. */
    private static ReservedSigningKey aReservation(Optional<String> did, long seconds) {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        return new ReservedSigningKey(key.publicKey().didKey(), did, key.privateKeyHex(), at(seconds));
    }

    /** A reservation for a DID is taken by that DID, every field intact, and only once. */
    @Test
    default void reservationForDidIsTakenByDidOnce() {
        String did = randomDid();
        ReservedSigningKey key = aReservation(Optional.of(did), 5);
        store().reserveSigningKey(key);
        assertEquals(Optional.of(key), store().takeReservedSigningKey(did));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(did));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(key.keyDid()));
    }

    /** Any reservation can be taken by its did:key, with or without a DID. */
    @Test
    default void reservationIsTakenByKeyDid() {
        ReservedSigningKey anonymous = aReservation(Optional.empty(), 1);
        ReservedSigningKey forDid = aReservation(Optional.of(randomDid()), 2);
        store().reserveSigningKey(anonymous);
        store().reserveSigningKey(forDid);
        assertEquals(Optional.of(forDid), store().takeReservedSigningKey(forDid.keyDid()));
        assertEquals(Optional.of(anonymous), store().takeReservedSigningKey(anonymous.keyDid()));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(forDid.did().orElseThrow()));
    }

    /** A second reservation for the same DID replaces the first, which is gone by did:key too. */
    @Test
    default void newReservationForDidReplacesTheOld() {
        String did = randomDid();
        ReservedSigningKey first = aReservation(Optional.of(did), 1);
        ReservedSigningKey second = aReservation(Optional.of(did), 2);
        store().reserveSigningKey(first);
        store().reserveSigningKey(second);
        assertEquals(Optional.empty(), store().takeReservedSigningKey(first.keyDid()));
        assertEquals(Optional.of(second), store().takeReservedSigningKey(did));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(did));
    }

    /** Anonymous reservations coexist, and reservations of different DIDs do not touch each other. */
    @Test
    default void reservationsAreIndependent() {
        List<ReservedSigningKey> anonymous = List.of(aReservation(Optional.empty(), 1),
                aReservation(Optional.empty(), 2), aReservation(Optional.empty(), 3));
        ReservedSigningKey a = aReservation(Optional.of(randomDid()), 4);
        ReservedSigningKey b = aReservation(Optional.of(randomDid()), 5);
        anonymous.forEach(store()::reserveSigningKey);
        store().reserveSigningKey(a);
        store().reserveSigningKey(b);
        assertEquals(Optional.of(b), store().takeReservedSigningKey(b.did().orElseThrow()));
        assertEquals(Optional.of(a), store().takeReservedSigningKey(a.did().orElseThrow()));
        for (ReservedSigningKey k : anonymous) {
            assertEquals(Optional.of(k), store().takeReservedSigningKey(k.keyDid()));
        }
    }

    /** Taking an unknown DID or key finds nothing and changes nothing. */
    @Test
    default void takingUnknownFindsNothing() {
        ReservedSigningKey kept = aReservation(Optional.of(randomDid()), 1);
        store().reserveSigningKey(kept);
        assertEquals(Optional.empty(), store().takeReservedSigningKey(randomDid()));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(aReservation(Optional.empty(), 0).keyDid()));
        assertEquals(Optional.of(kept), store().takeReservedSigningKey(kept.keyDid()));
    }

    /** Re-reserving a taken reservation (a failed creation puts it back) makes it takeable again. */
    @Test
    default void takenReservationCanBePutBack() {
        String did = randomDid();
        ReservedSigningKey key = aReservation(Optional.of(did), 1);
        store().reserveSigningKey(key);
        ReservedSigningKey taken = store().takeReservedSigningKey(did).orElseThrow();
        store().reserveSigningKey(taken);
        assertEquals(Optional.of(key), store().takeReservedSigningKey(key.keyDid()));
    }

    /** Concurrent takes of one reservation: exactly one caller receives it, in every round. */
    @Test
    default void concurrentTakesHandOutAReservationOnce() {
        int rounds = Math.max(1, contractRaceRounds() / 4);
        try (Race race = new Race(8)) {
            for (int round = 0; round < rounds; round++) {
                String did = randomDid();
                ReservedSigningKey key = aReservation(Optional.of(did), round);
                store().reserveSigningKey(key);
                List<Optional<ReservedSigningKey>> results = race.run(i -> () ->
                        store().takeReservedSigningKey(i % 2 == 0 ? did : key.keyDid()));
                assertEquals(1, results.stream().filter(Optional::isPresent).count(), "round " + round);
                assertEquals(key, results.stream().filter(Optional::isPresent).findFirst().orElseThrow().get());
            }
        }
    }

    /** The reservation's text form never shows the private key. */
    @Test
    default void reservationToStringHidesThePrivateKey() {
        ReservedSigningKey key = aReservation(Optional.of(randomDid()), 1);
        assertFalse(key.toString().contains(key.privateKeyHex()));
    }

    /** Deleting an account removes the keys reserved for its DID (they are data about the account). */
    @Test
    default void deletingTheAccountRemovesItsReservations() {
        String did = givenAccount().did();
        ReservedSigningKey mine = aReservation(Optional.of(did), 1);
        ReservedSigningKey other = aReservation(Optional.empty(), 2);
        store().reserveSigningKey(mine);
        store().reserveSigningKey(other);
        assertTrue(store().deleteAccount(did));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(did));
        assertEquals(Optional.empty(), store().takeReservedSigningKey(mine.keyDid()));
        assertEquals(Optional.of(other), store().takeReservedSigningKey(other.keyDid()));
    }
}
