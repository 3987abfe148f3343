package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 or P-256 public key, as atproto writes it: {@code did:key:z...} (multicodec prefix plus the
 * 33-byte compressed point, base58btc) or the same text without {@code did:key:} as a Multikey
 * {@code publicKeyMultibase}. Immutable; equal when algorithm and point are equal.
 *
 * <p>{@link #verify(byte[], byte[])} is the strict atproto check (64-byte compact {@code r || s}, low-S only)
 * used for PLC operations, commits and records; {@link #verifyLenient(byte[], byte[])} also accepts high-S and
 * is meant for other services' JWTs.
 */
public final class PublicKey {
    /** The did:key method prefix. */
    public static final String DID_KEY_PREFIX = "did:key:";
    private static final int MAX_DID_KEY_LENGTH = 256;

    private final KeyAlgorithm algorithm;
    private final ECPoint point;
    private final byte[] compressed;
    private final String multibase;

    private PublicKey(KeyAlgorithm algorithm, ECPoint point) {
        this.algorithm = algorithm;
        this.point = point.normalize();
        this.compressed = this.point.getEncoded(true);
        byte[] prefix = algorithm.prefixNoCopy();
        byte[] body = new byte[prefix.length + compressed.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(compressed, 0, body, prefix.length, compressed.length);
        this.multibase = Multibase.encodeBase58btc(body);
    }

    static PublicKey of(KeyAlgorithm algorithm, ECPoint point) {
        return new PublicKey(algorithm, point);
    }

    /**
     * Parses a {@code did:key}: a secp256k1 ({@code zQ3s...}) or P-256 ({@code zDn...}) key, compressed (33
     * bytes) or uncompressed (65 bytes); the point must lie on the curve.
     *
     * @param didKey the did:key string
     * @return the key
     * @throws CodecException if the string is not such a did:key
     */
    public static PublicKey parseDidKey(String didKey) {
        if (didKey == null) {
            throw new CodecException("did:key is missing");
        }
        if (didKey.length() > MAX_DID_KEY_LENGTH) {
            throw new CodecException("invalid did:key: too long");
        }
        if (!didKey.startsWith(DID_KEY_PREFIX)) {
            throw new CodecException("invalid did:key: missing did:key: prefix");
        }
        return parseMultikey(didKey.substring(DID_KEY_PREFIX.length()));
    }

    /**
     * Parses a Multikey {@code publicKeyMultibase} (a did:key without its {@code did:key:} prefix).
     *
     * @param publicKeyMultibase {@code z} + base58btc(multicodec prefix || point)
     * @return the key
     * @throws CodecException if the string is not a supported Multikey
     */
    public static PublicKey parseMultikey(String publicKeyMultibase) {
        if (publicKeyMultibase == null) {
            throw new CodecException("public key multibase is missing");
        }
        if (publicKeyMultibase.length() > MAX_DID_KEY_LENGTH) {
            throw new CodecException("invalid did:key: too long");
        }
        if (!publicKeyMultibase.startsWith("z")) {
            throw new CodecException("invalid did:key: expected base58btc multibase ('z')");
        }
        byte[] bytes = Multibase.base58btcDecode(publicKeyMultibase.substring(1));
        for (KeyAlgorithm alg : KeyAlgorithm.values()) {
            byte[] prefix = alg.prefixNoCopy();
            if (bytes.length > prefix.length
                    && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length)) {
                return fromEncodedPoint(alg, Arrays.copyOfRange(bytes, prefix.length, bytes.length));
            }
        }
        throw new CodecException("invalid did:key: unsupported key type (multicodec prefix)");
    }

    /**
     * A key from its SEC1 point encoding: 33 bytes compressed or 65 bytes uncompressed.
     *
     * @param algorithm the curve
     * @param encodedPoint the point bytes
     * @return the key
     * @throws CodecException if the bytes are not a point on the curve
     */
    public static PublicKey fromEncodedPoint(KeyAlgorithm algorithm, byte[] encodedPoint) {
        if (algorithm == null || encodedPoint == null) {
            throw new CodecException("public key is missing");
        }
        boolean compressedForm = encodedPoint.length == 33 && (encodedPoint[0] == 0x02 || encodedPoint[0] == 0x03);
        boolean uncompressedForm = encodedPoint.length == 65 && encodedPoint[0] == 0x04;
        if (!compressedForm && !uncompressedForm) {
            throw new CodecException("invalid public key: expected a 33-byte compressed or 65-byte"
                    + " uncompressed point");
        }
        ECPoint q;
        try {
            q = Ecdsa.domain(algorithm).getCurve().decodePoint(encodedPoint);
        } catch (RuntimeException e) {
            throw new CodecException("invalid public key: not a point on the " + algorithm.curveName()
                    + " curve");
        }
        if (q.isInfinity() || !q.isValid()) {
            throw new CodecException("invalid public key: not a valid point on the "
                    + algorithm.curveName() + " curve");
        }
        return new PublicKey(algorithm, q);
    }

    /**
     * The canonical did:key (compressed point).
     *
     * @return {@code did:key:z...}
     */
    public String didKey() {
        return DID_KEY_PREFIX + multibase;
    }

    /**
     * The Multikey {@code publicKeyMultibase} form (the did:key without its prefix).
     *
     * @return {@code z...}
     */
    public String multibase() {
        return multibase;
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
     * The 33-byte SEC1 compressed point.
     *
     * @return a fresh copy
     */
    public byte[] compressed() {
        return compressed.clone();
    }

    /**
     * Strict atproto verification: SHA-256 of the message, a 64-byte compact {@code r || s} signature with
     * low S. DER-encoded, high-S, wrongly sized or otherwise invalid signatures yield {@code false}.
     *
     * @param message the signed bytes
     * @param sig64 the signature
     * @return whether the signature is valid
     */
    public boolean verify(byte[] message, byte[] sig64) {
        return Ecdsa.verify(algorithm, point, message, sig64, true);
    }

    /**
     * Lenient verification: like {@link #verify(byte[], byte[])} but also accepts high-S signatures (for
     * validating JWTs issued by other services). DER-encoded signatures still yield {@code false}.
     *
     * @param message the signed bytes
     * @param sig64 the signature
     * @return whether the signature is valid
     */
    public boolean verifyLenient(byte[] message, byte[] sig64) {
        return Ecdsa.verify(algorithm, point, message, sig64, false);
    }

    /** Equal when the algorithm and the point are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey && ((PublicKey) o).algorithm == algorithm
                && Arrays.equals(((PublicKey) o).compressed, compressed);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(compressed);
    }

    /** The did:key. */
    @Override
    public String toString() {
        return didKey();
    }
}
