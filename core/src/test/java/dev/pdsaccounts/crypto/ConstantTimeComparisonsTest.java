package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The secret comparisons are constant-time, checked where they happen rather than by scanning for
 * {@code equals} on suspicious names (which is brittle). Reviewed code paths:
 * <ul>
 *   <li>reference scrypt verification (main and app passwords): {@link ConstantTime#equals} on the hex;</li>
 *   <li>login's re-checks of stored hashes and its app-password match: {@link ConstantTime#equals};</li>
 *   <li>{@link ConstantTime} itself: an accumulate-all XOR over UTF-16 code units (no early exit);</li>
 *   <li>Argon2id verification: the native {@code argon2_verify} (constant-time by construction);</li>
 *   <li>session JWT signatures: JJWT's HMAC check ({@code MessageDigest.isEqual});</li>
 *   <li>email tokens: found by the store by purpose and hash; when the account is known, {@code AccountChanges}
 *       compares the stored hash with {@link ConstantTime#equals}; app passwords at rest: stored as hashes,
 *       so no comparison ever runs on the secret itself.</li>
 * </ul>
 * The test pins the first two on the compiled classes' constant pools, so a refactoring that drops the
 * helper from one of these paths fails here.
 */
class ConstantTimeComparisonsTest {
    private static String classBytes(String name) throws IOException {
        Path p = Path.of("target", "classes", name.replace('.', '/') + ".class");
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    @Test
    void secretComparingClassesUseTheConstantTimeHelper() throws IOException {
        for (String cls : new String[] {"dev.pdsaccounts.crypto.ReferenceScryptHasher",
            "dev.pdsaccounts.service.session.Login", "dev.pdsaccounts.service.internal.AccountChanges"}) {
            assertTrue(classBytes(cls).contains("dev/pdsaccounts/crypto/ConstantTime"), cls + " uses ConstantTime");
        }
    }

    @Test
    void constantTimeEqualsAgreesWithEqualsOnSecretsOfEveryShape() {
        String[] values = {"", "a", "abc", "abd", "\u03a3", "\ud83d\ude00", "\ud800", "\ud801", "a\udc00", "a\udc01", "x".repeat(161), "x".repeat(160) + "y"};
        for (String a : values) {
            for (String b : values) {
                assertTrue(ConstantTime.equals(a, b) == a.equals(b), escape(a) + " vs " + escape(b));
            }
        }
        assertFalse(ConstantTime.equals("abc", null));
        assertFalse(ConstantTime.equals(null, "abc"));
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04x", c)));
        return sb.toString();
    }
}
