package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatetimeTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "1985-04-12T23:20:50.123Z, 1985-04-12T23:20:50.123Z",
        "1985-04-12T23:20:50Z, 1985-04-12T23:20:50Z",
        "1985-04-12T23:20:50.123-07:00, 1985-04-13T06:20:50.123Z",
        "1985-04-12T23:20:50.123+01:45, 1985-04-12T21:35:50.123Z",
        "1985-04-12T23:20:50.1234567891234Z, 1985-04-12T23:20:50.123456789Z",
        "0000-01-01T00:00:00.000Z, 0000-01-01T00:00:00Z",
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
    })
    void parsesToTheInstant(String input, String expected) {
        assertEquals(Instant.parse(expected), Datetime.parse(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2023-02-29T00:00:00Z", "1985-04-31T00:00:00Z", "1985-04-12T24:00:00Z", "1985-04-12T23:20:60Z",
        "1985-04-12T23:20:50+24:00", "1985-04-12T23:20:50.123456789012345678901Z", "1985-04-12T23:20:50x123Z",
    })
    void refusesCornerCases(String input) {
        assertFalse(Datetime.isValid(input));
        assertEquals("InvalidRequest", assertThrows(LexiconException.class, () -> Datetime.parse(input)).errorName());
    }

    @Test
    void nullAndEmptyAreInvalidRequests() {
        assertFalse(Datetime.isValid(null));
        assertFalse(Datetime.isValid(""));
        assertEquals("Invalid datetime: datetime is required",
                assertThrows(LexiconException.class, () -> Datetime.parse(null)).getMessage());
    }

    @Test
    void formatsLikeJavaScriptToIsoString() {
        assertEquals("2023-04-12T04:53:57.057Z", Datetime.format(Instant.parse("2023-04-12T04:53:57.057Z")));
        assertEquals("2023-04-12T04:53:57.000Z", Datetime.format(Instant.parse("2023-04-12T04:53:57Z")));
        // Truncated, never rounded up.
        assertEquals("2023-04-12T04:53:57.057Z", Datetime.format(Instant.parse("2023-04-12T04:53:57.057999999Z")));
        assertEquals("1969-12-31T23:59:59.999Z", Datetime.format(Instant.ofEpochSecond(-1, 999_999_999)));
        assertEquals("0000-01-01T00:00:00.000Z", Datetime.format(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("+010000-01-01T00:00:00.000Z", Datetime.format(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("-000001-12-31T23:00:00.000Z", Datetime.format(Instant.parse("-0001-12-31T23:00:00Z")));
    }

    @Test
    void formatRefusesNullAndInstantsJavaScriptCannotHold() {
        assertEquals("InvalidRequest", assertThrows(LexiconException.class, () -> Datetime.format(null)).errorName());
        assertEquals("+275760-09-13T00:00:00.000Z", Datetime.format(Instant.ofEpochMilli(8_640_000_000_000_000L)));
        assertThrows(LexiconException.class, () -> Datetime.format(Instant.ofEpochMilli(8_640_000_000_000_001L)));
        assertThrows(LexiconException.class, () -> Datetime.format(Instant.MAX));
        assertThrows(LexiconException.class, () -> Datetime.format(Instant.MIN));
    }

    @Test
    void formatThenParseIsTheMillisecondTruncation() {
        long min = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
        long max = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400L + 86_399L;
        Props.forAll(2000, r -> {
            Instant t = Instant.ofEpochSecond(r.nextLong(min, max + 1), r.nextInt(1_000_000_000));
            String s = Datetime.format(t);
            assertTrue(Datetime.isValid(s), s);
            assertEquals(t.toEpochMilli(), Datetime.parse(s).toEpochMilli(), s);
            assertEquals(24, s.length(), s);
        });
    }
}
