package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 or P-256 private key with its public key. Signs atproto-style: SHA-256, ECDSA with RFC 6979
 * deterministic nonces, low-S normalised, 64-byte compact {@code r || s}.
 *
 * <p>The private key is exposed only through {@link #privateKeyBytes()} and {@link #privateKeyHex()};
 * {@link #toString()} shows the algorithm and the public did:key only, and no exception message contains
 * private key material.
 */
public final class SigningKeyPair {
    private final KeyAlgorithm algorithm;
    private final BigInteger d;
    private final PublicKey publicKey;

    private SigningKeyPair(KeyAlgorithm algorithm, BigInteger d) {
        this.algorithm = algorithm;
        this.d = d;
        this.publicKey = PublicKey.of(algorithm, Ecdsa.publicPoint(algorithm, d));
    }

    /**
     * Generates a new key pair.
     *
     * @param algorithm the curve
     * @param random the randomness source
     * @return the key pair
     * @throws LexiconException {@code InvalidRequest} if an argument is missing
     */
    public static SigningKeyPair generate(KeyAlgorithm algorithm, SecureRandom random) {
        if (algorithm == null || random == null) {
            throw LexiconException.invalidRequest("key algorithm and randomness source are required");
        }
        BigInteger n = Ecdsa.domain(algorithm).getN();
        byte[] buf = new byte[32];
        while (true) {
            random.nextBytes(buf);
            BigInteger d = new BigInteger(1, buf);
            Arrays.fill(buf, (byte) 0);
            if (d.signum() > 0 && d.compareTo(n) < 0) {
                return new SigningKeyPair(algorithm, d);
            }
        }
    }

    /**
     * A key pair from a hex-encoded 32-byte private key (64 hex digits, either case), as in
     * {@code PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX}.
     *
     * @param algorithm the curve
     * @param hex the private key in hex
     * @return the key pair
     * @throws LexiconException {@code InvalidRequest} if the text is not 64 hex digits or not a valid scalar
     */
    public static SigningKeyPair fromPrivateKeyHex(KeyAlgorithm algorithm, String hex) {
        if (hex == null || hex.length() != 64) {
            throw LexiconException.invalidRequest("private key must be 64 hex characters");
        }
        byte[] bytes = new byte[32];
        try {
            for (int i = 0; i < 32; i++) {
                int hi = Character.digit(hex.charAt(2 * i), 16);
                int lo = Character.digit(hex.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw LexiconException.invalidRequest("private key must be 64 hex characters");
                }
                bytes[i] = (byte) ((hi << 4) | lo);
            }
            return fromPrivateKeyBytes(algorithm, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * A key pair from a raw 32-byte big-endian private scalar (the array is not retained).
     *
     * @param algorithm the curve
     * @param privateKey 32 bytes, a scalar in {@code [1, n-1]}
     * @return the key pair
     * @throws LexiconException {@code InvalidRequest} if the bytes are not a valid private key for the curve
     */
    public static SigningKeyPair fromPrivateKeyBytes(KeyAlgorithm algorithm, byte[] privateKey) {
        if (algorithm == null) {
            throw LexiconException.invalidRequest("key algorithm is required");
        }
        if (privateKey == null || privateKey.length != 32) {
            throw LexiconException.invalidRequest("private key must be 32 bytes");
        }
        BigInteger d = new BigInteger(1, privateKey);
        if (d.signum() == 0 || d.compareTo(Ecdsa.domain(algorithm).getN()) >= 0) {
            throw LexiconException.invalidRequest("private key is out of range for " + algorithm.curveName());
        }
        return new SigningKeyPair(algorithm, d);
    }

    /**
     * The curve.
     *
     * @return the algorithm
     */
    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The raw private key; the caller owns (and should wipe) the copy.
     *
     * @return a fresh 32-byte array
     */
    public byte[] privateKeyBytes() {
        return BigIntegers.asUnsignedByteArray(32, d);
    }

    /**
     * The private key as 64 lower-case hex digits.
     *
     * @return the hex text
     */
    public String privateKeyHex() {
        byte[] bytes = privateKeyBytes();
        char[] out = new char[64];
        for (int i = 0; i < 32; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >>> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        Arrays.fill(bytes, (byte) 0);
        return new String(out);
    }

    /**
     * The public half.
     *
     * @return the public key
     */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Signs SHA-256 of the message: RFC 6979 deterministic ECDSA, low-S normalised.
     *
     * @param message the bytes to sign
     * @return the 64-byte compact signature {@code r || s}
     * @throws LexiconException {@code InvalidRequest} if the message is missing
     */
    public byte[] sign(byte[] message) {
        if (message == null) {
            throw LexiconException.invalidRequest("message to sign is missing");
        }
        return Ecdsa.sign(algorithm, d, message);
    }

    /** The algorithm and the public did:key; never the private key. */
    @Override
    public String toString() {
        return "SigningKeyPair[" + algorithm + ", " + publicKey.didKey() + "]";
    }
}
