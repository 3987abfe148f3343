package dev.pdsaccounts.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.identity.Json;
import dev.pdsaccounts.identity.Multibase;
import dev.pdsaccounts.identity.PublicKey;
import org.junit.jupiter.api.Test;

/** One root for every exception the library throws on purpose; codecs have their own family. */
class ErrorFamiliesTest {

    @Test
    void everyFamilySitsUnderTheRoot() {
        assertInstanceOf(PdsAccountsException.class, LexiconException.invalidRequest("x"));
        assertInstanceOf(PdsAccountsException.class, new InfrastructureException("x"));
        assertInstanceOf(PdsAccountsException.class, new StoreException("x"));
        assertInstanceOf(PdsAccountsException.class, new CodecException("x"));
        assertInstanceOf(PdsAccountsException.class, new ConfigurationException("x"));
        assertFalse(LexiconException.class.isAssignableFrom(CodecException.class), "a codec error is no lexicon error");
        assertFalse(InfrastructureException.class.isAssignableFrom(CodecException.class));
    }

    @Test
    void codecsThrowCodecErrorsNotLexiconErrors() {
        assertThrows(CodecException.class, () -> Json.parse("{"));
        assertThrows(CodecException.class, () -> Multibase.base64UrlDecodeStrict("a="));
        assertThrows(CodecException.class, () -> Multibase.base58btcDecode("0"));
        assertThrows(CodecException.class, () -> PublicKey.parseDidKey("did:key:nope"));
    }

    @Test
    void theBoundaryMappingKeepsTheMessageAsInvalidRequest() {
        CodecException e = assertThrows(CodecException.class, () -> Json.parse("[1,]"));
        LexiconException mapped = e.toInvalidRequest();
        assertEquals(LexiconError.INVALID_REQUEST, mapped.error());
        assertEquals(400, mapped.status());
        assertEquals(e.getMessage(), mapped.getMessage());
    }
}
