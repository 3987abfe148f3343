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

    /** Inserts a reservation, replacing one with the same {@code keyDid}. */
    void insertReservedSigningKey(ReservedSigningKey key);

    /** The reservation with this did:key. Inside a transaction, locks it. */
    Optional<ReservedSigningKey> findReservedSigningKey(String keyDid);

    /** The oldest reservation made for this account DID. Inside a transaction, locks it. */
    Optional<ReservedSigningKey> findReservedSigningKeyForDid(String did);

    /** Deletes the reservation with this did:key. Returns whether it existed. */
    boolean deleteReservedSigningKey(String keyDid);

    /**
     * Deletes every reservation created strictly before {@code cutoff} (the domain's expiry sweep; SQL: a range
     * delete on an index of {@code created_at}). Returns how many it deleted.
     */
    int deleteReservedSigningKeysCreatedBefore(Instant cutoff);

    /** How many reservations are stored (the domain bounds them). */
    long countReservedSigningKeys();
}
