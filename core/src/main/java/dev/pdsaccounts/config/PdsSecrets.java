package dev.pdsaccounts.config;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PublicKey;
import dev.pdsaccounts.identity.SigningKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
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
    /** The reference PDS's name of the JWT secret setting, used in error messages. */
    public static final String JWT_SECRET_SETTING = "PDS_JWT_SECRET";
    /** The reference PDS's name of the PLC rotation key setting, used in error messages. */
    public static final String PLC_ROTATION_KEY_SETTING = "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX";

    private final byte[] jwtSecret;
    private final SigningKeyPair plcRotationKey;
    private final Optional<String> recoveryDidKey;

    private PdsSecrets(byte[] jwtSecret, SigningKeyPair plcRotationKey, Optional<String> recoveryDidKey) {
        this.jwtSecret = jwtSecret;
        this.plcRotationKey = plcRotationKey;
        this.recoveryDidKey = recoveryDidKey;
    }

    /** {@return a new builder with no secret set} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fresh random secrets, for development and tests only: tokens and DIDs made with them are worthless once
     * the process ends.
     *
     * @param random the source of the random secrets
     * @return secrets with a random JWT secret and PLC rotation key, and no recovery key
     */
    public static PdsSecrets generateForDevelopment(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new PdsSecrets(secret, SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random), Optional.empty());
    }

    /** {@return a copy of the HMAC secret that signs session tokens} */
    public byte[] jwtSecret() {
        return jwtSecret.clone();
    }

    /** {@return the PLC rotation key (secp256k1) that signs this service's PLC operations} */
    public SigningKeyPair plcRotationKey() {
        return plcRotationKey;
    }

    /** {@return the server recovery key as a did:key, or empty} It is placed before the rotation key in new DIDs. */
    public Optional<String> recoveryDidKey() {
        return recoveryDidKey;
    }

    @Override
    public String toString() {
        return "PdsSecrets[rotationKey=" + plcRotationKey.publicKey().didKey() + ", secrets hidden]";
    }

    /**
     * Builder of {@link PdsSecrets}; the JWT secret and rotation key are required. A missing or unusable secret
     * is a {@link ConfigurationException} naming the setting as the reference PDS names it (e.g.
     * "PDS_JWT_SECRET is not set"), never a {@link NullPointerException}; messages never contain a secret.
     */
    public static final class Builder {
        private byte[] jwtSecret;
        private SigningKeyPair plcRotationKey;
        private Optional<String> recoveryDidKey = Optional.empty();

        private Builder() {}

        /**
         * The HMAC secret as text (its UTF-8 bytes are the key, as the reference's PDS_JWT_SECRET).
         *
         * @throws ConfigurationException "PDS_JWT_SECRET is not set" for null or empty, or when shorter than 32
         *     bytes
         *
         * @param secret the secret text, at least 32 bytes in UTF-8
         * @return this builder
         */
        public Builder jwtSecret(String secret) {
            if (secret == null) {
                throw notSet(JWT_SECRET_SETTING);
            }
            return jwtSecret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The HMAC secret bytes (copied).
         *
         * @throws ConfigurationException when null, empty or shorter than 32 bytes
         * @param secret the secret bytes, at least 32
         * @return this builder
         */
        public Builder jwtSecret(byte[] secret) {
            if (secret == null || secret.length == 0) {
                throw notSet(JWT_SECRET_SETTING);
            }
            if (secret.length < MIN_JWT_SECRET_BYTES) {
                throw new ConfigurationException(JWT_SECRET_SETTING + " is too short: at least "
                        + MIN_JWT_SECRET_BYTES + " bytes (256 bits) are required, got " + secret.length);
            }
            this.jwtSecret = Arrays.copyOf(secret, secret.length);
            return this;
        }

        /**
         * The secp256k1 PLC rotation key as 64 hex characters.
         *
         * @throws ConfigurationException when null or empty ("... is not set") or not 64 hex characters
         * @param hex the private key, 64 hex characters
         * @return this builder
         */
        public Builder plcRotationKeyHex(String hex) {
            if (hex == null || hex.isEmpty()) {
                throw notSet(PLC_ROTATION_KEY_SETTING);
            }
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigurationException(PLC_ROTATION_KEY_SETTING
                        + " must be 64 hex characters (a secp256k1 private key)");
            }
            return plcRotationKey(SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, hex));
        }

        /**
         * Sets the PLC rotation key.
         *
         * @param key a secp256k1 key pair
         * @return this builder
         * @throws NullPointerException if {@code key} is null
         */
        public Builder plcRotationKey(SigningKeyPair key) {
            if (key == null) {
                throw notSet(PLC_ROTATION_KEY_SETTING);
            }
            this.plcRotationKey = key;
            return this;
        }

        /**
         * The server recovery key, a did:key (K-256 or P-256).
         *
         * @throws ConfigurationException naming PDS_RECOVERY_DID_KEY when it is not such a did:key
         * @param didKey the public recovery key as a did:key
         * @return this builder
         */
        public Builder recoveryDidKey(String didKey) {
            try {
                PublicKey.parseDidKey(didKey);
            } catch (CodecException e) {
                throw new ConfigurationException("PDS_RECOVERY_DID_KEY is not a K-256 or P-256 did:key ("
                        + e.getMessage() + ")");
            }
            this.recoveryDidKey = Optional.of(didKey);
            return this;
        }

        /**
         * Builds the secrets.
         *
         * @return the secrets, never null
         *
         * @throws ConfigurationException naming the first required secret that is not set
         */
        public PdsSecrets build() {
            if (jwtSecret == null) {
                throw notSet(JWT_SECRET_SETTING);
            }
            if (plcRotationKey == null) {
                throw notSet(PLC_ROTATION_KEY_SETTING);
            }
            return new PdsSecrets(jwtSecret, plcRotationKey, recoveryDidKey);
        }

        private static ConfigurationException notSet(String setting) {
            return new ConfigurationException(setting + " is not set");
        }
    }
}
