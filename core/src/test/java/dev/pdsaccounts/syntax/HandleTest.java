package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandleTest {

    @Test
    void normalisesToLowerCaseAndComparesNormalised() {
        Handle h = Handle.parse("Alice.Example.COM");
        assertEquals("alice.example.com", h.value());
        assertEquals("alice.example.com", h.toString());
        assertEquals(Handle.parse("alice.example.com"), h);
        assertEquals(Handle.parse("ALICE.EXAMPLE.COM").hashCode(), h.hashCode());
        assertNotEquals(Handle.parse("bob.example.com"), h);
        assertEquals(h, Handle.normalizeAndParse("ALICE.example.Com"));
    }

    @Test
    void nullIsInvalidInput() {
        assertFalse(Handle.isValid(null));
        LexiconException e = assertThrows(LexiconException.class, () -> Handle.parse(null));
        assertEquals(LexiconError.INVALID_HANDLE, e.error());
        assertEquals("Handle is required", e.getMessage());
        assertThrows(LexiconException.class, () -> Handle.normalizeAndParse(null));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "jo_hn.test|Disallowed characters in handle (ASCII letters, digits, dashes, periods only)",
        "john|Handle domain needs at least two parts",
        "john..test|Handle parts can not be empty",
        "-john.test|Handle parts can not start or end with hyphens",
        "john.0|Handle final component (TLD) must start with ASCII letter",
    })
    void namesTheProblem(String input, String message) {
        LexiconException e = assertThrows(LexiconException.class, () -> Handle.parse(input));
        assertEquals("InvalidHandle", e.errorName());
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void lengthLimits() {
        String label63 = "a".repeat(63);
        assertTrue(Handle.isValid(label63 + ".test"));
        assertEquals("Handle part too long (max 63 chars)",
                assertThrows(LexiconException.class, () -> Handle.parse(label63 + "a.test")).getMessage());
        // 4 labels of 63 + ".a" = 4 * 64 + 1 = 257 > 253; trim to exactly 253 and 254.
        String h253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertEquals(253, h253.length());
        assertTrue(Handle.isValid(h253));
        String h254 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62);
        assertEquals("Handle is too long (253 chars max)",
                assertThrows(LexiconException.class, () -> Handle.parse(h254)).getMessage());
    }

    @Test
    void nonAsciiIsNeverFoldedIntoAscii() {
        // U+212A KELVIN SIGN lower-cases to 'k' in Java and JavaScript alike; it must not become a valid handle.
        assertFalse(Handle.isValid("\u212Aelvin.test"));
        assertThrows(LexiconException.class, () -> Handle.normalizeAndParse("\u212Aelvin.test"));
        assertThrows(LexiconException.class, () -> Handle.normalizeAndParse("\u0130stanbul.test"));
    }

    @Test
    void placeholderForMissingHandle() {
        assertEquals("handle.invalid", Handle.INVALID_HANDLE);
    }
}
