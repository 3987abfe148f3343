package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ReferenceAppPasswordHasherTest {
    private final ReferenceAppPasswordHasher reference = new ReferenceAppPasswordHasher(2);

    /** The reference PDS's stored hash of an app password for an account. */
    private record AppVector(String did, String password, String stored) {
        static AppVector load() throws Exception {
            JsonNode app = ReferenceScryptHasherTest.vectors().get("appPassword");
            return new AppVector(app.get("did").asText(), app.get("appPassword").asText(), app.get("stored").asText());
        }
    }

    @Test
    void theReferenceVectorIsReproducedAndReadsAsAReferenceScryptHash() throws Exception {
        AppVector v = AppVector.load();
        assertEquals(v.stored(), reference.hash(v.password(), v.did()));
        ReferenceScryptHasher scrypt = new ReferenceScryptHasher(new SecureRandom(), 1);
        assertTrue(scrypt.verify(v.password(), v.stored()));
        assertFalse(scrypt.verify(v.password() + "a", v.stored()));
        assertNotEquals(v.stored(), reference.hash(v.password(), v.did() + "x"), "the salt comes from the DID");
        assertNotEquals(v.stored(), reference.hash(v.password() + "a", v.did()));
    }

    @Test
    void loneSurrogatesAreEncodedAsNodeDoes() {
        // Node's Buffer.from(s, 'utf8') writes a lone surrogate as U+FFFD, not as '?'.
        String withReplacement = reference.hash("a\uFFFDb", "did:plc:x");
        assertEquals(withReplacement, reference.hash("a\uD800b", "did:plc:x"));
        assertNotEquals(withReplacement, reference.hash("a?b", "did:plc:x"));
    }

    @Test
    void theTestHasherKeepsTheFormatAndSaltButNotTheHash() throws Exception {
        AppVector v = AppVector.load();
        ReferenceAppPasswordHasher cheap = ReferenceAppPasswordHasher.forTestsOnly();
        String fast = cheap.hash(v.password(), v.did());
        assertTrue(fast.matches("[0-9a-f]{32}:[0-9a-f]{128}"), fast);
        assertEquals(v.stored().substring(0, 33), fast.substring(0, 33), "same per-account salt");
        assertNotEquals(v.stored(), fast, "a cheaper scrypt is another hash");
        assertEquals(fast, cheap.hash(v.password(), v.did()), "deterministic");
        assertNotEquals(fast, cheap.hash(v.password(), v.did() + "x"));
        assertTrue(cheap.toString().contains("N=16,"), cheap.toString());
        assertTrue(reference.toString().contains("N=16384,"), reference.toString());
    }

    @Test
    void badArgumentsAreTypedErrors() {
        LexiconException e = assertThrows(LexiconException.class, () -> reference.hash(null, "did:plc:x"));
        assertEquals(LexiconError.INVALID_REQUEST, e.error());
        assertThrows(NullPointerException.class, () -> reference.hash("abcd-efgh-ijkl-mnop", null));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceAppPasswordHasher(0));
    }

    @Test
    void theCapIsTheOneGivenOrOnePerProcessor() {
        assertTrue(new ReferenceAppPasswordHasher(1).toString().endsWith("maxConcurrent=1]"));
        int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
        assertTrue(new ReferenceAppPasswordHasher().toString().endsWith("maxConcurrent=" + processors + "]"));
    }
}
