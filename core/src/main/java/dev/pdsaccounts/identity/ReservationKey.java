package dev.pdsaccounts.identity;

import java.util.Objects;

/**
 * Which signing-key reservation {@link SigningKeyRepository#findReservedSigningKey(ReservationKey)} looks up:
 * the one with this did:key (unique), or the oldest one made for this account DID.
 *
 * @param by    the field compared
 * @param value the value it must equal
 */
public record ReservationKey(By by, String value) {

    /** The fields a lookup can compare. */
    public enum By {
        /** The reserved key's did:key (unique). */
        KEY_DID,
        /** The account DID the key was reserved for (the oldest such reservation is found). */
        ACCOUNT_DID
    }

    /**
     * Checks both parts are given.
     *
     * @param by    the field compared
     * @param value the value it must equal
     */
    public ReservationKey {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@return the key of the reservation of this did:key}
     *
     * @param keyDid the reserved key's did:key
     */
    public static ReservationKey keyDid(String keyDid) {
        return new ReservationKey(By.KEY_DID, keyDid);
    }

    /**
     * {@return the key of the oldest reservation made for this account DID}
     *
     * @param did the account DID the key was reserved for
     */
    public static ReservationKey accountDid(String did) {
        return new ReservationKey(By.ACCOUNT_DID, did);
    }
}
