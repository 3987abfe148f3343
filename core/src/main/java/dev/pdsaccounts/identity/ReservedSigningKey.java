package dev.pdsaccounts.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing key reserved ahead of account creation ({@code com.atproto.server.reserveSigningKey}), so that a
 * DID document can name it before the account exists here. {@link #toString()} never shows the private key.
 *
 * @param keyDid the public key as did:key
 * @param did the DID it is reserved for, when the caller named one
 * @param privateKeyHex the secp256k1 private key, 64 hex characters; a secret
 * @param createdAt when it was reserved
 */
public record ReservedSigningKey(String keyDid, Optional<String> did, String privateKeyHex, Instant createdAt) {
    /**
     * Validates presence.
     *
     * @param keyDid        the public key as did:key
     * @param did           the DID it is reserved for, when the caller named one
     * @param privateKeyHex the secp256k1 private key, 64 hex characters; a secret
     * @param createdAt     when it was reserved
     * @throws NullPointerException if a component is null
     */
    public ReservedSigningKey {
        Objects.requireNonNull(keyDid, "keyDid");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(privateKeyHex, "privateKeyHex");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * The key pair.
     *
     * @return the secp256k1 key pair of {@link #privateKeyHex()}
     */
    public SigningKeyPair keyPair() {
        return SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, privateKeyHex);
    }

    /** The key did and the DID only; never the private key. */
    @Override
    public String toString() {
        return "ReservedSigningKey[keyDid=" + keyDid + ", did=" + did.orElse("-") + ", createdAt=" + createdAt + "]";
    }
}
