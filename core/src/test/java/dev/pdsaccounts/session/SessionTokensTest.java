package dev.pdsaccounts.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SessionTokensTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    static final String PDS = "did:web:pds.example.com";
    static final String DID = "did:plc:6msi3pj7krzih5qxqtryxlzw";
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    static final Duration TWO_HOURS = Duration.ofHours(2);
    static final Duration NINETY_DAYS = Duration.ofDays(90);
    static final String COULD_NOT_VERIFY = "Token could not be verified";
    static final ObjectMapper JSON = new ObjectMapper();

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    static SessionTokens tokens(Instant t) {
        return new SessionTokens(SECRET, PDS, at(t));
    }

    private final SessionTokens codec = tokens(T0);
    private final long iat = T0.getEpochSecond();

    static LexiconException fails(LexiconError error, String message, Executable call) {
        LexiconException e = assertThrows(LexiconException.class, call);
        assertEquals(error, e.error());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    static void invalid(Executable call) {
        fails(LexiconError.INVALID_TOKEN, COULD_NOT_VERIFY, call);
    }

    static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(Jwt.decode(jwt.split("\\.")[index]));
    }

    private String signed(String header, String payload) {
        return Jwt.hs256(header, payload, SECRET);
    }

    private String accessPayload(String extra) {
        return "{\"scope\":\"com.atproto.access\",\"aud\":\"" + PDS + "\",\"sub\":\"" + DID + "\",\"iat\":" + iat
                + ",\"exp\":" + (iat + 7200) + extra + "}";
    }

    private static final String AT_HEADER = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}";

    @Test
    void accessTokenRoundTripHasTheReferenceShape() throws Exception {
        String jwt = codec.createAccessToken(DID, Scope.APP_PASS, TWO_HOURS);
        JsonNode header = part(jwt, 0);
        JsonNode payload = part(jwt, 1);
        assertEquals("at+jwt", header.get("typ").asText());
        assertEquals("HS256", header.get("alg").asText());
        assertEquals("com.atproto.appPass", payload.get("scope").asText());
        assertTrue(payload.get("aud").isTextual());
        assertEquals(PDS, payload.get("aud").asText());
        assertEquals(DID, payload.get("sub").asText());
        assertEquals(iat, payload.get("iat").asLong());
        assertEquals(iat + 7200, payload.get("exp").asLong());
        assertFalse(payload.has("jti"));

        AccessClaims claims = codec.verifyAccessToken(jwt, Scope.STANDARD);
        assertEquals(new AccessClaims(DID, Scope.APP_PASS, Instant.ofEpochSecond(iat),
                Instant.ofEpochSecond(iat + 7200)), claims);
    }

    @Test
    void refreshTokenRoundTripHasTheReferenceShape() throws Exception {
        String jti = SessionTokens.newJti(new SecureRandom());
        String jwt = codec.createRefreshToken(DID, jti, NINETY_DAYS);
        assertEquals("refresh+jwt", part(jwt, 0).get("typ").asText());
        JsonNode payload = part(jwt, 1);
        assertEquals("com.atproto.refresh", payload.get("scope").asText());
        assertEquals(PDS, payload.get("aud").asText());
        assertEquals(jti, payload.get("jti").asText());
        assertEquals(iat + 7_776_000, payload.get("exp").asLong());

        RefreshClaims claims = codec.verifyRefreshToken(jwt, false);
        assertEquals(DID, claims.did());
        assertEquals(jti, claims.jti());
        assertEquals(Instant.ofEpochSecond(iat + 7_776_000), claims.expiresAt());
        assertFalse(claims.toString().contains(jti));
    }

    @Test
    void newJtiIs43CharsOfUnpaddedStandardBase64() {
        SecureRandom random = new SecureRandom();
        String a = SessionTokens.newJti(random);
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9+/]{43}"));
        assertNotEquals(a, SessionTokens.newJti(random));
    }

    @Test
    void shortSecretsAreRefusedWithoutPrintingThem() {
        byte[] shortSecret = "s3cr3t-value-31-bytes-long-abcd".getBytes(StandardCharsets.UTF_8);
        assertEquals(31, shortSecret.length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SessionTokens(shortSecret, PDS, at(T0)));
        assertEquals("JWT secret must be at least 32 bytes (256 bits); got 31", e.getMessage());
        new SessionTokens(Arrays.copyOf(SECRET, 32), PDS, at(T0));
        assertFalse(codec.toString().contains("0123456789abcdef"));
    }

    @Test
    void expiryHasZeroLeewayByDefault() {
        String access = codec.createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        Instant exp = Instant.ofEpochSecond(iat + 7200);
        tokens(exp.minusMillis(1)).verifyAccessToken(access, Scope.FULL);
        fails(LexiconError.EXPIRED_TOKEN, "Token has expired",
                () -> tokens(exp).verifyAccessToken(access, Scope.FULL));
        fails(LexiconError.EXPIRED_TOKEN, "Token has expired",
                () -> tokens(exp.plusSeconds(3600)).verifyAccessToken(access, Scope.FULL));

        String refresh = codec.createRefreshToken(DID, "jti-1", NINETY_DAYS);
        SessionTokens later = tokens(T0.plus(NINETY_DAYS).plusSeconds(1));
        fails(LexiconError.EXPIRED_TOKEN, "Token has expired", () -> later.verifyRefreshToken(refresh, false));
        assertEquals("jti-1", later.verifyRefreshToken(refresh, true).jti());
    }

    @Test
    void configuredClockSkewIsTolerated() {
        String access = codec.createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        Instant exp = Instant.ofEpochSecond(iat + 7200);
        Duration skew = Duration.ofSeconds(30);
        new SessionTokens(SECRET, PDS, at(exp.plusSeconds(20)), skew).verifyAccessToken(access, Scope.FULL);
        fails(LexiconError.EXPIRED_TOKEN, "Token has expired", () -> new SessionTokens(SECRET, PDS,
                at(exp.plusSeconds(30)), skew).verifyAccessToken(access, Scope.FULL));
    }

    @Test
    void tamperedOrForeignSignaturesAreInvalid() {
        String jwt = codec.createAccessToken(DID, Scope.APP_PASS, TWO_HOURS);
        String[] parts = jwt.split("\\.");
        String escalated = parts[0] + "." + Jwt.b64(accessPayload("")) + "." + parts[2];
        invalid(() -> codec.verifyAccessToken(escalated, Scope.FULL));

        byte[] otherSecret = Arrays.copyOf(SECRET, SECRET.length);
        otherSecret[0] ^= 1;
        String foreign = new SessionTokens(otherSecret, PDS, at(T0)).createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        invalid(() -> codec.verifyAccessToken(foreign, Scope.FULL));

        String foreignExpired = new SessionTokens(otherSecret, PDS, at(T0.minus(Duration.ofDays(1))))
                .createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        invalid(() -> codec.verifyAccessToken(foreignExpired, Scope.FULL));

        invalid(() -> codec.verifyAccessToken(parts[0] + "." + parts[1] + ".", Scope.FULL));
        invalid(() -> codec.verifyAccessToken(parts[0] + "." + parts[1], Scope.FULL));
    }

    @Test
    void onlyHs256IsAccepted() {
        String none = Jwt.b64("{\"typ\":\"at+jwt\",\"alg\":\"none\"}") + "." + Jwt.b64(accessPayload("")) + ".";
        invalid(() -> codec.verifyAccessToken(none, Scope.FULL));
        String noneWithSig = Jwt.hs256("{\"typ\":\"at+jwt\",\"alg\":\"none\"}", accessPayload(""), SECRET);
        invalid(() -> codec.verifyAccessToken(noneWithSig, Scope.FULL));

        byte[] longSecret = new byte[64];
        Arrays.fill(longSecret, (byte) 7);
        SessionTokens longKey = new SessionTokens(longSecret, PDS, at(T0));
        String hs512 = Jwt.sign("{\"typ\":\"at+jwt\",\"alg\":\"HS512\"}", accessPayload(""), longSecret, "HmacSHA512");
        invalid(() -> longKey.verifyAccessToken(hs512, Scope.FULL));
        String hs256 = Jwt.hs256(AT_HEADER, accessPayload(""), longSecret);
        assertEquals(DID, longKey.verifyAccessToken(hs256, Scope.FULL).did());
    }

    @Test
    void tokenTypesCannotBeSwapped() {
        String access = codec.createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        String refresh = codec.createRefreshToken(DID, "jti-2", NINETY_DAYS);
        invalid(() -> codec.verifyRefreshToken(access, false));
        invalid(() -> codec.verifyRefreshToken(access, true));
        invalid(() -> codec.verifyAccessToken(refresh, Set.of(Scope.values())));
        SessionTokens muchLater = tokens(T0.plus(Duration.ofDays(365)));
        invalid(() -> muchLater.verifyRefreshToken(access, false));
        invalid(() -> muchLater.verifyAccessToken(refresh, Set.of(Scope.values())));
        String untyped = signed("{\"alg\":\"HS256\"}", accessPayload(""));
        invalid(() -> codec.verifyAccessToken(untyped, Scope.FULL));
        String jwtTyped = signed("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", accessPayload(""));
        invalid(() -> codec.verifyAccessToken(jwtTyped, Scope.FULL));
    }

    @Test
    void audienceMustBeThisService() {
        String other = new SessionTokens(SECRET, "did:web:other.example", at(T0))
                .createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        invalid(() -> codec.verifyAccessToken(other, Scope.FULL));
        String noAud = signed(AT_HEADER, "{\"scope\":\"com.atproto.access\",\"sub\":\"" + DID + "\",\"iat\":" + iat
                + ",\"exp\":" + (iat + 60) + "}");
        invalid(() -> codec.verifyAccessToken(noAud, Scope.FULL));
        String twoAud = signed(AT_HEADER, accessPayload("").replace("\"aud\":\"" + PDS + "\"",
                "\"aud\":[\"" + PDS + "\",\"did:web:x\"]"));
        invalid(() -> codec.verifyAccessToken(twoAud, Scope.FULL));
    }

    @Test
    void serviceAuthAndBoundClaimsAreMalformed() {
        fails(LexiconError.INVALID_TOKEN, "Malformed token", () -> codec.verifyAccessToken(
                signed(AT_HEADER, accessPayload(",\"lxm\":\"com.atproto.server.getSession\"")), Scope.FULL));
        fails(LexiconError.INVALID_TOKEN, "Malformed token", () -> codec.verifyAccessToken(
                signed(AT_HEADER, accessPayload(",\"cnf\":{\"jkt\":\"abc\"}")), Scope.FULL));
        fails(LexiconError.INVALID_TOKEN, "Malformed token", () -> codec.verifyAccessToken(
                signed(AT_HEADER, accessPayload("").replace(DID, "alice.example.com")), Scope.FULL));
        fails(LexiconError.INVALID_TOKEN, null, () -> codec.verifyAccessToken(
                signed(AT_HEADER, accessPayload(",\"jti\":42")), Scope.FULL));
    }

    @Test
    void scopesOutsideTheAllowedSetAreRejected() {
        String appPass = codec.createAccessToken(DID, Scope.APP_PASS, TWO_HOURS);
        fails(LexiconError.INVALID_TOKEN, "Bad token scope", () -> codec.verifyAccessToken(appPass, Scope.PRIVILEGED));
        fails(LexiconError.INVALID_TOKEN, "Bad token scope", () -> codec.verifyAccessToken(appPass, Set.of()));
        String unknown = signed(AT_HEADER, accessPayload("").replace("com.atproto.access", "com.atproto.root"));
        fails(LexiconError.INVALID_TOKEN, "Bad token scope", () -> codec.verifyAccessToken(unknown, Scope.STANDARD));
        String refreshScoped = signed(AT_HEADER, accessPayload("").replace("com.atproto.access", "com.atproto.refresh"));
        fails(LexiconError.INVALID_TOKEN, "Bad token scope",
                () -> codec.verifyAccessToken(refreshScoped, Scope.STANDARD));
        String refreshWithAccessScope = Jwt.hs256("{\"typ\":\"refresh+jwt\",\"alg\":\"HS256\"}",
                accessPayload(",\"jti\":\"j\""), SECRET);
        fails(LexiconError.INVALID_TOKEN, "Bad token scope",
                () -> codec.verifyRefreshToken(refreshWithAccessScope, false));
        String refreshWithoutJti = Jwt.hs256("{\"typ\":\"refresh+jwt\",\"alg\":\"HS256\"}",
                accessPayload("").replace("com.atproto.access", "com.atproto.refresh"), SECRET);
        fails(LexiconError.INVALID_TOKEN, null, () -> codec.verifyRefreshToken(refreshWithoutJti, false));
        assertThrows(IllegalArgumentException.class, () -> codec.createAccessToken(DID, Scope.REFRESH, TWO_HOURS));
    }

    @Test
    void garbageAndOversizedInputIsInvalid() {
        String jwt = codec.createAccessToken(DID, Scope.ACCESS, TWO_HOURS);
        for (String bad : new String[] {null, "", ".", "..", "a.b.c", "not a jwt", jwt + "x", jwt.replace('.', ','),
                "x".repeat(100 * 1024), jwt + "." + "A".repeat(9000)}) {
            invalid(() -> codec.verifyAccessToken(bad, Scope.FULL));
            invalid(() -> codec.verifyRefreshToken(bad, true));
        }
        String padded = signed(AT_HEADER, accessPayload(",\"pad\":\"" + "p".repeat(8 * 1024) + "\""));
        invalid(() -> codec.verifyAccessToken(padded, Scope.FULL));
    }

    @Test
    void anEmptyRefreshTokenIdIsMissing() {
        String emptyJti = Jwt.hs256("{\"typ\":\"refresh+jwt\",\"alg\":\"HS256\"}",
                accessPayload(",\"jti\":\"\"").replace("com.atproto.access", "com.atproto.refresh"), SECRET);
        fails(LexiconError.INVALID_TOKEN, "Unexpected missing refresh token id",
                () -> codec.verifyRefreshToken(emptyJti, true));
    }

    @Test
    void signedButAmbiguousOrPrematureTokensAreInvalid() {
        invalid(() -> codec.verifyAccessToken(signed(AT_HEADER, accessPayload(",\"sub\":\"did:plc:other\"")),
                Scope.FULL)); // duplicate member: which sub would a reader take?
        invalid(() -> codec.verifyAccessToken(signed(AT_HEADER, accessPayload(",\"nbf\":" + (iat + 60))),
                Scope.FULL));
        invalid(() -> codec.verifyAccessToken(signed(AT_HEADER, accessPayload("").replace("\"iat\":" + iat,
                "\"iat\":\"2026-01-02T03:04:05Z\"")), Scope.FULL));
        invalid(() -> codec.verifyAccessToken(signed("{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"crit\":[\"exp\"]}",
                accessPayload("")), Scope.FULL));
        invalid(() -> codec.verifyAccessToken(signed(AT_HEADER, "[1,2]"), Scope.FULL));
        assertEquals(DID, codec.verifyAccessToken(signed(AT_HEADER, accessPayload(",\"nbf\":" + iat)), Scope.FULL)
                .did());
        assertEquals(Instant.ofEpochSecond(iat + 7200), codec.verifyAccessToken(signed(AT_HEADER,
                accessPayload("").replace("\"exp\":" + (iat + 7200), "\"exp\":" + (iat + 7200) + ".75")),
                Scope.FULL).expiresAt());
    }
}
