package dev.pdsaccounts.identity;

import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of reserved signing keys ({@code com.atproto.server.reserveSigningKey}), part of
 * {@link dev.pdsaccounts.store.AccountStore}. Reservations hold private keys: secrets, kept like the accounts'
 * signing keys. Plain storage: which reservation a DID may have, and when one expires, is the domain's. The
 * {@code keyDid} is unique.
 */
public interface SigningKeyRepository {

    /**
     * Inserts a reservation, replacing one with the same {@code keyDid}.
     *
     * @param key the reservation
     */
    void insertReservedSigningKey(ReservedSigningKey key);

    /**
     * The reservation with this did:key. Inside a transaction, locks it.
     *
     * @param keyDid the reserved key's did:key
     * @return the reservation, or empty
     */
    Optional<ReservedSigningKey> findReservedSigningKey(String keyDid);

    /**
     * The oldest reservation made for this account DID. Inside a transaction, locks it.
     *
     * @param did the account DID the key was reserved for
     * @return the oldest such reservation, or empty
     */
    Optional<ReservedSigningKey> findReservedSigningKeyForDid(String did);

    /**
     * Deletes the reservation with this did:key.
     *
     * @param keyDid the reserved key's did:key
     * @return whether it existed
     */
    boolean deleteReservedSigningKey(String keyDid);

    /**
     * Deletes every reservation created strictly before {@code cutoff} (the domain's expiry sweep; SQL: a range
     * delete on an index of {@code created_at}). Returns how many it deleted.
     *
     * @param cutoff reservations created strictly before this instant are deleted
     * @return how many were deleted
     */
    int deleteReservedSigningKeysCreatedBefore(Instant cutoff);

    /** {@return how many reservations are stored, expired ones included} The domain bounds them. */
    long countReservedSigningKeys();
}
