package dev.pdsaccounts.identity;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over SHA-256 with Bouncy Castle's lightweight API: RFC 6979 deterministic nonces, low-S
 * normalisation, 64-byte compact {@code r || s} signatures.
 */
final class Ecdsa {
    private static final Map<KeyAlgorithm, ECDomainParameters> DOMAINS = new EnumMap<>(KeyAlgorithm.class);

    static {
        for (KeyAlgorithm alg : KeyAlgorithm.values()) {
            X9ECParameters x9 = CustomNamedCurves.getByName(alg.curveName());
            DOMAINS.put(alg, new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH()));
        }
    }

    private Ecdsa() {}

    static ECDomainParameters domain(KeyAlgorithm alg) {
        return DOMAINS.get(alg);
    }

    static ECPoint publicPoint(KeyAlgorithm alg, BigInteger d) {
        return new FixedPointCombMultiplier().multiply(domain(alg).getG(), d).normalize();
    }

    /** Signs {@code SHA-256(message)}; the result is always low-S. */
    static byte[] sign(KeyAlgorithm alg, BigInteger d, byte[] message) {
        ECDomainParameters dom = domain(alg);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, dom));
        BigInteger[] rs = signer.generateSignature(Cid.sha256(message));
        BigInteger n = dom.getN();
        BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
        byte[] sig = new byte[64];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, sig, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, sig, 32, 32);
        return sig;
    }

    /** Whether the 64-byte signature's S is in the upper half of the group order. */
    static boolean isHighS(KeyAlgorithm alg, byte[] sig64) {
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig64, 32, 64));
        return s.compareTo(domain(alg).getN().shiftRight(1)) > 0;
    }

    /** Verifies a compact signature; {@code strict} additionally refuses high-S. Never throws. */
    static boolean verify(KeyAlgorithm alg, ECPoint q, byte[] message, byte[] sig64, boolean strict) {
        if (message == null || sig64 == null || sig64.length != 64) {
            return false;
        }
        ECDomainParameters dom = domain(alg);
        BigInteger n = dom.getN();
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig64, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig64, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        if (strict && s.compareTo(n.shiftRight(1)) > 0) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(q, dom));
        return verifier.verifySignature(Cid.sha256(message), r, s);
    }

    /**
     * Whether the bytes have the structure of an ASN.1 DER ECDSA signature
     * ({@code SEQUENCE { INTEGER r, INTEGER s }}), the encoding atproto forbids.
     */
    static boolean looksLikeDer(byte[] sig) {
        if (sig == null || sig.length < 8 || sig.length > 72 || (sig[0] & 0xff) != 0x30
                || (sig[1] & 0xff) != sig.length - 2) {
            return false;
        }
        int pos = 2;
        for (int i = 0; i < 2; i++) {
            if (pos + 2 > sig.length || sig[pos] != 0x02) {
                return false;
            }
            int len = sig[pos + 1] & 0xff;
            pos += 2;
            if (len == 0 || len > 33 || pos + len > sig.length) {
                return false;
            }
            pos += len;
        }
        return pos == sig.length;
    }
}
