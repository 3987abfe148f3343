package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.syntax.AdversarialStrings;
import dev.pdsaccounts.syntax.Handle;
import dev.pdsaccounts.testsupport.Props;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Properties of the account policies over random and adversarial input; each failure names its seed. */
class AccountPolicyPropertiesTest {
    /** The reference's lexicon handle regex (reference-pds.md 3.2), an oracle independent of {@link Handle}. */
    private static final Pattern HANDLE_REGEX = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$");
    private static final List<String> DOMAINS = List.of(".test", ".pds.example.com");
    private static final String LABEL_CHARS = "abcmxyzAMZ0159-";

    private final HandlePolicy policy = HandlePolicy.of(DOMAINS, ReservedHandles.defaults(),
            h -> h.contains("zzz") ? Optional.of("test word") : Optional.empty());
    private final EmailPolicy emails = EmailPolicy.of(d -> d.startsWith("x"));
    private final PasswordPolicy passwords = PasswordPolicy.of(8);

    private static String label(SplittableRandom r) {
        int len = r.nextInt(12) == 0 ? 15 + r.nextInt(8) : 1 + r.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(LABEL_CHARS.charAt(r.nextInt(LABEL_CHARS.length())));
        }
        return sb.toString();
    }

    /** Mostly plausible handles: random labels under a service domain, a custom domain or a denied TLD. */
    private static String handleCandidate(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(label(r));
        if (r.nextInt(5) == 0) {
            sb.append('.').append(label(r));
        }
        switch (r.nextInt(6)) {
            case 0:
            case 1:
                sb.append(".test");
                break;
            case 2:
                sb.append(".PDS.example.com");
                break;
            case 3:
                sb.append(".local");
                break;
            case 4:
                sb.append(".example.org");
                break;
            default:
                sb.append('.').append(label(r));
                break;
        }
        return sb.toString();
    }

    @Test
    void everyAcceptedHandleMatchesTheReferenceGrammar() {
        int[] accepted = {0, 0};
        Props.forAll(4000, r -> {
            String raw = r.nextInt(4) == 0 ? AdversarialStrings.next(r) : handleCandidate(r);
            boolean admin = r.nextBoolean();
            HandleCheck c;
            try {
                c = policy.check(raw, admin);
            } catch (LexiconException e) {
                return;
            }
            String h = c.handle().value();
            assertTrue(h.length() <= 253 && HANDLE_REGEX.matcher(h).matches(), h);
            assertEquals(raw.toLowerCase(Locale.ROOT), h);
            if (c instanceof HandleCheck.ServiceHandle) {
                String domain = ((HandleCheck.ServiceHandle) c).domain();
                String front = h.substring(0, h.length() - domain.length());
                assertTrue(DOMAINS.contains(domain) && h.endsWith(domain), h);
                assertTrue(front.length() >= 3 && front.length() <= 18 && front.indexOf('.') < 0, h);
                assertTrue(admin || !ReservedHandles.defaults().isReserved(front), h);
                accepted[0]++;
            } else {
                for (String d : DOMAINS) {
                    assertTrue(!h.endsWith(d), h);
                }
                accepted[1]++;
            }
            assertTrue(admin || !h.contains("zzz"), h);
        });
        assertTrue(accepted[0] > 200 && accepted[1] > 200, "too few accepted: " + accepted[0] + "/" + accepted[1]);
    }

    @Test
    void handleNormalisationIsIdempotent() {
        Props.forAll(3000, r -> {
            String raw = r.nextBoolean() ? handleCandidate(r) : AdversarialStrings.next(r);
            HandleCheck first;
            try {
                first = policy.check(raw, true);
            } catch (LexiconException e) {
                return;
            }
            HandleCheck again = policy.check(first.handle().value(), true);
            assertEquals(first, again);
            assertEquals(first.handle(), Handle.normalizeAndParse(first.handle().value()));
        });
    }

    @Test
    void emailNormalisationIsIdempotent() {
        Props.forAll(3000, r -> {
            String raw = AdversarialStrings.next(r);
            if (raw == null) {
                return;
            }
            String once = emails.normalize(raw);
            assertEquals(once, emails.normalize(once));
            if (emails.isValid(raw)) {
                // The test's disposable check refuses domains starting with "x".
                if (once.substring(once.lastIndexOf('@') + 1).startsWith("x")) {
                    assertThrows(LexiconException.class, () -> emails.requireValid(raw));
                } else {
                    assertEquals(once, emails.requireValid(raw));
                }
            }
        });
    }

    @Test
    void noInputThrowsAnythingButLexiconException() {
        ReservedHandles reserved = ReservedHandles.defaults();
        List<Consumer<String>> calls = List.of(
                s -> policy.check(s, false), s -> policy.check(s, true), policy::requireServiceHandleForSignup,
                emails::normalize, emails::isValid, emails::requireValid,
                passwords::checkNew, passwords::fitsOld, reserved::isReserved);
        Props.forAll(1500, r -> {
            String s = r.nextInt(3) == 0 ? handleCandidate(r) : AdversarialStrings.next(r);
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
    void boundaryLengthsAreHandled() {
        for (int len : AdversarialStrings.BOUNDARY_LENGTHS) {
            String a = "a".repeat(len);
            assertEquals(len >= 8 && len <= 256, accepts(() -> passwords.checkNew(a)), "password " + len);
            assertEquals(len <= 512, passwords.fitsOld(a), "old password " + len);
            boolean handleOk = len >= 3 && len <= 18;
            assertEquals(handleOk, accepts(() -> policy.check(a + ".test", false)), "handle front " + len);
            assertEquals(len >= 1 && len <= 64, emails.isValid(a + "@example.com"), "email local " + len);
        }
    }

    private static boolean accepts(Runnable r) {
        try {
            r.run();
            return true;
        } catch (LexiconException e) {
            return false;
        }
    }
}
