package dev.pdsaccounts.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmailTokenFormatTest {

    @Test
    void generatedTokensHaveTheReferenceShapeAndUseTheWholeAlphabet() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String t = EmailTokenFormat.generate(random);
            assertTrue(t.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"), t);
            assertEquals(Optional.of(t), EmailTokenFormat.normalize(t));
            seen.add(t);
            for (char c : t.toCharArray()) {
                chars.add(c);
            }
        }
        assertEquals(2000, seen.size());
        assertEquals(33, chars.size(), "32 base32 symbols and the hyphen");
    }

    @Test
    void theFirstTenBase32CharactersOfTheBytesAreUsed() {
        // 8 bytes 0xFF... -> base32 "77777777777777" -> first ten: all '7'.
        SecureRandom ones = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 0xff);
            }
        };
        assertEquals("77777-77777", EmailTokenFormat.generate(ones));
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] v = {0x00, 0x44, 0x32, 0x14, (byte) 0xc7, 0x42, 0x54, (byte) 0xb6};
                System.arraycopy(v, 0, bytes, 0, bytes.length);
            }
        };
        // RFC 4648 base32 of 00 44 32 14 C7 42 54 B6 35 CF 84 65 3A 56 D7 C6 75 BE 77 DF is
        // "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; its first ten characters:
        assertEquals("ABCDE-FGHIJ", EmailTokenFormat.generate(fixed));
    }

    @Test
    void normalizationTrimsAndUpperCasesAndRefusesEverythingElse() {
        assertEquals(Optional.of("ABCDE-FGH23"), EmailTokenFormat.normalize("  abcde-fgh23\t"));
        for (String bad : new String[] {null, "", "ABCDE", "ABCDEFGHIJK", "ABCDE-FGH18", "ABCDE-FGHIJ-",
                "ABCDE--GHIJ", "ÄBCDE-FGHIJ", "A".repeat(EmailTokenFormat.MAX_INPUT_LENGTH + 1)}) {
            assertEquals(Optional.empty(), EmailTokenFormat.normalize(bad), String.valueOf(bad));
        }
    }

    @Test
    void theStoredFormIsSha256HexOfTheNormalisedToken() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", EmailTokenFormat.hash(""));
        String h = EmailTokenFormat.hash("ABCDE-FGHIJ");
        assertTrue(h.matches("[0-9a-f]{64}"));
        assertEquals(h, EmailTokenFormat.hash(EmailTokenFormat.normalize("abcde-fghij").orElseThrow()));
    }
}
