package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import org.junit.jupiter.api.Test;

class DidTest {

    @Test
    void keepsCaseAndExposesTheMethod() {
        Did did = Did.parse("did:plc:AbC123");
        assertEquals("did:plc:AbC123", did.value());
        assertEquals("did:plc:AbC123", did.toString());
        assertEquals("plc", did.method());
        assertEquals("web", Did.parse("did:web:localhost%3A1234").method());
        assertNotEquals(Did.parse("did:plc:abc123"), did);
        assertEquals(Did.parse("did:plc:AbC123"), did);
        assertEquals(Did.parse("did:plc:AbC123").hashCode(), did.hashCode());
    }

    @Test
    void lengthLimitIs2048() {
        String prefix = "did:plc:";
        String max = prefix + "a".repeat(Did.MAX_LENGTH - prefix.length());
        assertTrue(Did.isValid(max));
        assertFalse(Did.isValid(max + "a"));
        assertEquals("Invalid DID: DID is too long (2048 chars max)",
                assertThrows(LexiconException.class, () -> Did.parse(max + "a")).getMessage());
    }

    @Test
    void percentNeedNotStartAHexEscapeButMayNotEnd() {
        assertTrue(Did.isValid("did:web:a%zz"));
        assertFalse(Did.isValid("did:web:a%"));
    }

    @Test
    void nullAndEmptyAreInvalidRequests() {
        for (String input : new String[] {null, ""}) {
            assertFalse(Did.isValid(input));
            LexiconException e = assertThrows(LexiconException.class, () -> Did.parse(input));
            assertEquals("InvalidRequest", e.errorName());
            assertEquals("Invalid DID: DID is required", e.getMessage());
        }
    }

    @Test
    void messagesNeverEchoTheInput() {
        String secretish = "did:plc:" + "x".repeat(100) + "/";
        LexiconException e = assertThrows(LexiconException.class, () -> Did.parse(secretish));
        assertFalse(e.getMessage().contains("xxxxxxxxxx"), e.getMessage());
    }
}
