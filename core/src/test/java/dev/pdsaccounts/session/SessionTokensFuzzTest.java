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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

    /**
     * Differential check against jjwt: whatever the input, a token this codec accepts is one jjwt accepts too,
     * with the same claims, and a token it reports expired jjwt never accepts. (The codec is stricter than
     * jjwt on purpose: duplicate members, non-numeric dates, audiences in longer arrays are refused.)
     */
    @Test
    void neverAcceptsWhatJjwtRefuses() {
        Instant now = SessionTokensTest.T0.plusSeconds(60);
        JjwtOracle oracle = new JjwtOracle(SECRET, PDS, Clock.fixed(now, ZoneOffset.UTC));
        AtomicInteger agreedAccepts = new AtomicInteger();
        Props.forAll(4000, r -> {
            String input = r.nextInt(3) == 0 ? validVariant(r) : input(r);
            boolean allowExpired = r.nextBoolean();
            String ours;
            String theirs;
            if (r.nextBoolean()) {
                ours = outcome(() -> claims(codec.verifyAccessToken(input, Scope.STANDARD)));
                theirs = oracle.outcome(input, SessionTokens.ACCESS_TOKEN_TYPE, false, Scope.STANDARD);
            } else {
                ours = outcome(() -> claims(codec.verifyRefreshToken(input, allowExpired)));
                theirs = oracle.outcome(input, SessionTokens.REFRESH_TOKEN_TYPE, allowExpired, Set.of(Scope.REFRESH));
            }
            if (ours.equals("expired")) {
                // jjwt refuses some ill-typed claims (a numeric jti) while parsing, before it looks at exp.
                assertTrue(theirs.equals("expired") || theirs.equals("rejected"), theirs + " for " + input);
            } else if (!ours.equals("rejected")) {
                assertEquals(theirs, ours, "for " + input);
                agreedAccepts.incrementAndGet();
            }
        });
        assertTrue(agreedAccepts.get() > 100, "the generator produces valid tokens: " + agreedAccepts.get());
    }

    /**
     * Both implementations sign the same bytes for the identifiers a PDS uses (ASCII DIDs and token ids), and
     * for any text each verifies the other's tokens to the same claims (their JSON escapes differ in form).
     */
    @Test
    void signsWhatJjwtSigns() {
        Props.forAll(500, r -> {
            Instant t = Instant.ofEpochSecond(r.nextLong(0, 4_000_000_000L), r.nextInt(1_000_000_000));
            Clock clock = Clock.fixed(t, ZoneOffset.UTC);
            SessionTokens ours = new SessionTokens(SECRET, PDS, clock);
            JjwtOracle oracle = new JjwtOracle(SECRET, PDS, clock);
            boolean ascii = r.nextBoolean();
            String did = "did:plc:" + (ascii ? randomAscii(r, 1 + r.nextInt(30)) : textWithEscapes(r, 1 + r.nextInt(30)));
            Duration lifetime = Duration.ofSeconds(1 + r.nextInt(100_000_000));
            boolean refresh = r.nextBoolean();
            String type = refresh ? SessionTokens.REFRESH_TOKEN_TYPE : SessionTokens.ACCESS_TOKEN_TYPE;
            Scope scope = refresh ? Scope.REFRESH
                    : pick(r, Scope.ACCESS, Scope.APP_PASS, Scope.APP_PASS_PRIVILEGED, Scope.TAKENDOWN);
            String jti = !refresh ? null
                    : ascii ? randomAscii(r, 1 + r.nextInt(60)) : textWithEscapes(r, 1 + r.nextInt(60));
            String mine = refresh ? ours.createRefreshToken(did, jti, lifetime)
                    : ours.createAccessToken(did, scope, lifetime);
            String theirs = oracle.sign(type, scope, did, jti, lifetime);
            if (ascii) {
                assertEquals(theirs, mine);
            }
            String expected = did + "|" + scope.value() + "|" + jti + "|" + t.truncatedTo(ChronoUnit.SECONDS) + "|"
                    + t.truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
            for (String jwt : List.of(mine, theirs)) {
                assertEquals(expected, oracle.outcome(jwt, type, false, Set.of(scope)));
                assertEquals(expected, refresh ? claims(ours.verifyRefreshToken(jwt, false))
                        : claims(ours.verifyAccessToken(jwt, Set.of(scope))));
            }
        });
    }

    private static String randomAscii(SplittableRandom r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) r.nextInt(0x20, 0x7f));
        }
        return sb.toString();
    }

    /**
     * Text of whole code points, with characters JSON must escape. No whitespace: jjwt trims it from claim
     * values, which would make the oracle disagree for its own reasons.
     */
    private static String textWithEscapes(SplittableRandom r, int length) {
        int[] codePoints = {'a', 'Z', '0', ':', '+', '/', '"', '\\', 0x01, 0x7f, 0xe9, 0x2713, 0x1f600};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(codePoints[r.nextInt(codePoints.length)]);
        }
        return sb.toString();
    }

    /**
     * A correctly signed token in a form this codec does not write itself: members in any order, unknown
     * members, a {@code kid} header, fractional dates, an audience array; sometimes expired or of the other type.
     */
    private static String validVariant(SplittableRandom r) {
        boolean refresh = r.nextBoolean();
        java.util.List<String> header = new java.util.ArrayList<>(List.of("\"alg\":\"HS256\"",
                "\"typ\":\"" + (refresh ^ r.nextInt(10) == 0 ? "refresh+jwt" : "at+jwt") + "\""));
        if (r.nextBoolean()) {
            header.add("\"kid\":\"k1\"");
        }
        java.util.Collections.shuffle(header, new java.util.Random(r.nextLong()));
        String scope = refresh ? "com.atproto.refresh"
                : pick(r, "com.atproto.access", "com.atproto.appPass", "com.atproto.appPassPrivileged");
        long exp = IAT + pick(r, 7200L, 30L, 60L, -5L);
        java.util.List<String> claims = new java.util.ArrayList<>(List.of(
                "\"scope\":\"" + scope + "\"",
                "\"aud\":" + (r.nextInt(4) == 0 ? "[\"" + PDS + "\"]" : "\"" + PDS + "\""),
                "\"sub\":\"" + DID + "\"",
                "\"iat\":" + (r.nextInt(4) == 0 ? IAT + ".5" : Long.toString(IAT)),
                "\"exp\":" + (r.nextInt(4) == 0 ? exp + ".25" : Long.toString(exp))));
        if (refresh || r.nextInt(4) == 0) {
            claims.add("\"jti\":\"" + textWithEscapes(r, 1 + r.nextInt(10)).replace("\\", "\\\\")
                    .replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "") + "\"");
        }
        if (r.nextBoolean()) {
            claims.add("\"extra\":{\"nested\":[1,2,\"x\"]}");
        }
        if (r.nextInt(4) == 0) {
            claims.add("\"nbf\":" + (IAT + pick(r, 0L, 30L, 1000L)));
        }
        java.util.Collections.shuffle(claims, new java.util.Random(r.nextLong()));
        return Jwt.hs256("{" + String.join(",", header) + "}", "{" + String.join(",", claims) + "}", SECRET);
    }

    private static String claims(AccessClaims c) {
        return c.did() + "|" + c.scope().value() + "|null|" + c.issuedAt() + "|" + c.expiresAt();
    }

    private static String claims(RefreshClaims c) {
        return c.did() + "|" + Scope.REFRESH.value() + "|" + c.jti() + "|" + c.issuedAt() + "|" + c.expiresAt();
    }

    private static String outcome(Supplier<String> verification) {
        try {
            return verification.get();
        } catch (LexiconException e) {
            return e.error() == LexiconError.EXPIRED_TOKEN ? "expired" : "rejected";
        }
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

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... options) {
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
