package dev.pdsaccounts.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of the syntax parsers: they agree with the reference regular expressions on random near-valid
 * input, never throw anything but {@link LexiconException}, and refuse huge input without echoing it.
 */
class SyntaxPropertiesTest {
    /** The handle regex of the reference's lexicon layer (reference-pds.md 3.2), used only as an oracle here. */
    static final Pattern HANDLE_REGEX = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$");
    /** The atproto DID regex (syntax spec). */
    static final Pattern DID_REGEX = Pattern.compile("^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$");
    /** The atproto NSID regex (syntax spec). */
    static final Pattern NSID_REGEX = Pattern.compile(
            "^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+"
                    + "(\\.[a-zA-Z][a-zA-Z0-9]{0,62})$");

    private static final String HANDLE_CHARS = "abcxyzABZ0189-.";

    /** A random string over handle characters, with labels of lengths that straddle the limits. */
    static String handleLike(SplittableRandom r) {
        int labels = 1 + r.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            if (i > 0) {
                sb.append('.');
            }
            int len = r.nextInt(10) == 0 ? 60 + r.nextInt(6) : r.nextInt(8);
            for (int j = 0; j < len; j++) {
                sb.append(HANDLE_CHARS.charAt(r.nextInt(HANDLE_CHARS.length() - 1)));
            }
        }
        return sb.toString();
    }

    @Test
    void handleAgreesWithTheReferenceRegex() {
        int[] valid = {0};
        Props.forAll(5000, r -> {
            String s = handleLike(r);
            boolean expected = s.length() <= 253 && HANDLE_REGEX.matcher(s).matches();
            assertEquals(expected, Handle.isValid(s), s);
            if (expected) {
                valid[0]++;
            }
        });
        assertTrue(valid[0] > 100, "too few valid handles generated: " + valid[0]);
    }

    @Test
    void handleNormalisationIsIdempotent() {
        Props.forAll(3000, r -> {
            String s = r.nextBoolean() ? handleLike(r) : AdversarialStrings.next(r);
            Handle h;
            try {
                h = Handle.normalizeAndParse(s);
            } catch (LexiconException e) {
                return;
            }
            assertEquals(h, Handle.normalizeAndParse(h.value()));
            assertEquals(h.value(), Handle.normalizeAndParse(h.value()).value());
            assertEquals(h, Handle.parse(s));
        });
    }

    @Test
    void didAgreesWithTheReferenceRegex() {
        String chars = "abzAZ09._:%-/";
        Props.forAll(5000, r -> {
            StringBuilder sb = new StringBuilder(r.nextInt(8) == 0 ? "DID:" : "did:");
            int methodLen = r.nextInt(4);
            for (int i = 0; i < methodLen; i++) {
                sb.append(r.nextInt(10) == 0 ? '1' : (char) ('a' + r.nextInt(26)));
            }
            int rest = r.nextInt(10);
            for (int i = 0; i < rest; i++) {
                sb.append(chars.charAt(r.nextInt(chars.length())));
            }
            String s = sb.toString();
            assertEquals(DID_REGEX.matcher(s).matches(), Did.isValid(s), s);
        });
    }

    @Test
    void nsidAgreesWithTheReferenceRegex() {
        Props.forAll(5000, r -> {
            String s = handleLike(r);
            boolean expected = s.length() <= 317 && NSID_REGEX.matcher(s).matches();
            assertEquals(expected, Nsid.isValid(s), s);
        });
    }

    @Test
    void noInputThrowsAnythingButLexiconException() {
        List<Consumer<String>> calls = List.of(
                Handle::parse, Handle::normalizeAndParse, Handle::isValid,
                Did::parse, Did::isValid,
                AtIdentifier::parse, AtIdentifier::isValid,
                Nsid::parse, Nsid::isValid,
                Datetime::parse, Datetime::isValid);
        Props.forAll(1500, r -> {
            String s = AdversarialStrings.next(r);
            for (Consumer<String> call : calls) {
                try {
                    call.accept(s);
                } catch (LexiconException expected) {
                    // The only allowed failure.
                } catch (RuntimeException e) {
                    fail("unexpected " + e + " for input of length " + (s == null ? "null" : s.length()), e);
                }
            }
        });
    }

    @Test
    void hugeInputIsRefusedWithAShortMessage() {
        String dots = "a.".repeat(50_000) + "com";
        String[] inputs = {
            "a".repeat(100_000), dots, "did:plc:" + "a".repeat(100_000), "0".repeat(100_000),
            "1985-04-12T23:20:50." + "1".repeat(100_000) + "Z", "\u0000".repeat(100_000),
        };
        for (String s : inputs) {
            assertFalse(Handle.isValid(s));
            assertFalse(Did.isValid(s));
            assertFalse(AtIdentifier.isValid(s));
            assertFalse(Nsid.isValid(s));
            assertFalse(Datetime.isValid(s));
            for (LexiconException e : List.of(
                    assertThrows(LexiconException.class, () -> Handle.parse(s)),
                    assertThrows(LexiconException.class, () -> Did.parse(s)),
                    assertThrows(LexiconException.class, () -> AtIdentifier.parse(s)),
                    assertThrows(LexiconException.class, () -> Nsid.parse(s)),
                    assertThrows(LexiconException.class, () -> Datetime.parse(s)))) {
                assertTrue(e.getMessage().length() < 150, e.getMessage());
            }
        }
    }
}
