package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdsaccounts.testsupport.TestData;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceScryptHasherTest {
    static final String VECTORS = "vectors/reference-pds/scrypt-hashes.json";

    /** A vector: a password and the reference PDS's stored hash of it. */
    record Vector(String password, String stored) {}

    static JsonNode vectors() throws Exception {
        return new ObjectMapper().readTree(TestData.read(VECTORS));
    }

    static List<Vector> accountVectors() throws Exception {
        List<Vector> out = new ArrayList<>();
        for (JsonNode n : vectors().get("accountPasswords")) {
            out.add(new Vector(n.get("password").asText(), n.get("stored").asText()));
        }
        assertFalse(out.isEmpty());
        return out;
    }

    private final ReferenceScryptHasher hasher = new ReferenceScryptHasher(new SecureRandom(), 2);

    @Test
    void everyReferenceVectorVerifiesAndRejectsWrongPasswords() throws Exception {
        for (Vector v : accountVectors()) {
            assertTrue(hasher.supports(v.stored()));
            assertFalse(hasher.needsRehash(v.stored()));
            assertTrue(hasher.verify(v.password(), v.stored()), "vector must verify");
            assertFalse(hasher.verify(v.password() + "x", v.stored()));
            assertFalse(hasher.verify("wrong-" + v.password().length(), v.stored()));
        }
    }

    @Test
    void hashProducesTheReferenceFormatWithAFreshSalt() {
        String a = hasher.hash("pässwörd");
        String b = hasher.hash("pässwörd");
        assertEquals(161, a.length());
        assertTrue(a.matches("[0-9a-f]{32}:[0-9a-f]{128}"));
        assertNotEquals(a, b);
        assertTrue(hasher.verify("pässwörd", a));
        assertFalse(hasher.verify("passwörd", a));
        assertFalse(hasher.toString().contains(a.substring(0, 8)));
    }

    @Test
    void malformedStoredHashesNeverVerifyAndNeverThrow() {
        String valid = "a".repeat(32) + ":" + "b".repeat(128);
        List<String> malformed = new ArrayList<>(List.of(
                "", ":", "zz:zz", "$argon2id$garbage", "x".repeat(200_000),
                valid.toUpperCase(), valid.substring(1), valid + "0", valid.replace(':', '0'),
                "g" + valid.substring(1), valid.substring(0, 33) + "\u00e9" + valid.substring(34)));
        malformed.add(null);
        for (String m : malformed) {
            assertFalse(hasher.supports(m));
            assertTrue(hasher.needsRehash(m));
            assertFalse(hasher.verify("password", m));
        }
        assertFalse(hasher.verify(null, valid));
    }
}
