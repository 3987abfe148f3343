package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.TestData;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the atproto interop syntax vectors, one test invocation per case, read untrimmed. */
class SyntaxVectorsTest {

    static List<String> handleValid() {
        return TestData.syntaxCases("handle_syntax_valid.txt");
    }

    static List<String> handleInvalid() {
        return TestData.syntaxCases("handle_syntax_invalid.txt");
    }

    static List<String> didValid() {
        return TestData.syntaxCases("did_syntax_valid.txt");
    }

    static List<String> didInvalid() {
        return TestData.syntaxCases("did_syntax_invalid.txt");
    }

    static List<String> atIdentifierValid() {
        return TestData.syntaxCases("atidentifier_syntax_valid.txt");
    }

    static List<String> atIdentifierInvalid() {
        return TestData.syntaxCases("atidentifier_syntax_invalid.txt");
    }

    static List<String> nsidValid() {
        return TestData.syntaxCases("nsid_syntax_valid.txt");
    }

    static List<String> nsidInvalid() {
        return TestData.syntaxCases("nsid_syntax_invalid.txt");
    }

    static List<String> datetimeValid() {
        return TestData.syntaxCases("datetime_syntax_valid.txt");
    }

    static List<String> datetimeInvalid() {
        return TestData.syntaxCases("datetime_syntax_invalid.txt");
    }

    static List<String> datetimeParseInvalid() {
        return TestData.syntaxCases("datetime_parse_invalid.txt");
    }

    /** The case counts of SOURCES.md: a trimmed or mis-filtered read would change them. */
    @ParameterizedTest(name = "{0} has {1} cases")
    @CsvSource({
        "handle_syntax_valid.txt, 71", "handle_syntax_invalid.txt, 48",
        "did_syntax_valid.txt, 24", "did_syntax_invalid.txt, 18",
        "atidentifier_syntax_valid.txt, 11", "atidentifier_syntax_invalid.txt, 22",
        "nsid_syntax_valid.txt, 25", "nsid_syntax_invalid.txt, 27",
        "datetime_syntax_valid.txt, 35", "datetime_syntax_invalid.txt, 45", "datetime_parse_invalid.txt, 7"
    })
    void vectorFilesHaveTheDocumentedCaseCounts(String file, int cases) {
        assertEquals(cases, TestData.syntaxCases(file).size());
    }

    @Test
    void untrimmedCasesArePresent() {
        assertTrue(handleInvalid().contains(" john.test"));
        assertTrue(handleInvalid().contains("john.test "));
        assertTrue(datetimeInvalid().contains(" 1985-04-12T23:20:50.123Z"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("handleValid")
    void validHandle(String input) {
        assertTrue(Handle.isValid(input));
        Handle h = Handle.parse(input);
        assertEquals(input.toLowerCase(Locale.ROOT), h.value());
        assertEquals(h, Handle.normalizeAndParse(input));
        assertTrue(AtIdentifier.isValid(input));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("handleInvalid")
    void invalidHandle(String input) {
        assertFalse(Handle.isValid(input));
        LexiconException e = assertThrows(LexiconException.class, () -> Handle.parse(input));
        assertEquals("InvalidHandle", e.errorName());
        assertThrows(LexiconException.class, () -> Handle.normalizeAndParse(input));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("didValid")
    void validDid(String input) {
        assertTrue(Did.isValid(input));
        Did did = Did.parse(input);
        assertEquals(input, did.value());
        assertTrue(input.startsWith("did:" + did.method() + ":"));
        assertTrue(AtIdentifier.parse(input).isDid());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("didInvalid")
    void invalidDid(String input) {
        assertFalse(Did.isValid(input));
        LexiconException e = assertThrows(LexiconException.class, () -> Did.parse(input));
        assertEquals("InvalidRequest", e.errorName());
        assertTrue(e.getMessage().startsWith("Invalid DID: "), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("atIdentifierValid")
    void validAtIdentifier(String input) {
        assertTrue(AtIdentifier.isValid(input));
        AtIdentifier id = AtIdentifier.parse(input);
        assertEquals(input.startsWith("did:"), id.isDid());
        assertEquals(!input.startsWith("did:"), id.isHandle());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("atIdentifierInvalid")
    void invalidAtIdentifier(String input) {
        assertFalse(AtIdentifier.isValid(input));
        LexiconException e = assertThrows(LexiconException.class, () -> AtIdentifier.parse(input));
        assertEquals("InvalidRequest", e.errorName());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("nsidValid")
    void validNsid(String input) {
        assertTrue(Nsid.isValid(input));
        assertEquals(input, Nsid.parse(input).value());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("nsidInvalid")
    void invalidNsid(String input) {
        assertFalse(Nsid.isValid(input));
        LexiconException e = assertThrows(LexiconException.class, () -> Nsid.parse(input));
        assertEquals("InvalidRequest", e.errorName());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("datetimeValid")
    void validDatetime(String input) {
        assertTrue(Datetime.isValid(input));
        Instant parsed = Datetime.parse(input);
        // The canonical form names the same instant, to the millisecond.
        assertEquals(parsed.toEpochMilli(), Datetime.parse(Datetime.format(parsed)).toEpochMilli());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("datetimeInvalid")
    void invalidDatetime(String input) {
        assertFalse(Datetime.isValid(input));
        LexiconException e = assertThrows(LexiconException.class, () -> Datetime.parse(input));
        assertEquals("InvalidRequest", e.errorName());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("datetimeParseInvalid")
    void semanticallyInvalidDatetime(String input) {
        assertFalse(Datetime.isValid(input));
        LexiconException e = assertThrows(LexiconException.class, () -> Datetime.parse(input));
        assertEquals("InvalidRequest", e.errorName());
    }
}
