package dev.pdsaccounts.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing: whatever the input, verification either succeeds or throws a token LexiconException. */
class SessionTokensFuzzTest {
    private static final byte[] SECRET = SessionTokensTest.SECRET;
    private static final String PDS = SessionTokensTest.PDS;
    private static final String DID = SessionTokensTest.DID;
    private static final long IAT = SessionTokensTest.T0.getEpochSecond();
    private static final String CHARS = "ABCxyz019-_+/=.\"{}[]:, \\\u00e9\u2713\uD83D\uDE00\uD800\u0000";

    private final SessionTokens codec = SessionTokensTest.tokens(SessionTokensTest.T0.plusSeconds(60));
    private final String access = SessionTokensTest.tokens(SessionTokensTest.T0)
            .createAccessToken(DID, Scope.ACCESS, Duration.ofHours(2));
    private final String refresh = SessionTokensTest.tokens(SessionTokensTest.T0)
            .createRefreshToken(DID, "jti-fuzz", Duration.ofDays(90));

    @Test
    void anyInputYieldsClaimsOrATokenLexiconException() {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        Props.forAll(6000, r -> {
            String input = input(r);
            boolean allowExpired = r.nextBoolean();
            for (Supplier<Object> call : List.<Supplier<Object>>of(
                    () -> codec.verifyAccessToken(input, Scope.STANDARD),
                    () -> codec.verifyRefreshToken(input, allowExpired))) {
                try {
                    call.get();
                    accepted.incrementAndGet();
                } catch (LexiconException e) {
                    assertTrue(e.error() == LexiconError.INVALID_TOKEN || e.error() == LexiconError.EXPIRED_TOKEN,
                            e.toString());
                    rejected.incrementAndGet();
                } catch (Throwable t) {
                    fail("unexpected " + t.getClass().getName() + " for input of length " + input.length(), t);
                }
            }
        });
        assertEquals(12000, accepted.get() + rejected.get());
        assertTrue(accepted.get() > 0, "the generator also produces valid tokens");
        assertTrue(rejected.get() > 6000);
    }

    @Test
    void aClockSetAnywhereNeverBreaksVerification() {
        Props.forAll(200, r -> {
            long t = r.nextLong(-100_000_000_000L, 100_000_000_000L);
            SessionTokens c = new SessionTokens(SECRET, PDS,
                    Clock.fixed(Instant.ofEpochSecond(t), ZoneOffset.UTC));
            try {
                c.verifyAccessToken(access, Scope.FULL);
            } catch (LexiconException e) {
                assertTrue(e.error() == LexiconError.EXPIRED_TOKEN || e.error() == LexiconError.INVALID_TOKEN);
            }
        });
    }

    private String input(SplittableRandom r) {
        switch (r.nextInt(5)) {
            case 0:
                return randomString(r, r.nextInt(200));
            case 1:
                return mutate(r, r.nextBoolean() ? access : refresh);
            case 2:
                return crafted(r);
            case 3:
                return mutate(r, crafted(r));
            default:
                return segments(r);
        }
    }

    private static String randomString(SplittableRandom r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(CHARS.charAt(r.nextInt(CHARS.length())));
        }
        return sb.toString();
    }

    private static String mutate(SplittableRandom r, String token) {
        StringBuilder sb = new StringBuilder(token);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(6)) {
                case 0:
                    sb.setCharAt(at, CHARS.charAt(r.nextInt(CHARS.length())));
                    break;
                case 1:
                    sb.deleteCharAt(at);
                    break;
                case 2:
                    sb.insert(at, CHARS.charAt(r.nextInt(CHARS.length())));
                    break;
                case 3:
                    sb.setLength(at);
                    break;
                case 4:
                    String[] p = sb.toString().split("\\.", -1);
                    if (p.length == 3) {
                        sb = new StringBuilder(p[1] + "." + p[0] + "." + p[2]);
                    }
                    break;
                default:
                    sb.append('.').append(sb, 0, Math.min(sb.length(), at));
                    break;
            }
        }
        return sb.toString();
    }

    private static String segments(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            byte[] bytes = new byte[r.nextInt(60)];
            r.nextBytes(bytes);
            sb.append(Jwt.b64(bytes));
        }
        return sb.toString();
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String jsonValue(SplittableRandom r, String... typical) {
        if (r.nextInt(3) > 0 && typical.length > 0) {
            return pick(r, typical);
        }
        return pick(r, "null", "true", "0", "-1", "1e300", "1.5", "\"\"", "[]", "{}", "[\"" + PDS + "\"]",
                "{\"a\":[1,{\"b\":null}]}", "\"did:\"", "9223372036854775807", "-9223372036854775808",
                "\"" + "z".repeat(r.nextInt(300)) + "\"", "\"\\ud800\"", "[" + "[".repeat(50) + "]".repeat(50) + "]");
    }

    /** A token with a randomly assembled header and payload, usually signed with the right secret. */
    private static String crafted(SplittableRandom r) {
        String header = "{" + String.join(",", Stream.of(
                r.nextInt(10) > 0 ? "\"alg\":" + jsonValue(r, "\"HS256\"", "\"HS256\"", "\"none\"", "\"HS512\"",
                        "\"ES256K\"", "\"hs256\"") : null,
                r.nextInt(10) > 0 ? "\"typ\":" + jsonValue(r, "\"at+jwt\"", "\"refresh+jwt\"", "\"JWT\"",
                        "\"AT+JWT\"") : null,
                r.nextInt(8) == 0 ? "\"crit\":" + jsonValue(r, "[\"exp\"]", "[\"b64\"]", "[]") : null,
                r.nextInt(8) == 0 ? "\"zip\":" + jsonValue(r, "\"DEF\"", "\"GZIP\"") : null,
                r.nextInt(8) == 0 ? "\"b64\":" + jsonValue(r, "false", "true") : null,
                r.nextInt(8) == 0 ? "\"kid\":" + jsonValue(r, "\"k1\"") : null)
                .filter(Objects::nonNull).toArray(String[]::new)) + "}";
        String payload = "{" + String.join(",", Stream.of(
                r.nextInt(8) > 0 ? "\"scope\":" + jsonValue(r, "\"com.atproto.access\"", "\"com.atproto.refresh\"",
                        "\"com.atproto.appPass\"", "\"com.atproto.takendown\"", "\"x\"") : null,
                r.nextInt(8) > 0 ? "\"aud\":" + jsonValue(r, "\"" + PDS + "\"", "\"did:web:other\"") : null,
                r.nextInt(8) > 0 ? "\"sub\":" + jsonValue(r, "\"" + DID + "\"", "\"alice.test\"") : null,
                r.nextInt(8) > 0 ? "\"iat\":" + jsonValue(r, Long.toString(IAT), "\"2026-01-01\"") : null,
                r.nextInt(8) > 0 ? "\"exp\":" + jsonValue(r, Long.toString(IAT + 7200), Long.toString(IAT - 1),
                        Long.toString(IAT + 60)) : null,
                r.nextInt(3) == 0 ? "\"jti\":" + jsonValue(r, "\"j1\"") : null,
                r.nextInt(10) == 0 ? "\"nbf\":" + jsonValue(r, Long.toString(IAT + 100_000)) : null,
                r.nextInt(10) == 0 ? "\"lxm\":" + jsonValue(r, "\"com.atproto.x\"") : null,
                r.nextInt(10) == 0 ? "\"cnf\":" + jsonValue(r, "{\"jkt\":\"x\"}") : null)
                .filter(Objects::nonNull).toArray(String[]::new)) + "}";
        if (r.nextInt(20) == 0) {
            payload = randomString(r, r.nextInt(40));
        }
        byte[] secret = SECRET;
        if (r.nextInt(10) == 0) {
            secret = SECRET.clone();
            secret[r.nextInt(secret.length)] ^= 1;
        }
        return Jwt.hs256(header, payload, secret);
    }
}
