package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Content identifiers: CIDv1, codec dag-cbor ({@code 0x71}), multihash sha2-256, as base32 multibase strings. */
public final class Cid {
    private static final byte[] PREFIX = {0x01, 0x71, 0x12, 0x20};

    private Cid() {}

    /**
     * The CID of DAG-CBOR bytes: {@code "b" + base32lower(0x01 0x71 0x12 0x20 || sha256(encoded))}, a string
     * starting with {@code bafyrei}.
     *
     * @param encoded DAG-CBOR bytes (see {@link DagCbor#encode(Object)})
     * @return the CID string
     * @throws CodecException if {@code encoded} is null
     */
    public static String dagCborSha256(byte[] encoded) {
        if (encoded == null) {
            throw new CodecException("bytes to hash are missing");
        }
        byte[] digest = sha256(encoded);
        byte[] cid = new byte[PREFIX.length + digest.length];
        System.arraycopy(PREFIX, 0, cid, 0, PREFIX.length);
        System.arraycopy(digest, 0, cid, PREFIX.length, digest.length);
        return Multibase.encodeBase32(cid);
    }

    /**
     * The CID of a JSON-like value's DAG-CBOR encoding.
     *
     * @param value a value {@link DagCbor#encode(Object)} accepts
     * @return the CID string
     * @throws CodecException for an unsupported value
     */
    public static String ofValue(Object value) {
        return dagCborSha256(DagCbor.encode(value));
    }

    /** SHA-256 of the bytes (shared by the identity package). */
    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
