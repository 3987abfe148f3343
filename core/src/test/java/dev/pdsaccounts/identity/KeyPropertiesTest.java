package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sign/verify properties on both curves. */
class KeyPropertiesTest {

    /** A SecureRandom driven by a seeded generator, so failures replay with their seed. */
    static SecureRandom seeded(java.util.SplittableRandom r) {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) r.nextInt(256);
                }
            }
        };
    }

    @Test
    void signaturesAreLowSCompactDeterministicAndVerify() {
        Props.forAll(150, r -> {
            KeyAlgorithm alg = r.nextBoolean() ? KeyAlgorithm.SECP256K1 : KeyAlgorithm.P256;
            SigningKeyPair pair = SigningKeyPair.generate(alg, seeded(r));
            byte[] msg = new byte[r.nextInt(200)];
            seeded(r).nextBytes(msg);
            byte[] sig = pair.sign(msg);
            assertEquals(64, sig.length);
            assertFalse(Ecdsa.isHighS(alg, sig));
            assertArrayEquals(sig, pair.sign(msg), "RFC 6979 signatures are deterministic");
            PublicKey pub = PublicKey.parseDidKey(pair.publicKey().didKey());
            assertTrue(pub.verify(msg, sig));
            assertTrue(pub.verifyLenient(msg, sig));
            // the high-S twin verifies only leniently
            BigInteger n = Ecdsa.domain(alg).getN();
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
            byte[] twin = sig.clone();
            System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, n.subtract(s)), 0, twin, 32,
                    32);
            assertFalse(pub.verify(msg, twin));
            assertTrue(pub.verifyLenient(msg, twin));
            // a changed message or signature fails
            byte[] other = Arrays.copyOf(msg, msg.length + 1);
            assertFalse(pub.verify(other, sig));
            byte[] flipped = sig.clone();
            flipped[r.nextInt(64)] ^= (byte) (1 << r.nextInt(8));
            assertFalse(pub.verify(msg, flipped));
            assertFalse(pub.verify(msg, Arrays.copyOf(sig, 63)));
            assertFalse(pub.verify(msg, Arrays.copyOf(sig, 65)));
            // keys round-trip through hex and bytes
            SigningKeyPair again = SigningKeyPair.fromPrivateKeyHex(alg, pair.privateKeyHex());
            assertEquals(pair.publicKey(), again.publicKey());
            assertEquals(pair.publicKey().didKey(), PublicKey.parseMultikey(pair.publicKey().multibase()).didKey());
            assertTrue(pair.publicKey().didKey().startsWith(alg == KeyAlgorithm.SECP256K1 ? "did:key:zQ3s"
                    : "did:key:zDn"));
        });
    }

    @Test
    void uncompressedDidKeysAreAcceptedAndCanonicalised() {
        SigningKeyPair pair = SigningKeyPair.generate(KeyAlgorithm.P256, new SecureRandom());
        byte[] uncompressed = Ecdsa.publicPoint(KeyAlgorithm.P256,
                new BigInteger(1, pair.privateKeyBytes())).getEncoded(false);
        PublicKey viaUncompressed = PublicKey.fromEncodedPoint(KeyAlgorithm.P256, uncompressed);
        assertEquals(pair.publicKey(), viaUncompressed);
        byte[] body = new byte[2 + 65];
        body[0] = (byte) 0x80;
        body[1] = 0x24;
        System.arraycopy(uncompressed, 0, body, 2, 65);
        assertEquals(pair.publicKey(), PublicKey.parseDidKey("did:key:" + Multibase.encodeBase58btc(body)));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        SigningKeyPair pair = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        String text = pair.toString();
        assertFalse(text.contains(pair.privateKeyHex()));
        assertFalse(text.toLowerCase().contains(pair.privateKeyHex().substring(0, 16)));
        assertTrue(text.contains(pair.publicKey().didKey()));
    }

    @Test
    void badPrivateKeysAreRefused() {
        assertThrows(LexiconException.class, () -> SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.P256, "00"));
        assertThrows(LexiconException.class,
                () -> SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.P256, "zz".repeat(32)));
        assertThrows(LexiconException.class,
                () -> SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.P256, "00".repeat(32)));
        assertThrows(LexiconException.class,
                () -> SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, "ff".repeat(32)));
        assertThrows(LexiconException.class, () -> SigningKeyPair.fromPrivateKeyBytes(KeyAlgorithm.P256, null));
        assertThrows(LexiconException.class,
                () -> SigningKeyPair.fromPrivateKeyBytes(KeyAlgorithm.P256, new byte[31]));
        assertThrows(LexiconException.class, () -> SigningKeyPair.fromPrivateKeyBytes(null, new byte[32]));
        assertThrows(LexiconException.class, () -> SigningKeyPair.generate(null, new SecureRandom()));
        LexiconException e = assertThrows(LexiconException.class,
                () -> SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.P256, "abcdef".repeat(10) + "zzzz"));
        assertFalse(e.getMessage().contains("abcdef"));
    }
}
