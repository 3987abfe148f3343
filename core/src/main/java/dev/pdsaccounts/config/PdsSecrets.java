package dev.pdsaccounts.config;

import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PublicKey;
import dev.pdsaccounts.identity.SigningKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's secrets: the HMAC key of session tokens, the PLC rotation key that signs new accounts'
 * genesis operations, and an optional server recovery key. {@link #toString()} shows none of them.
 *
 * <pre>{@code
 * PdsSecrets secrets = PdsSecrets.builder()
 *         .jwtSecret(System.getenv("PDS_JWT_SECRET"))                          // at least 32 bytes
 *         .plcRotationKeyHex(System.getenv("PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX"))
 *         .build();
 * }</pre>
 */
public final class PdsSecrets {
    /** Shortest JWT secret accepted: 32 bytes (256 bits), the HS256 key size. */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    private final byte[] jwtSecret;
    private final SigningKeyPair plcRotationKey;
    private final Optional<String> recoveryDidKey;

    private PdsSecrets(byte[] jwtSecret, SigningKeyPair plcRotationKey, Optional<String> recoveryDidKey) {
        this.jwtSecret = jwtSecret;
        this.plcRotationKey = plcRotationKey;
        this.recoveryDidKey = recoveryDidKey;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fresh random secrets, for development and tests only: tokens and DIDs made with them are worthless once
     * the process ends.
     */
    public static PdsSecrets generateForDevelopment(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new PdsSecrets(secret, SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random), Optional.empty());
    }

    /** A copy of the HMAC secret. */
    public byte[] jwtSecret() {
        return jwtSecret.clone();
    }

    /** The PLC rotation key (secp256k1). */
    public SigningKeyPair plcRotationKey() {
        return plcRotationKey;
    }

    /** The server recovery key as a did:key, placed before the rotation key in new DIDs. */
    public Optional<String> recoveryDidKey() {
        return recoveryDidKey;
    }

    @Override
    public String toString() {
        return "PdsSecrets[rotationKey=" + plcRotationKey.publicKey().didKey() + ", secrets hidden]";
    }

    /** Builder of {@link PdsSecrets}; the JWT secret and rotation key are required. */
    public static final class Builder {
        private byte[] jwtSecret;
        private SigningKeyPair plcRotationKey;
        private Optional<String> recoveryDidKey = Optional.empty();

        private Builder() {}

        /** The HMAC secret as text (its UTF-8 bytes are the key, as the reference's PDS_JWT_SECRET). */
        public Builder jwtSecret(String secret) {
            return jwtSecret(Objects.requireNonNull(secret, "jwtSecret").getBytes(StandardCharsets.UTF_8));
        }

        /** The HMAC secret bytes (copied). */
        public Builder jwtSecret(byte[] secret) {
            Objects.requireNonNull(secret, "jwtSecret");
            if (secret.length < MIN_JWT_SECRET_BYTES) {
                throw new IllegalArgumentException("JWT secret must be at least " + MIN_JWT_SECRET_BYTES
                        + " bytes (256 bits); got " + secret.length);
            }
            this.jwtSecret = Arrays.copyOf(secret, secret.length);
            return this;
        }

        /** The secp256k1 PLC rotation key as 64 hex characters. */
        public Builder plcRotationKeyHex(String hex) {
            if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("PLC rotation key must be 64 hex characters (a secp256k1 private key)");
            }
            return plcRotationKey(SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, hex));
        }

        /** The PLC rotation key. */
        public Builder plcRotationKey(SigningKeyPair key) {
            this.plcRotationKey = Objects.requireNonNull(key, "plcRotationKey");
            return this;
        }

        /** The server recovery key, a did:key (K-256 or P-256). */
        public Builder recoveryDidKey(String didKey) {
            PublicKey.parseDidKey(didKey);
            this.recoveryDidKey = Optional.of(didKey);
            return this;
        }

        /** Builds; throws {@link IllegalStateException} when a required secret is missing. */
        public PdsSecrets build() {
            if (jwtSecret == null) {
                throw new IllegalStateException("a JWT secret is required");
            }
            if (plcRotationKey == null) {
                throw new IllegalStateException("a PLC rotation key is required");
            }
            return new PdsSecrets(jwtSecret, plcRotationKey, recoveryDidKey);
        }
    }
}
