package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import org.junit.jupiter.api.Test;

class NsidTest {

    @Test
    void keepsCaseAndExposesTheName() {
        Nsid nsid = Nsid.parse("com.atproto.server.createAccount");
        assertEquals("createAccount", nsid.name());
        assertEquals("com.atproto.server.createAccount", nsid.toString());
        assertEquals(Nsid.parse("com.atproto.server.createAccount"), nsid);
        assertEquals(Nsid.parse("com.atproto.server.createAccount").hashCode(), nsid.hashCode());
        assertNotEquals(Nsid.parse("com.atproto.server.createaccount"), nsid);
    }

    @Test
    void lengthLimitIs317() {
        String authority = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        String max = authority + "." + "e".repeat(63);
        assertEquals(317, max.length());
        assertTrue(Nsid.isValid(max));
        assertFalse(Nsid.isValid("x" + max));
    }

    @Test
    void nullIsAnInvalidRequest() {
        assertFalse(Nsid.isValid(null));
        LexiconException e = assertThrows(LexiconException.class, () -> Nsid.parse(null));
        assertEquals("InvalidRequest", e.errorName());
        assertEquals("Invalid NSID: NSID is required", e.getMessage());
    }
}
