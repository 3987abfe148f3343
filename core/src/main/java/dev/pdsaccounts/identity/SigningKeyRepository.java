package dev.pdsaccounts.identity;

import dev.pdsaccounts.lookup.Lookup;
import java.time.Instant;
import java.util.Collection;
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
     * The reservation the lookup names: the one with that did:key, or the oldest (by {@code createdAt}, then
     * did:key) made for that account DID. Inside a transaction, locks it.
     *
     * @param key the field compared and its value
     * @return the reservation, or empty
     */
    Optional<ReservedSigningKey> findReservedSigningKey(Lookup<ReservationField> key);

    /**
     * {@return the reservation with this did:key} Inside a transaction, locks it. Stores need not implement it:
     * it is {@link #findReservedSigningKey(Lookup)} by {@link ReservationField#KEY_DID}.
     *
     * @param keyDid the reserved key's did:key
     */
    default Optional<ReservedSigningKey> findReservedSigningKey(String keyDid) {
        return findReservedSigningKey(new Lookup<>(ReservationField.KEY_DID, keyDid));
    }

    /**
     * {@return the oldest reservation made for this account DID} Inside a transaction, locks it. Stores need
     * not implement it: it is {@link #findReservedSigningKey(Lookup)} by {@link ReservationField#ACCOUNT_DID}.
     *
     * @param did the account DID the key was reserved for
     */
    default Optional<ReservedSigningKey> findReservedSigningKeyForDid(String did) {
        return findReservedSigningKey(new Lookup<>(ReservationField.ACCOUNT_DID, did));
    }

    /**
     * The table's one delete: removes the reservations with these did:keys and, when {@code createdBefore} is
     * given, every reservation created strictly before it (the expiry sweep, SQL: a range delete on an index of
     * {@code created_at}); then returns how many reservations are left (a count). The domain decides the
     * cutoff and bounds the reservations by what is left.
     *
     * @param keyDids       the did:keys of the reservations to delete, possibly none
     * @param createdBefore when given, reservations created strictly before this instant go too
     * @return how many reservations are stored afterwards
     */
    long deleteReservedSigningKeys(Collection<String> keyDids, Optional<Instant> createdBefore);
}
