package dev.pdsaccounts.identity;

import java.util.Optional;

/**
 * Store port for reserved signing keys ({@code reserveSigningKey}); part of
 * {@link dev.pdsaccounts.store.AccountStore}. Both methods are atomic; implementations never return null and
 * report infrastructure failures as {@link dev.pdsaccounts.error.StoreException}. Reservations are secrets
 * (they hold private keys) and are kept like the accounts' signing keys.
 */
public interface SigningKeyReservations {
    /**
     * Stores a reservation. When it names a DID, any earlier reservation for that DID is replaced (removed);
     * a reservation with the same {@code keyDid} is replaced too.
     *
     * @param key the reservation
     */
    void reserveSigningKey(ReservedSigningKey key);

    /**
     * Finds and removes, in one atomic step, the reservation for a DID (matching {@link ReservedSigningKey#did()})
     * or, when none, the one whose {@link ReservedSigningKey#keyDid()} is the given did:key. Two concurrent
     * calls never both receive the same reservation.
     *
     * @param didOrKeyDid an account DID or a did:key
     * @return the reservation that was removed, or empty
     */
    Optional<ReservedSigningKey> takeReservedSigningKey(String didOrKeyDid);
}
