package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AtIdentifierTest {

    @Test
    void didSide() {
        AtIdentifier id = AtIdentifier.parse("did:plc:ABC");
        assertTrue(id.isDid());
        assertFalse(id.isHandle());
        assertEquals(Optional.of(Did.parse("did:plc:ABC")), id.asDid());
        assertEquals(Optional.empty(), id.asHandle());
        assertEquals("did:plc:ABC", id.value());
    }

    @Test
    void handleSideIsNormalised() {
        AtIdentifier id = AtIdentifier.parse("Alice.Test");
        assertTrue(id.isHandle());
        assertFalse(id.isDid());
        assertEquals(Optional.of(Handle.parse("alice.test")), id.asHandle());
        assertEquals(Optional.empty(), id.asDid());
        assertEquals("alice.test", id.toString());
        assertEquals(AtIdentifier.parse("alice.test"), id);
        assertEquals(AtIdentifier.parse("alice.test").hashCode(), id.hashCode());
    }

    @Test
    void didPrefixCommitsToDidSyntax() {
        // "did:thing.test" is neither a DID (no method separator) nor read as a handle.
        LexiconException e = assertThrows(LexiconException.class, () -> AtIdentifier.parse("did:thing.test"));
        assertEquals("InvalidRequest", e.errorName());
        assertTrue(e.getMessage().startsWith("Invalid AT identifier: "), e.getMessage());
    }

    @Test
    void nullIsInvalid() {
        assertFalse(AtIdentifier.isValid(null));
        assertEquals("InvalidRequest", assertThrows(LexiconException.class, () -> AtIdentifier.parse(null)).errorName());
    }
}
