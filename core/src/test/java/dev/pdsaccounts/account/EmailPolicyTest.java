package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailPolicyTest {
    private static final String NOT_SUPPORTED = "This email address is not supported, please use a different email.";
    private final EmailPolicy policy = EmailPolicy.of(DisposableEmailCheck.NONE);

    @ParameterizedTest
    @ValueSource(strings = {
        "alice@example.com", "Alice.Smith@Example.COM", "a@b.co", "x+tag@sub.domain.example.org",
        "!#$%&'*+-/=?^_`{|}~@example.com", "o'brien@example.ie", "user@xn--bcher-kva.tld", "user@a-b.c-d.io",
        "\u00fcser@example.com", "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", "user@b\u00fccher.de", "a@1.2.3.com",
        "\ud83d\ude00@example.com", "user@localhost.localdomain",
    })
    void valid(String email) {
        assertTrue(policy.isValid(email), email);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "plain", "@example.com", "alice@", "alice@@example.com", "a@b@example.com", "alice@localhost",
        ".alice@example.com", "alice.@example.com", "al..ice@example.com", "al ice@example.com", " alice@example.com",
        "alice@example.com ", "al\"ice@example.com", "al(ice@example.com", "alice@-example.com", "alice@example-.com",
        "alice@exa_mple.com", "alice@example..com", "alice@.example.com", "alice@example.com.", "alice@example.123",
        "alice@example.1com", "alice@[127.0.0.1]", "alice@127.0.0.1", "alice@exa mple.com", "ali\u0000ce@example.com",
        "alice@example.c\u0000m", "ali\ud800ce@example.com", "alice@ex\udc00ample.com", "alice@example.com\n",
        "alice@ex\u2028ample.com", "alice@example.\u0661com",
    })
    void invalid(String email) {
        assertFalse(policy.isValid(email), email);
        LexiconException e = assertThrows(LexiconException.class, () -> policy.requireValid(email));
        assertEquals("InvalidRequest", e.errorName());
    }

    @Test
    void lengthLimits() {
        String local64 = "a".repeat(64);
        assertTrue(policy.isValid(local64 + "@example.com"));
        assertFalse(policy.isValid(local64 + "a@example.com"));
        // 64 bytes of UTF-8 is the local-part limit, not 64 characters.
        assertTrue(policy.isValid("\u00e9".repeat(32) + "@example.com"));
        assertFalse(policy.isValid("\u00e9".repeat(33) + "@example.com"));
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com"; // 195
        String at254 = "a".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertEquals(254, at254.length());
        assertTrue(policy.isValid(at254));
        assertFalse(policy.isValid("a" + at254));
        assertFalse(policy.isValid("a@" + "b".repeat(64) + ".com"));
        assertTrue(policy.isValid("a@" + "b".repeat(63) + ".com"));
    }

    @Test
    void lengthIsCountedOnTheComposedForm() {
        // "e" + COMBINING ACUTE composes to one character under NFC: 32 composed characters, 64 bytes.
        assertTrue(policy.isValid("e\u0301".repeat(32) + "@example.com"));
    }

    @Test
    void normalizeLowerCasesOnly() {
        assertEquals("alice@example.com", policy.normalize("ALICE@Example.Com"));
        assertEquals(" alice@example.com ", policy.normalize(" Alice@example.com "));
        assertEquals("i@example.com", policy.normalize("I@EXAMPLE.COM")); // locale-independent
        LexiconException e = assertThrows(LexiconException.class, () -> policy.normalize(null));
        assertEquals("Email is required", e.getMessage());
    }

    /**
     * Look-alike addresses that differ only in Unicode normalisation have one stored form: NFC, lower-cased (a
     * precomposed letter against base + combining mark, in either case, in the local part and the domain).
     */
    @Test
    void normalizeFoldsCanonicallyEquivalentAddressesToTheirNfcForm() {
        String nfc = "jos\u00e9@caf\u00e9.example";
        String nfd = "jose\u0301@cafe\u0301.example";
        assertEquals(nfc, policy.normalize(nfd));
        assertEquals(nfc, policy.normalize(nfc));
        assertEquals(nfc, policy.normalize("JOSE\u0301@CAFE\u0301.EXAMPLE"));
        assertEquals(nfc, policy.requireValid(nfd));
        assertEquals(nfc, policy.requireValid("JOS\u00c9@CAF\u00c9.example"));
        // Hangul jamo compose to the syllable; a mark with no precomposed form stays a mark.
        assertEquals("\ud55c@example.com", policy.normalize("\u1112\u1161\u11ab@example.com"));
        assertEquals("i\u0307x@example.com", policy.normalize("\u0130X@example.com"));
        // Over-long input cannot be an address: only lower-cased, in linear time.
        String long_ = "E\u0301".repeat(2000);
        assertEquals("e\u0301".repeat(2000), policy.normalize(long_));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "\u039f\u0394\u039f\u03a3, \u03bf\u03b4\u03bf\u03c2",
        "\u03a3, \u03c3",
        "\u03a3\u0391, \u03c3\u03b1",
        "\u0391\u03a3@\u0392, \u03b1\u03c2@\u03b2",
        "\u0391\u03a3.\u0392, \u03b1\u03c3.\u03b2",
        "\u0391\u03a3', \u03b1\u03c2'",
        "A1\u03a3, a1\u03c3",
        "\u0130X, i\u0307x",
    })
    void lowerCasingFollowsUnicodeFinalSigmaLikeJavaScript(String input, String expected) {
        assertEquals(expected, policy.normalize(input));
    }

    @Test
    void lowerCasingAgreesWithTheJdkWhereBothFollowTheSameRule() {
        String alphabet = "\u0391\u03a3\u03c9aB @\u00e9";
        Props.forAll(2000, r -> {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertEquals(s.toLowerCase(Locale.ROOT), policy.normalize(s), s);
        });
    }

    @Test
    void lowerCasingManyCapitalSigmasStaysLinear() {
        // String.toLowerCase needs minutes for this input; the policy's own lower-casing is linear.
        String s = "\u03a3\u00e9".repeat(100_000);
        String lower = policy.normalize(s);
        assertEquals(s.length(), lower.length());
        assertEquals("\u03c3\u00e9".repeat(100_000), lower);
        assertFalse(policy.isValid(s + "@example.com"));
    }

    @Test
    void requireValidMessages() {
        assertEquals("bob@test.com", policy.requireValid("BOB@TEST.COM"));
        for (String missing : new String[] {null, ""}) {
            LexiconException e = assertThrows(LexiconException.class, () -> policy.requireValid(missing));
            assertEquals("InvalidRequest", e.errorName());
            assertEquals(400, e.status());
            assertEquals("Email is required", e.getMessage());
        }
        assertEquals(NOT_SUPPORTED, assertThrows(LexiconException.class, () -> policy.requireValid("nope")).getMessage());
        assertEquals(NOT_SUPPORTED, assertThrows(LexiconException.class, () -> policy.requireValid(" ")).getMessage());
    }

    @Test
    void disposableDomainsAreRefusedAndSeenLowerCased() {
        List<String> seen = new ArrayList<>();
        EmailPolicy p = EmailPolicy.of(domain -> {
            seen.add(domain);
            return domain.equals("mailinator.com");
        });
        LexiconException e = assertThrows(LexiconException.class, () -> p.requireValid("Bob@Mailinator.COM"));
        assertEquals("InvalidRequest", e.errorName());
        assertEquals(NOT_SUPPORTED, e.getMessage());
        assertEquals(List.of("mailinator.com"), seen);
        assertEquals("bob@example.com", p.requireValid("bob@example.com"));
        // isValid is syntax only.
        assertTrue(p.isValid("bob@mailinator.com"));
    }

    @Test
    void missingCheckIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> EmailPolicy.of(null));
    }
}
