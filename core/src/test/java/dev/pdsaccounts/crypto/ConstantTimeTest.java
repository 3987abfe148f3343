package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {
    @Test
    void comparesUtf8ContentAndRejectsNulls() {
        assertTrue(ConstantTime.equals("", ""));
        assertTrue(ConstantTime.equals("sécret", "sécret"));
        assertFalse(ConstantTime.equals("secret", "secreT"));
        assertFalse(ConstantTime.equals("secret", "secret2"));
        assertFalse(ConstantTime.equals(null, "a"));
        assertFalse(ConstantTime.equals("a", null));
        assertFalse(ConstantTime.equals(null, null));
    }
}
