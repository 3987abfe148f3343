package dev.pdsaccounts.identity;

/** The fields {@link SigningKeyRepository#findReservedSigningKey} can compare. */
public enum ReservationField {
    /** The reserved key's did:key (unique). */
    KEY_DID,
    /** The account DID the key was reserved for: the oldest such reservation is found. */
    ACCOUNT_DID
}
