package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdsaccounts.testsupport.TestData;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The atproto interop crypto vectors: w3c did:key derivation and the signature fixtures. */
class KeyVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Map<String, Object>> read(String name) {
        try {
            return JSON.readValue(TestData.read("vectors/crypto/" + name),
                    new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void roundTrip(KeyAlgorithm alg, byte[] priv, String expectedDidKey) {
        SigningKeyPair pair = SigningKeyPair.fromPrivateKeyBytes(alg, priv);
        assertEquals(expectedDidKey, pair.publicKey().didKey());
        PublicKey parsed = PublicKey.parseDidKey(expectedDidKey);
        assertEquals(alg, parsed.algorithm());
        assertEquals(pair.publicKey(), parsed);
        assertEquals(expectedDidKey, parsed.didKey());
        assertArrayEquals(pair.publicKey().compressed(), parsed.compressed());
        assertArrayEquals(priv, pair.privateKeyBytes());
        byte[] msg = expectedDidKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(parsed.verify(msg, pair.sign(msg)));
    }

    @Test
    void k256DidKeysDeriveFromHexPrivateKeys() {
        List<Map<String, Object>> cases = read("w3c_didkey_K256.json");
        assertEquals(5, cases.size());
        for (Map<String, Object> c : cases) {
            String hex = (String) c.get("privateKeyBytesHex");
            SigningKeyPair pair = SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.SECP256K1, hex);
            assertEquals(hex, pair.privateKeyHex());
            roundTrip(KeyAlgorithm.SECP256K1, pair.privateKeyBytes(), (String) c.get("publicDidKey"));
        }
    }

    @Test
    void p256DidKeyDerivesFromBase58PrivateKey() {
        List<Map<String, Object>> cases = read("w3c_didkey_P256.json");
        assertEquals(1, cases.size());
        for (Map<String, Object> c : cases) {
            byte[] priv = Multibase.base58btcDecode((String) c.get("privateKeyBytesBase58"));
            assertEquals(32, priv.length);
            roundTrip(KeyAlgorithm.P256, priv, (String) c.get("publicDidKey"));
        }
    }

    @Test
    void signatureFixtures() {
        List<Map<String, Object>> cases = read("signature-fixtures.json");
        assertEquals(6, cases.size());
        int highS = 0;
        int der = 0;
        int valid = 0;
        for (Map<String, Object> c : cases) {
            byte[] msg = Base64.getDecoder().decode((String) c.get("messageBase64"));
            byte[] sig = Base64.getDecoder().decode((String) c.get("signatureBase64"));
            PublicKey key = PublicKey.parseDidKey((String) c.get("publicKeyDid"));
            assertEquals(KeyAlgorithm.fromJwtAlg((String) c.get("algorithm")), key.algorithm());
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) c.get("tags");
            String comment = (String) c.get("comment");
            if (Boolean.TRUE.equals(c.get("validSignature"))) {
                valid++;
                assertTrue(key.verify(msg, sig), comment);
                assertTrue(key.verifyLenient(msg, sig), comment);
            } else if (tags.contains("high-s")) {
                highS++;
                assertEquals(64, sig.length);
                assertFalse(key.verify(msg, sig), comment);
                assertTrue(key.verifyLenient(msg, sig), comment);
            } else if (tags.contains("der-encoded")) {
                der++;
                assertTrue(Ecdsa.looksLikeDer(sig), comment);
                assertFalse(key.verify(msg, sig), comment);
                assertFalse(key.verifyLenient(msg, sig), comment);
            } else {
                throw new AssertionError("unexpected fixture: " + comment);
            }
        }
        assertEquals(2, valid);
        assertEquals(2, highS);
        assertEquals(2, der);
    }
}
