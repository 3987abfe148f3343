package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;

/** The two elliptic curves atproto uses for signing keys, with their JWT algorithm names and did:key codecs. */
public enum KeyAlgorithm {
    /** secp256k1 ("k256"): JWT {@code ES256K}, multicodec secp256k1-pub {@code 0xe7}. */
    SECP256K1("ES256K", "secp256k1", new byte[] {(byte) 0xe7, 0x01}),
    /** NIST P-256 ("p256", secp256r1): JWT {@code ES256}, multicodec p256-pub {@code 0x1200}. */
    P256("ES256", "secp256r1", new byte[] {(byte) 0x80, 0x24});

    private final String jwtAlg;
    private final String curveName;
    private final byte[] multicodecPrefix;

    KeyAlgorithm(String jwtAlg, String curveName, byte[] multicodecPrefix) {
        this.jwtAlg = jwtAlg;
        this.curveName = curveName;
        this.multicodecPrefix = multicodecPrefix;
    }

    /**
     * The JWS {@code alg} name.
     *
     * @return {@code "ES256K"} or {@code "ES256"}
     */
    public String jwtAlg() {
        return jwtAlg;
    }

    /**
     * The SEC curve name (as Bouncy Castle names it).
     *
     * @return {@code "secp256k1"} or {@code "secp256r1"}
     */
    public String curveName() {
        return curveName;
    }

    /**
     * The unsigned-varint multicodec prefix of this curve's public keys in did:key and Multikey.
     *
     * @return a fresh copy of the prefix bytes
     */
    public byte[] multicodecPrefix() {
        return multicodecPrefix.clone();
    }

    byte[] prefixNoCopy() {
        return multicodecPrefix;
    }

    /**
     * The algorithm of a JWT {@code alg} header.
     *
     * @param jwtAlg {@code "ES256K"} or {@code "ES256"}
     * @return the algorithm
     * @throws CodecException for any other name
     */
    public static KeyAlgorithm fromJwtAlg(String jwtAlg) {
        for (KeyAlgorithm a : values()) {
            if (a.jwtAlg.equals(jwtAlg)) {
                return a;
            }
        }
        throw new CodecException("unsupported JWT signature algorithm");
    }
}
