package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private static String message(PasswordPolicy p, String pw) {
        LexiconException e = assertThrows(LexiconException.class, () -> p.checkNew(pw));
        assertEquals("InvalidPassword", e.errorName());
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void referenceDefaultHasNoMinimum() {
        PasswordPolicy p = PasswordPolicy.of(0);
        assertEquals(0, p.minLength());
        assertDoesNotThrow(() -> p.checkNew("a"));
        assertDoesNotThrow(() -> p.checkNew("a".repeat(256)));
        assertEquals("Password is required", message(p, null));
        assertEquals("Password is required", message(p, ""));
        assertEquals("Password too long. Maximum length is 256 characters.", message(p, "a".repeat(257)));
    }

    @Test
    void lengthIsCountedInUtf16Units() {
        PasswordPolicy p = PasswordPolicy.of(0);
        String emoji = "\ud83d\ude00"; // one code point, two UTF-16 units
        assertDoesNotThrow(() -> p.checkNew(emoji.repeat(128)));
        assertEquals("Password too long. Maximum length is 256 characters.", message(p, emoji.repeat(128) + "a"));
    }

    @Test
    void configuredMinimum() {
        PasswordPolicy p = PasswordPolicy.of(8);
        assertEquals("Password too short. Minimum length is 8 characters.", message(p, "1234567"));
        assertDoesNotThrow(() -> p.checkNew("12345678"));
        assertEquals("Password is required", message(p, ""));
    }

    @Test
    void oldPasswordsUpTo512() {
        PasswordPolicy p = PasswordPolicy.of(0);
        assertEquals(256, PasswordPolicy.NEW_PASSWORD_MAX_LENGTH);
        assertEquals(512, PasswordPolicy.OLD_PASSWORD_MAX_LENGTH);
        assertTrue(p.fitsOld("a".repeat(512)));
        assertTrue(p.fitsOld(""));
        assertFalse(p.fitsOld("a".repeat(513)));
        assertFalse(p.fitsOld(null));
    }

    @Test
    void impossibleMinimumIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.of(-1));
        assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.of(257));
        assertDoesNotThrow(() -> PasswordPolicy.of(256));
    }
}
